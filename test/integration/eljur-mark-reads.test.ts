/**
 * Eljur reads each mark once per request (issue 11): grades and attendance are read through the same
 * `getmarks` calls over whole started periods that the averages, the subjects and homework's subject ids
 * make (`adapters/eljur/range-marks.ts`), and those calls never depend on `getperiods` succeeding. Real
 * simulator over loopback HTTP; the gateway test counts what the simulator received for one query.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { startEljurSimulator, type EljurSimulator } from '../../adapters/eljur/simulator/index.js';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../src/domain/adapter.js';
import { calendarMonths } from '../../src/domain/calendar-months.js';
import { addDays } from '../../src/domain/dates.js';
import type { DateRange, ProviderStudent } from '../../src/domain/model.js';
import type { DemoChild } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../src/upstream/tolerant-decode.js';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway, TEST_NOW, testClock } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const family = generateDemoFamily({ today: TODAY });
const account = family.accounts.find((each) => each.provider === 'ELJUR')!;
const lev = family.children.find((child) => child.key === 'lev')!;
const eljurAccount: ProviderAccount = { id: 'eljur-marks', provider: 'ELJUR', credentials: { token: account.token } };

/** `YYYY-MM-DD` → Eljur's `days` bound. */
const dayKey = (date: string) => date.replaceAll('-', '');
const daysOf = (range: { from: string; to: string } | { start: string; end: string }) =>
  'from' in range ? `${dayKey(range.from)}-${dayKey(range.to)}` : `${dayKey(range.start)}-${dayKey(range.end)}`;

/** The child's periods that have started by `today` (the ones Eljur does not send as `disabled`). */
function startedPeriods(child: DemoChild, today: string) {
  return child.periods.filter((period) => period.start <= today);
}

/** The child's marks (grades, not absences) dated within `range`, as `date value` sorted. */
function marksWithin(child: DemoChild, range: DateRange): string[] {
  return child.marks
    .filter((mark) => mark.date >= range.from && mark.date <= range.to)
    .map((mark) => `${mark.date} ${mark.value}`)
    .sort();
}

/** A child in a DASHBOARD answer, as the test reads it. */
interface DashboardStudent {
  firstName: string;
  grades: { date: string; value: { raw: string } }[];
  averages: { providerAverage: number | null }[];
  homework: { subject: { id: string } }[];
}

/** Grades of the last two weeks, the current period's averages and this week's homework. */
const DASHBOARD = operation<{ viewer: { students: DashboardStudent[] } }>(/* GraphQL */ `
  query Dashboard($recentFrom: Date!, $today: Date!, $weekFrom: Date!, $weekTo: Date!) {
    viewer {
      students {
        firstName
        enrollments {
          provider
        }
        grades(from: $recentFrom, to: $today) {
          id
          date
          value {
            raw
          }
        }
        averages {
          subject {
            id
          }
          providerAverage
          gradeCount
        }
        homework(from: $weekFrom, to: $weekTo) {
          id
          subject {
            id
          }
        }
      }
    }
  }
`);

describe('one dashboard query on Eljur', () => {
  it('reads each started period’s marks once and no month that lies inside a started period', async () => {
    const test = await startTestGateway();
    const simulator = test.gateway.demo!.simulators.eljur;
    const today = TEST_NOW.toISOString().slice(0, 10);
    const dates = { recentFrom: addDays(today, -13), today, weekFrom: addDays(today, -6), weekTo: today };
    simulator.clearRequests();
    const answer = await test.graphql(DASHBOARD, dates);
    const { students } = noErrors(answer).viewer;

    const eljurChildren = test.gateway.demo!.family.children.filter((child) => child.provider === 'ELJUR');
    expect(eljurChildren.length).toBeGreaterThan(0);
    for (const child of eljurChildren) {
      const calls = simulator.requests.filter((request) => request.query.student === String(child.studentId));
      const count = (method: string) => calls.filter((request) => request.path === `/apiv3/${method}`);
      const marksDays = count('getmarks').map((request) => request.query.days!);
      const started = startedPeriods(child, today);
      expect(started.length).toBeGreaterThan(1);

      expect(count('getperiods')).toHaveLength(1);
      // Every started period once (the averages and homework need them; grades share them)…
      for (const period of started) expect(marksDays.filter((days) => days === daysOf(period))).toHaveLength(1);
      // …and any other call reads only days outside every started period (here: the current period's
      // last month, past its end), each once.
      const others = marksDays.filter((days) => !started.some((period) => days === daysOf(period)));
      for (const days of others) {
        const [from, to] = days.split('-') as [string, string];
        expect(started.some((period) => dayKey(period.start) <= to && from <= dayKey(period.end))).toBe(false);
      }
      expect(new Set(marksDays).size).toBe(marksDays.length);
    }

    // Nothing lost: Лев's recent grades are every mark of the range, and his averages and homework came.
    const student = students.find((each) => each.firstName === 'Лев')!;
    const levChild = test.gateway.demo!.family.children.find((child) => child.key === 'lev')!;
    expect(student.grades.map((grade) => `${grade.date} ${grade.value.raw}`).sort()).toEqual(
      marksWithin(levChild, { from: dates.recentFrom, to: today }),
    );
    expect(student.averages.length).toBeGreaterThan(0);
    expect(student.averages.some((average) => average.providerAverage !== null)).toBe(true);
    expect(student.homework.length).toBeGreaterThan(0);
    expect(student.homework.every((item) => /^eljur:\d+$/.test(item.subject.id))).toBe(true);
  });
});

