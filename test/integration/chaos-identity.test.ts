/**
 * Issue 11 §2, chaos: a child's identity never flaps because a call failed. Over simulated weeks, every
 * route a profile read calls, in every diary, fails and heals at random (one route at a time or several,
 * as a 503, a 502 or a broken connection, in front of the real simulators), the simulators' own fault
 * modes switch on and off, the clock jumps past every cache window (fresh, revalidate, stale-if-error),
 * breakers open and close, and the gateway restarts on the same store — the file store AND the Redis
 * store. Through all of it the demo parent sees the same students with the same ids, enrollments,
 * schools and classes, the same (no) match suggestions, and the grandmother keeps the child shared with
 * her. Faults and time steps come from a seeded generator, so a failing round replays exactly
 * (`CHAOS_SEED` picks another sequence). No assertion is about how long anything took.
 */
import { join } from 'node:path';
import { describe, expect, it, onTestFailed } from 'vitest';
import { mulberry32 } from '../../src/demo/generator/random.js';
import type { ProviderKind } from '../../src/domain/model.js';
import type { Enrollment, School, Student, StudentMatchSuggestion } from '../../src/domain/schema-types.generated.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, noErrors, operation } from '../support/graphql.js';
import { SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import { ALL_PROFILE_ROUTES, createRouteFaults, type RouteFault, type RouteFaults } from '../support/route-faults.js';
import { tempDir } from '../support/temp-dir.js';
import { signIn } from '../support/oidc-browser.js';

// Lazy: the file half needs no Redis; the Redis half connects in its test and fails without one.
const shared = useSharedRedis({ lazy: true });

const SEED = Number(process.env.CHAOS_SEED ?? 20261123);
const ROUNDS = 36;
/** Every this many rounds the gateway is closed and started again on the same store. */
const RESTART_EVERY = 6;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * Steps of the clock, chosen at random each round: within the profile's fresh window (10 min), within
 * its revalidate window (a day: a stale copy is served and refreshed behind), past it (the diary is asked
 * while the request waits), and past the stale-if-error age (7 days: no cached copy is left, the store's
 * snapshot is all there is).
 */
const STEPS = [3 * MINUTE, 40 * MINUTE, 5 * HOUR, 26 * HOUR, 26 * HOUR, 8 * 24 * HOUR] as const;
/** The simulators' own fault modes: a whole diary failing, each in its own way. */
const SIMULATOR_FAULTS: Readonly<Record<ProviderKind, readonly string[]>> = {
  MESH: ['down', 'server-error', 'html-403', 'malformed'],
  DNEVNIK: ['maintenance', 'server-error', 'html-error', 'error-in-200', 'malformed'],
  ELJUR: ['server-error', 'malformed', 'unknown-vendor'],
};
const ROUTE_FAULTS: readonly RouteFault[] = ['unavailable', 'bad-gateway', 'reset'];

/** A small seeded generator: the same seed gives the same chaos. */
function seeded(seed: number) {
  const next = mulberry32(seed);
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

interface Backend {
  name: 'file' | 'redis';
  /** The settings of a gateway on a fresh, empty store of this kind (the same for every restart). */
  fresh(): Promise<Record<string, string>>;
}

const backends: Backend[] = [
  {
    name: 'file',
    async fresh() {
      const directory = await tempDir('dg-chaos-identity-');
      // No Redis at all: a restart starts with an empty cache, so the store's snapshot is the last good copy.
      return { STORE: 'file', STORE_FILE: join(directory, 'store.json') };
    },
  },
  {
    name: 'redis',
    async fresh() {
      await shared.connect();
      // The store and the cache's shared tier: cached profiles outlive a restart too.
      return { STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: shared.prefix() };
    },
  },
];

/**
 * Sessions outlive the simulated weeks, and the per-session allowance (counted in real time by Redis) is
 * no part of this test; every other setting is the default (retries, breakers, cache windows).
 */
const SETTINGS = { SESSION_TTL_HOURS: String(24 * 365), SESSION_RATE_LIMIT_PER_MINUTE: '100000' };
/**
 * The pauses between retries, a tenth of the defaults; every failing route is still retried as often. How
 * long they are is no part of this test (breakers and cache windows read the moved clock, not the timers),
 * and at the defaults the reads spent more than half of the file's time asleep in them.
 */
const RETRY_BACKOFF = { baseDelayMs: 10, maxDelayMs: 100 };

/** A child as FAMILY and SHARED_WITH_ME select it (each selects some of these). */
type FamilyStudent = Pick<Student, 'id' | 'fullName'> & {
  enrollments: (Pick<Enrollment, 'provider' | 'className'> & { school: Pick<School, 'id'> })[];
};

const FAMILY = operation<{
  viewer: { students: FamilyStudent[]; studentMatchSuggestions: Pick<StudentMatchSuggestion, 'id'>[] };
}>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        fullName
        birthDate
        enrollments {
          provider
          school {
            id
            name
          }
          className
        }
      }
      studentMatchSuggestions {
        id
        reason
        students {
          id
        }
      }
    }
  }
