/**
 * A Redis failover in the middle of write traffic, as the scale-out suite checks it on Sentinel: families
 * write through A and B while the Redis under them fails over; every write the gateway acknowledged must
 * be readable afterwards, and both replicas must acknowledge writes again, on their own, within
 * {@link RECOVERY_BOUND_MS} of the failover.
 */
import { expect } from 'vitest';
import { noErrors } from '../support/graphql.js';
import type { Replica } from '../support/replicas.js';
import { graphqlOn, signInOn, type ScaleOut } from '../support/scale-out.js';
import { linkOn, studentNamed, TRUSTED_PERSONS } from '../support/scale-out-family.js';
import { acknowledged, INVITATIONS, writeTraffic, type Lane, type Write } from './traffic.js';

/**
 * How long after the failover the replicas may take to acknowledge writes again: ioredis learns the new
 * master from the sentinel's `+switch-master`, or when the old master refuses a write (`READONLY`). A
 * bound, not a goal: generous, as two cores run the rest of the suite beside it.
 */
export const RECOVERY_BOUND_MS = 20_000;
/** Acknowledged writes before the failover is asked for, and after it on each replica to call it recovered. */
const WRITES_BEFORE = 8;
const WRITES_AFTER_PER_REPLICA = 3;

/** What {@link writeThroughFailover} saw: every write, and when the failover was done. */
export interface FailoverTraffic {
  writes: Write[];
  /** `performance.now()` when `failover` resolved. */
  failedOverAt: number;
}

/**
 * Four families write through A and B in turn; after {@link WRITES_BEFORE} acknowledged writes `failover`
 * is called, and the traffic goes on until both replicas have acknowledged writes again (or the bound
 * passed). Then every acknowledged write is read back through A and B.
 */
export async function writeThroughFailover(
  world: ScaleOut,
  failover: () => Promise<unknown>,
): Promise<FailoverTraffic> {
  const [a, b] = world.replicas as [Replica, Replica];
  // A lane per family: traffic that spans the failover stays within each session's allowance.
  const lanes: Lane[] = await Promise.all(
    [0, 1, 2, 3].map(async (index) => {
      const token = await signInOn(a, world.nextParent());
      await linkOn(world, a, token, 'mesh-mosreg');
      return { token, studentId: await studentNamed(b, token, 'Полина'), replicas: index % 2 ? [a, b] : [b, a] };
    }),
  );
  // Where the failover is, set from the traffic's callbacks.
  const failing: { over: Promise<void> | null; doneAt: number | null; error: Error | null } = {
    over: null,
    doneAt: null,
    error: null,
  };
  const writes = await writeTraffic({
    lanes,
    ...INVITATIONS,
    onWrite: (_write, done) => {
      if (failing.over !== null || acknowledged(done).length < WRITES_BEFORE) return;
      failing.over = failover().then(
        () => void (failing.doneAt = performance.now()),
        (error: unknown) => void (failing.error = error instanceof Error ? error : new Error(String(error))),
      );
    },
    stop: (done) =>
      failing.error !== null ||
      (failing.doneAt !== null &&
        (recovered(done, failing.doneAt) || performance.now() - failing.doneAt > RECOVERY_BOUND_MS)),
    pauseMs: 250,
    maxWrites: 1_000,
  });
  await failing.over;
  if (failing.error) throw failing.error;
  if (failing.doneAt === null) throw new Error(`the traffic ended before the failover did (${writes.length} writes)`);
  const traffic = { writes, failedOverAt: failing.doneAt };
  expect(recovered(writes, traffic.failedOverAt), describeWrites(traffic)).toBe(true);

  for (const [index, lane] of lanes.entries()) {
    for (const replica of [a, b]) {
      const grants = noErrors(await graphqlOn(replica, lane.token, TRUSTED_PERSONS)).viewer.trustedPersons;
      const kept = new Set(grants.map((grant) => grant.id));
      const lost = writes.filter((write) => write.lane === index && write.id !== null && !kept.has(write.id));
      expect(
        lost.map(describeWrite(traffic.failedOverAt)),
        `lost on ${replica.name}; ${describeWrites(traffic)}`,
      ).toEqual([]);
    }
  }
  return traffic;
}

/** Whether A and B each acknowledged enough writes that ended after the failover. */
function recovered(writes: readonly Write[], failedOverAt: number): boolean {
  return ['A', 'B'].every(
    (name) =>
      writes.filter((write) => write.replica === name && write.id !== null && write.endedAt > failedOverAt).length >=
      WRITES_AFTER_PER_REPLICA,
  );
}

const describeWrite = (failedOverAt: number) => (write: Write) =>
  `${(write.endedAt - failedOverAt).toFixed(0)} ms (from the failover's end) through ${write.replica}: ${write.failure ?? 'acknowledged'}`;

/** Every write around the failover in words, for a failure message. */
function describeWrites({ writes, failedOverAt }: FailoverTraffic): string {
  return `every write:\n${writes.map(describeWrite(failedOverAt)).join('\n')}`;
}
