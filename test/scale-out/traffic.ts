/**
 * Write traffic spread across replicas, for the tests that break something in the middle of it (a replica
 * killed, a Redis failover): several lanes write at once, each to the replicas in turn, and every write's
 * end is recorded — acknowledged (the gateway answered it with data: it promised the write is kept) or
 * not (a refused connection, a cut one, an error answer), with when it ended.
 */
import { addDays, isoWeekday } from '../../src/domain/dates.js';
import type { GraphqlResponse } from '../support/graphql.js';
import type { Replica } from '../support/replicas.js';
import { graphqlOn } from '../support/scale-out.js';
import { INVITE } from '../support/scale-out-family.js';

/** One lane: a family writing to `replicas` in turn, one write at a time. */
export interface Lane {
  token: string;
  /** Whose data the lane's writes change (the student a parent shares). */
  studentId: string;
  replicas: readonly Replica[];
}

/** One write and how it ended. */
export interface Write {
  lane: number;
  replica: string;
  /** The id of what was written, when the gateway acknowledged it; else `null`. */
  id: string | null;
  /** Why it was not acknowledged (an error code or a transport failure); `null` when it was. */
  failure: string | null;
  /** `performance.now()` when its answer (or failure) came. */
  endedAt: number;
}

/** Options of {@link writeTraffic}. */
export interface TrafficOptions {
  lanes: readonly Lane[];
  /** Sends one write; resolves with the gateway's answer (a transport failure rejects). */
  send: (replica: Replica, lane: Lane) => Promise<GraphqlResponse<unknown>>;
  /** Reads the written id from an answer that has data and no errors. */
  idOf: (answer: GraphqlResponse<unknown>) => string;
  /** Called before each write: `true` stops the lane (checked again after every write of every lane). */
  stop: (writes: readonly Write[]) => boolean;
  /** Called after each write ends (a test breaks something from here). */
  onWrite?: (write: Write, writes: readonly Write[]) => void;
  /** A pause between one lane's writes, so traffic spans the break without exhausting the rate limit. */
  pauseMs: number;
  /** At most this many writes in all, a bound should `stop` never hold. */
  maxWrites: number;
}

/**
 * Writes that change the store and can be read back: the lane's family invites a trusted person to its
 * student (each invitation a grant of its own, listed in `viewer.trustedPersons`).
 */
export const INVITATIONS: Pick<TrafficOptions, 'send' | 'idOf'> = {
  send: (replica, lane) =>
    graphqlOn(replica, lane.token, INVITE, { studentId: lane.studentId, name: 'Иванова Галина Петровна' }),
  idOf: (answer) =>
    (answer.body.data as { inviteTrustedPerson: { grant: { id: string } } }).inviteTrustedPerson.grant.id,
};

/** Runs the lanes until `stop` (or `maxWrites`); resolves with every write in the order they ended. */
export async function writeTraffic(options: TrafficOptions): Promise<Write[]> {
  const writes: Write[] = [];
  let started = 0;
  const runLane = async (lane: Lane, laneIndex: number) => {
    for (let turn = laneIndex; !options.stop(writes) && started < options.maxWrites; turn += 1) {
      started += 1;
      const replica = lane.replicas[turn % lane.replicas.length]!;
      const write = await settle(laneIndex, replica, () => options.send(replica, lane), options.idOf);
      writes.push(write);
      options.onWrite?.(write, writes);
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  await Promise.all(options.lanes.map(runLane));
  return writes;
}

async function settle(
  lane: number,
  replica: Replica,
  send: () => Promise<GraphqlResponse<unknown>>,
  idOf: (answer: GraphqlResponse<unknown>) => string,
): Promise<Write> {
  const ended = (id: string | null, failure: string | null): Write => ({
    lane,
    replica: replica.name,
    id,
    failure,
    endedAt: performance.now(),
  });
  try {
    const answer = await send();
    if (answer.status === 200 && answer.body.data && !answer.body.errors) return ended(idOf(answer), null);
    return ended(null, `${answer.status} ${answer.body.errors?.[0]?.extensions?.code ?? 'no code'}`);
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return ended(null, `no answer: ${cause ?? (error as Error).message}`);
  }
}

/** The acknowledged writes' ids. */
export function acknowledged(writes: readonly Write[]): string[] {
  return writes.flatMap((write) => (write.id === null ? [] : [write.id]));
}

/** The first day after `today` that is a weekday (Monday to Friday) and that `taken` does not hold. */
export function nextFreeWeekday(today: string, taken: ReadonlySet<string>): string {
  for (let day = addDays(today, 1); ; day = addDays(day, 1)) {
    if (isoWeekday(day) <= 5 && !taken.has(day)) return day;
  }
}