`);
const SHARED_WITH_ME = operation<{ viewer: { students: FamilyStudent[] } }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        fullName
        access
        enrollments {
          provider
          school {
            id
          }
          className
        }
      }
    }
  }
`);

/** Switches this round's faults: each profile route fails with some chance, and now and then a whole diary. */
function scatterFaults(random: ReturnType<typeof seeded>, faults: RouteFaults, target: TestGateway): string[] {
  const plan: string[] = [];
  faults.heal();
  for (const route of ALL_PROFILE_ROUTES) {
    if (!random.chance(0.3)) continue;
    const fault = random.pick(ROUTE_FAULTS);
    faults.fail(route, fault);
    plan.push(`${route}=${fault}`);
  }
  const { mesh, dnevnik, eljur } = target.gateway.demo!.simulators;
  const simulators = { MESH: mesh, DNEVNIK: dnevnik, ELJUR: eljur };
  for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const) {
    const mode = random.chance(0.12) ? random.pick(SIMULATOR_FAULTS[provider]) : 'none';
    simulators[provider].setFault(mode as never);
    if (mode !== 'none') plan.push(`${provider}:${mode}`);
  }
  return plan;
}

describe.each(backends)('identity through flapping profile routes and restarts, STORE=$name', (backend) => {
  it(`should keep every student, id, enrollment, suggestion and grant for ${ROUNDS} rounds over simulated weeks`, async () => {
    const random = seeded(SEED);
    const time = movingTime();
    const faults = createRouteFaults();
    const environment = { ...(await backend.fresh()), ...SETTINGS };
    const start = () =>
      startTestGateway(environment, time.now, { transport: faults.transport, retryBackoff: RETRY_BACKOFF });
    let target = await start();

    // The family as the parent settles it: Артём's chess club (same name, no birth date) confirmed as him.
    const first = noErrors(await target.graphql(FAMILY)).viewer;
    expect(first.studentMatchSuggestions).toHaveLength(1);
    noErrors(
      await target.graphql(`mutation($id: ID!) { confirmStudentMatch(suggestionId: $id) { suggestionId } }`, {
        id: first.studentMatchSuggestions[0]!.id,
      }),
    );
    const baseline = noErrors(await target.graphql(FAMILY)).viewer;
    expect(baseline.students.map((student) => student.fullName)).toEqual([
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(baseline.studentMatchSuggestions).toEqual([]);
    const maria = baseline.students.find((student) => student.fullName === 'Иванова Мария Олеговна')!;
    const artem = baseline.students.find((student) => student.fullName === 'Иванов Артём Олегович')!;
    expect(maria.enrollments.map((enrollment) => enrollment.provider)).toEqual(['MESH', 'ELJUR']);
    expect(artem.enrollments.map((enrollment) => enrollment.provider)).toEqual(['MESH', 'DNEVNIK']);

    // Мария shared with her grandmother, who accepts.
    const { family } = target.gateway.demo!;
    const invitation = noErrors(
      await target.graphql<{ inviteTrustedPerson: { code: string } }>(
        `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code } }`,
        {
          input: { studentId: maria.id, snils: family.grandmother.snils },
        },
      ),
    ).inviteTrustedPerson;
    const grandmother = await signIn(target.url, 'grandma', 'bearer');
    noErrors(
      await target.graphql(
        `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
        { code: invitation.code },
        grandmother,
      ),
    );
    const sharedBaseline = noErrors(await target.graphql(SHARED_WITH_ME, {}, grandmother)).viewer;
    expect(sharedBaseline.students).toEqual([
      { id: maria.id, fullName: maria.fullName, access: 'TRUSTED_READ_ONLY', enrollments: expect.any(Array) },
    ]);

    let simulatedMs = 0;
    let restarts = 0;
    let failedRounds = 0;
    // Should a round hang until the test's timeout, say which one and under which faults.
    let progress = 'setting up';
    onTestFailed(() => {
      console.error(`chaos-identity STORE=${backend.name} failed at: ${progress}`);
    });
    for (let round = 1; round <= ROUNDS; round++) {
      const step = random.pick(STEPS);
      time.advance(step);
      simulatedMs += step;
      if (round % RESTART_EVERY === 0) {
        progress = `seed ${SEED}, round ${round}, restarting the gateway`;
        faults.heal(); // the demo's start renews its credentials without calling a diary; faults come back below
        await target.gateway.close();
        target = await start();
        restarts += 1;
      }
      const plan = scatterFaults(random, faults, target);
      const context = `seed ${SEED}, round ${round}, after ${Math.round(simulatedMs / HOUR)} h, faults: ${plan.join(', ') || 'none'}`;
      progress = context;

      const answer = await target.graphql(FAMILY);
      expect(dataOf(answer).viewer, `${context}\n${answer.text}`).toEqual(baseline);
      if (answer.body.errors) failedRounds += 1;
      // A diary failing now is reported, never hidden, and the children come from the last good copy.
      for (const error of answer.body.errors ?? [])
        expect(error.extensions, context).toMatchObject({ staleDataServed: true });
      expect(dataOf(await target.graphql(SHARED_WITH_ME, {}, grandmother)).viewer, context).toEqual(sharedBaseline);

      // Ten seconds on, with the same faults: whatever the first request or its background refresh cached
      // (or an open breaker refusing every call) changes nothing.
      time.advance(10_000);
      simulatedMs += 10_000;
      expect(dataOf(await target.graphql(FAMILY)).viewer, context).toEqual(baseline);
    }

    // Every route healed, past every window: the diaries answer again and nothing has moved.
    progress = 'the final round, every route healed';
    faults.heal();
    for (const simulator of Object.values(target.gateway.demo!.simulators)) simulator.setFault('none');
    time.advance(26 * HOUR);
    simulatedMs += 26 * HOUR;
    await target.gateway.close();
    target = await start();
    expect(noErrors(await target.graphql(FAMILY)).viewer).toEqual(baseline);
    expect(noErrors(await target.graphql(SHARED_WITH_ME, {}, grandmother)).viewer).toEqual(sharedBaseline);

    // The chaos really happened: routes of every diary failed, and so did whole answers.
    const failed = [...faults.failedCalls().keys()].map((route) => route.split(' ')[0]);
    expect(new Set(failed)).toEqual(new Set(['MESH', 'DNEVNIK', 'ELJUR']));
    expect(failedRounds).toBeGreaterThan(ROUNDS / 3);
    console.info(
      `chaos-identity STORE=${backend.name}: seed ${SEED}, ${ROUNDS} rounds (${ROUNDS * 2 + 1} family reads), ` +
        `${Math.round(simulatedMs / HOUR)} simulated hours, ${restarts + 1} restarts, ${failedRounds} rounds with a failing diary, ` +
        `${[...faults.failedCalls().values()].reduce((sum, count) => sum + count, 0)} failed profile calls; ids, enrollments, suggestions and grants unchanged`,
    );
  }, 240_000);
});