/** Waits until the simulator has had no new request for a while: background refreshes have finished. */
async function settled(simulator: EljurSimulator): Promise<void> {
  for (let quiet = 0, seen = -1; quiet < 4;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    quiet = simulator.requests.length === seen ? quiet + 1 : 0;
    seen = simulator.requests.length;
  }
}

describe('a dashboard refresh that finds only the grades out of date', () => {
  it('reads no periods and no more getmarks calls than the grades’ months, each call once', async () => {
    const clock = testClock();
    const test = await startTestGateway({}, clock.now);
    const simulator = test.gateway.demo!.simulators.eljur;
    const today = TEST_NOW.toISOString().slice(0, 10);
    const dates = { recentFrom: addDays(today, -13), today, weekFrom: addDays(today, -6), weekTo: today };
    expect((await test.graphql(DASHBOARD, dates)).body.errors).toBeUndefined();
    await settled(simulator);
    // Three minutes on, grades are past their fresh window (2 min) and refreshed behind the answer; the
    // periods (30 min), averages (10 min) and homework (5 min) are still fresh.
    clock.advance(3 * 60_000);
    simulator.clearRequests();
    expect((await test.graphql(DASHBOARD, dates)).body.errors).toBeUndefined();
    await settled(simulator);

    for (const child of test.gateway.demo!.family.children.filter((each) => each.provider === 'ELJUR')) {
      const calls = simulator.requests.filter((request) => request.query.student === String(child.studentId));
      const marksDays = calls.filter((call) => call.path === '/apiv3/getmarks').map((call) => call.query.days!);
      expect(calls.filter((call) => call.path === '/apiv3/getperiods')).toEqual([]);
      expect(new Set(marksDays).size).toBe(marksDays.length);
      // The grades' months: the recent range's and the current period's (the weighted average), as the
      // month calls were before.
      const period = startedPeriods(child, today).at(-1)!;
      expect(marksDays.length).toBeLessThanOrEqual(calendarMonths({ from: dates.recentFrom, to: period.end }).length);
      expect(marksDays).toContain(daysOf(period));
    }
  });
});

