/**
 * The cold path's chain of waits (issue 15): every diary call of a dashboard is timed at the gateway's
 * transport (real simulators over loopback HTTP, each answering after a fixed delay), and the longest chain
 * of calls that started only after another had answered is counted per diary, as the bench's `chainDepth`
 * does. Cold, each diary waits only for what its API forces; with the family's structure known (profile
 * ids, periods, work types, subjects, timetables: `UpstreamScope.structure`), every data call of a diary
 * starts in the first wave and no structure route is called, though every data resource is revalidated.
 */
import { describe, expect, it } from 'vitest';
import { chainDepth } from '../../bench/upstream-calls.js';
import type { DemoSimulators } from '../../src/demo/demo-simulators.js';
import { startTestGateway, TEST_DASHBOARD_DAYS } from '../support/gateway.js';
import { operation } from '../support/graphql.js';
import { STRUCTURE_ROUTES, timedTransport, type TimedCall } from '../support/timed-calls.js';

/** Delay of every simulated answer: long enough that a call started after another's answer is plain. */
const LATENCY_MS = 60;

/** Every data resource revalidated on every request (as the bench's fault scenario); structure and profile keep their defaults. */
const DATA_REVALIDATED =
  'subjects=0,periods=0,averages=0,grades=0,homework=0,schedule=0,attendance=0,non-school-days=0';

/** The family page's dashboard, for every child: today's lessons, a week of homework, recent grades, averages. */
const DASHBOARD = operation<{ viewer: { students: { firstName: string }[] } }>(/* GraphQL */ `
  query StructureDashboard($today: Date!, $homeworkUntil: Date!, $gradesSince: Date!) {
    viewer {
      students {
        firstName
        schedule(from: $today, to: $today) {
          id
          startsAt
          subject {
            name
          }
          homework {
            text
          }
          absence {
            kind
          }
        }
        homework(from: $today, to: $homeworkUntil) {
          id
          subject {
            name
          }
        }
        grades(from: $gradesSince, to: $today) {
          id
          weight
        }
        averages {
          average
          providerAverage
        }
      }
    }
  }
`);

const VARIABLES = {
  today: TEST_DASHBOARD_DAYS.today,
  homeworkUntil: TEST_DASHBOARD_DAYS.homeworkUntil,
  gradesSince: TEST_DASHBOARD_DAYS.gradesSince,
};

/** The calls of one simulator. */
function callsOf(simulator: { url: string }, calls: readonly TimedCall[]): TimedCall[] {
  const origin = new URL(simulator.url).origin;
  return calls.filter((call) => call.origin === origin);
}

/** The chain of waits of each diary's calls, by simulator name. */
function chainsBySimulator(simulators: DemoSimulators, calls: readonly TimedCall[]): Record<string, number> {
  return Object.fromEntries(
    Object.entries(simulators).map(([name, simulator]) => [name, chainDepth(callsOf(simulator, calls))]),
  );
}

/** When a call answered. */
const endOf = (call: TimedCall) => call.at + (call.ms ?? Infinity);

/** A gateway over the demo simulators, every answer `LATENCY_MS` late, every call timed; data revalidated on every request. */
async function timedGateway() {
  const { transport, calls } = timedTransport();
  const test = await startTestGateway({ CACHE_FRESHNESS: DATA_REVALIDATED }, undefined, { transport });
  const simulators = test.gateway.demo!.simulators;
  for (const simulator of Object.values(simulators)) simulator.setLatency(LATENCY_MS);
  // The demo's own linking at start is no part of a dashboard.
  calls.length = 0;
  return { test, simulators, calls };
}

describe('the chain of waits of a dashboard, per diary', () => {
  it('cold: Dnevnik.ru asks the schools beside the groups and the averages beside the final marks', async () => {
    const { test, simulators, calls } = await timedGateway();
    expect((await test.graphql(DASHBOARD, VARIABLES)).body.errors).toBeUndefined();
    const dnevnik = callsOf(simulators.dnevnik, calls);
    const routed = (route: string) => dnevnik.filter((call) => call.route === route);
    const [schools, groups] = [routed('/v2/schools/{school}'), routed('/v2/persons/{person}/edu-groups')];
    const [averages, finals] = [
      routed('/v2/edu-groups/{group}/reporting-periods/{period}/avg-marks/{date}'),
      routed('/v2/persons/{person}/edu-groups/{group}/allfinalmarks'),
    ];
    expect(schools.length * groups.length * averages.length * finals.length).toBeGreaterThan(0);
    // Neither waits for the other's answer: each school is asked before any class group has answered …
    for (const school of schools) expect(school.at).toBeLessThan(Math.min(...groups.map(endOf)));
    // … and each period's averages before the final marks answered.
    for (const average of averages) expect(average.at).toBeLessThan(Math.min(...finals.map(endOf)));
    // user, context, relatives → groups and schools → the child's data → the current period's averages.
    expect(chainsBySimulator(simulators, calls).dnevnik).toBeLessThanOrEqual(4);
  });

  it('cold: no grades are asked for a month after today', async () => {
    const { test, simulators, calls } = await timedGateway();
    expect((await test.graphql(DASHBOARD, VARIABLES)).body.errors).toBeUndefined();
    const today = VARIABLES.today;
    const meshMarks = [...callsOf(simulators.mesh, calls), ...callsOf(simulators.meshRegion, calls)].filter((call) =>
      call.route.endsWith('/family/mobile/v1/marks'),
    );
    const dnevnikMarks = callsOf(simulators.dnevnik, calls).filter((call) => call.route.endsWith('/marks/{from}/{to}'));
    expect(meshMarks.length * dnevnikMarks.length).toBeGreaterThan(0);
    // The current period reaches into the next year; its grades are asked up to today only (whole months).
    for (const call of meshMarks) expect(call.url.searchParams.get('from')! <= today).toBe(true);
    for (const call of dnevnikMarks) expect(call.url.pathname.split('/').at(-2)! <= `${today}T23:59:59`).toBe(true);
  });

  it('with the structure known, every data call of every diary is in the first wave, МЭШ reads no schedule day, and no structure route is called', async () => {
    const { test, simulators, calls } = await timedGateway();
    expect((await test.graphql(DASHBOARD, VARIABLES)).body.errors).toBeUndefined();
    calls.length = 0;
    // Every data resource is out of date (windows of 0 s): the same dashboard again asks all its data.
    expect((await test.graphql(DASHBOARD, VARIABLES)).body.errors).toBeUndefined();
    expect(calls.filter((call) => STRUCTURE_ROUTES.includes(call.route)).map((call) => call.route)).toEqual([]);
    const chains = chainsBySimulator(simulators, calls);
    expect(chains.dnevnik).toBe(1);
    expect(chains.eljur).toBe(1);
    for (const mesh of [simulators.mesh, simulators.meshRegion]) {
      // МЭШ's lesson numbers and teachers are kept as structure too: no `schedule` day waits for the
      // calendar; and the parent's notices, which decide a missed lesson's absence (the demo's children each
      // miss one today), are asked beside the calendar rather than after it.
      const own = callsOf(mesh, calls);
      expect(own.filter((call) => call.route.endsWith('/family/mobile/v1/schedule'))).toEqual([]);
      expect(own.some((call) => call.route.endsWith('/family/mobile/v1/attendance'))).toBe(true);
      expect(chainDepth(own)).toBe(1);
    }
  });
});