describe('Eljur grades through the per-period calls (adapter against the simulator)', () => {
  let simulator: EljurSimulator;
  let student: ProviderStudent;
  /** Methods the next requests fail with a 503, as a proxy in front of a broken route would. */
  const failing = new Set<string>();
  const real = createUndiciTransport();
  const transport: HttpTransport = async (request) => {
    const method = request.url.pathname.split('/').at(-1)!;
    if (failing.has(method)) return { status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>503</h1>' };
    return real(request);
  };
  let clock = NOW.getTime();
  const newAdapter = (): ProviderAdapter =>
    createEljurAdapter({
      transport,
      baseUrl: simulator.url,
      devkey: simulator.devkey,
      vendor: simulator.vendor,
      timeZone: 'Europe/Samara',
      now: () => new Date(clock),
    });
  const scope = (): UpstreamScope => createRequestScope(10_000);
  /** The methods (and `days`) the simulator received since the last call, in order. */
  const received = () => {
    const calls = simulator.requests.map((request) =>
      request.query.days === undefined ? request.path.slice(7) : `${request.path.slice(7)} ${request.query.days}`,
    );
    simulator.clearRequests();
    return calls;
  };
  const [q1, q2] = lev.periods as [DemoChild['periods'][number], DemoChild['periods'][number]];
  /** Ten days either side of the boundary between the first two periods. */
  const crossing = { from: addDays(q2.start, -10), to: addDays(q2.start, 9) };

  beforeAll(async () => {
    simulator = await disposedWhenDone(startEljurSimulator({ family, now: () => NOW }));
    const profile = await newAdapter().fetchProfile(eljurAccount, scope());
    student = profile.students.find((candidate) => candidate.externalId === String(lev.studentId))!;
    expect(crossing.to <= TODAY && q2.start <= TODAY).toBe(true);
  });

  afterEach(() => {
    failing.clear();
    simulator.setDrift(null);
    clock = NOW.getTime();
  });

  const gradesOf = (grades: { date: string; value: { raw: string } }[]) =>
    grades.map((grade) => `${grade.date} ${grade.value.raw}`).sort();

  it('serves every grade of a range crossing a period boundary, from the two periods’ calls', async () => {
    const adapter = newAdapter();
    received();
    const grades = await adapter.fetchGrades(eljurAccount, student, crossing, scope());
    expect(gradesOf(grades)).toEqual(marksWithin(lev, crossing));
    expect(marksWithin(lev, { from: crossing.from, to: q1.end }).length).toBeGreaterThan(0);
    expect(marksWithin(lev, { from: q2.start, to: crossing.to }).length).toBeGreaterThan(0);
    expect(new Set(grades.map((grade) => grade.id)).size).toBe(grades.length);
    expect(received().sort()).toEqual(['getmarks ' + daysOf(q1), 'getmarks ' + daysOf(q2), 'getperiods'].sort());
  });

  it('gives a grade the same id whichever call read it', async () => {
    const adapter = newAdapter();
    const request = scope();
    const [fromPeriods, averages] = await Promise.all([
      adapter.fetchGrades(eljurAccount, student, crossing, request),
      adapter.fetchSubjectAverages(eljurAccount, student, request),
    ]);
    failing.add('getperiods');
    const fromRange = await newAdapter().fetchGrades(eljurAccount, student, crossing, scope());
    expect(fromPeriods.map((grade) => grade.id).sort()).toEqual(fromRange.map((grade) => grade.id).sort());
    expect(averages.length).toBeGreaterThan(0);
  });

  it('asks a request that wants only grades for one call once the periods are known, as the month call did', async () => {
    const adapter = newAdapter();
    const month = { from: '2026-11-01', to: '2026-11-30' };
    const inside = { from: addDays(q2.start, 1), to: TODAY };
    received();
    // Never seen the child: the periods first, then the period (or the month's pieces).
    await adapter.fetchGrades(eljurAccount, student, month, scope());
    expect(received()[0]).toBe('getperiods');
    // Known from then on: straight to the period's call, no `getperiods` wave.
    const grades = await adapter.fetchGrades(eljurAccount, student, inside, scope());
    expect(received()).toEqual(['getmarks ' + daysOf(q2)]);
    expect(gradesOf(grades)).toEqual(marksWithin(lev, inside));
    // The dates are kept for six hours at most, then read again.
    clock += 6 * 60 * 60 * 1000 + 1;
    await adapter.fetchGrades(eljurAccount, student, inside, scope());
    expect(received()).toEqual(['getperiods', 'getmarks ' + daysOf(q2)]);
  });

  it('still serves every grade when getperiods fails, reading the range itself, and asks getperiods again next time', async () => {
    const adapter = newAdapter();
    failing.add('getperiods');
    received();
    const grades = await adapter.fetchGrades(eljurAccount, student, crossing, scope());
    expect(gradesOf(grades)).toEqual(marksWithin(lev, crossing));
    expect(received()).toEqual(['getmarks ' + daysOf(crossing)]);
    const attendance = await adapter.fetchAttendance(eljurAccount, student, crossing, scope());
    const missed = lev.lessons.filter(
      (lesson) => lesson.missed && lesson.date >= crossing.from && lesson.date <= crossing.to,
    );
    expect(attendance.map((record) => record.date)).toEqual(missed.map((lesson) => lesson.date));
    // A failure is not remembered: the next request asks for the periods again.
    failing.clear();
    received();
    await adapter.fetchGrades(eljurAccount, student, crossing, scope());
    expect(received()).toContain('getperiods');
  });

  it('still serves every grade when the getperiods answer is unreadable, without a drift warning on the grades', async () => {
    simulator.setDrift({ route: 'getperiods', path: 'response.result.students', kind: 'type' });
    const reported = new DriftCollector();
    const grades = await newAdapter().fetchGrades(eljurAccount, student, crossing, scopeReportingTo(scope(), reported));
    expect(simulator.driftedFields).toBeGreaterThan(0);
    expect(gradesOf(grades)).toEqual(marksWithin(lev, crossing));
    expect(reported.list()).toEqual([]);
  });

  it('still serves every grade when one period drifted out of the answer, reading its days by themselves', async () => {
    // The second period's start turns to null: that period cannot be placed and is left out.
    simulator.setDrift({
      route: 'getperiods',
      path: 'response.result.students[].periods[].start',
      kind: 'null',
      skip: 1,
    });
    received();
    const grades = await newAdapter().fetchGrades(eljurAccount, student, crossing, scope());
    expect(gradesOf(grades)).toEqual(marksWithin(lev, crossing));
    const calls = received();
    expect(calls).toContain('getmarks ' + daysOf(q1));
    expect(calls).toContain(`getmarks ${dayKey(q2.start)}-${dayKey(crossing.to)}`);
  });
});
