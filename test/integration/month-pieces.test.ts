/**
 * Issue 11 §4 "range pieces are aligned to calendar months everywhere": a query asking two overlapping
 * ranges of the same child (recent grades and the current period, say) costs one upstream call per month
 * per route, on all three diaries. Real gateway, real simulators over loopback HTTP, and a transport that
 * records every call it passes on.
 */
import { describe, expect, it } from 'vitest';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway } from '../support/gateway.js';
import { noErrors } from '../support/graphql.js';

/** A date in a URL, as the diaries write them: `2026-11-01` (МЭШ, Dnevnik.ru) or `20261101` (Eljur). */
const DATE_IN_URL = /(?<!\d)(20\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)/g;

/** Months `YYYY-MM` from the first to the last (inclusive). */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (
    let [year, month] = first.split('-').map(Number) as [number, number];
    `${year}-${String(month).padStart(2, '0')}` <= last;
  ) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** The real transport, recording each dated call as `route → months it covers` (or its one day), dates masked in the route. */
function countingTransport(): { transport: HttpTransport; calls: { route: string; months: string[] }[] } {
  const real = createUndiciTransport();
  const calls: { route: string; months: string[] }[] = [];
  const transport: HttpTransport = (request) => {
    const target = `${request.method} ${request.url.pathname}${request.url.search}`;
    const dates = [...target.matchAll(DATE_IN_URL)].map((match) => `${match[1]}-${match[2]}`).sort();
    if (dates.length > 0) {
      const route = target
        .replace(DATE_IN_URL, '{date}')
        .replace(/([?&](?:auth_token|devkey|access_token)=)[^&]*/g, '$1…');
      // A one-day route (МЭШ `schedule?date=`) is keyed by its day: reading two days of a month is not a repeat.
      const days = [...target.matchAll(DATE_IN_URL)].map((match) => `${match[1]}-${match[2]}-${match[3]}`);
      calls.push({ route, months: days.length === 1 ? days : monthsBetween(dates[0]!, dates.at(-1)!) });
    }
    return real(request);
  };
  return { transport, calls };
}

const OVERLAPPING = /* GraphQL */ `
  query Overlapping {
    viewer {
      students {
        id
        recentGrades: grades(from: "2026-10-24", to: "2026-11-23") {
          id
          date
        }
        periodGrades: grades(from: "2026-11-01", to: "2026-12-27") {
          id
          date
        }
        weekHomework: homework(from: "2026-11-23", to: "2026-11-29") {
          id
          dueOn
        }
        periodHomework: homework(from: "2026-11-01", to: "2026-12-27") {
          id
          dueOn
        }
        today: schedule(from: "2026-11-23", to: "2026-11-23") {
          id
          date
        }
        week: schedule(from: "2026-11-16", to: "2026-12-02") {
          id
          date
        }
        recentAttendance: attendance(from: "2026-10-24", to: "2026-11-23") {
          date
          kind
        }
        periodAttendance: attendance(from: "2026-11-01", to: "2026-12-27") {
          date
          kind
        }
      }
    }
  }
`;

describe('overlapping ranges in one query', () => {
  it('cost one call per month per route on every diary, and each field still gets exactly its range', async () => {
    const counting = countingTransport();
    const test = await startTestGateway({}, undefined, { transport: counting.transport });
    const answer = await test.graphql<{
      viewer: { students: Record<string, { date?: string; dueOn?: string }[]>[] };
    }>(OVERLAPPING);
    const { students } = noErrors(answer).viewer;
    expect(students.length).toBeGreaterThan(0);

    // Every (route, month) pair went upstream once; before month alignment the recent range and the
    // period each fetched November.
    // Left out: Eljur's `getmarks` over a whole started period, which grades, attendance, the subjects
    // and the diary's averages share (one call per period, not per month: `adapters/eljur/range-marks.ts`;
    // eljur-mark-reads.test.ts checks that each is read once).
    const periodMarks = (call: { route: string; months: string[] }) =>
      call.route.includes('/getmarks?') && call.months.length > 1;
    const perRouteMonth = new Map<string, number>();
    for (const call of counting.calls.filter((each) => !periodMarks(each)))
      for (const month of call.months) {
        const key = `${call.route} @ ${month}`;
        perRouteMonth.set(key, (perRouteMonth.get(key) ?? 0) + 1);
      }
    const repeated = [...perRouteMonth].filter(([, count]) => count > 1).map(([key, count]) => `${key}: ${count}`);
    expect(repeated).toEqual([]);
    // The three diaries were all asked (else the check above would pass vacuously).
    expect(counting.calls.some((call) => call.route.includes('/api/family/mobile/v1/marks'))).toBe(true);
    expect(counting.calls.some((call) => call.route.includes('/v2/'))).toBe(true);
    expect(counting.calls.some((call) => /getmarks|getdiary/.test(call.route))).toBe(true);

    // Whole months go upstream, but each field shows only its own range.
    const within = (from: string, to: string, dates: (string | undefined)[]) =>
      dates.every((date) => date !== undefined && from <= date && date <= to);
    const all = (field: string, dateKey: 'date' | 'dueOn') =>
      students.flatMap((student) => student[field]!.map((item) => item[dateKey]));
    expect(within('2026-10-24', '2026-11-23', all('recentGrades', 'date'))).toBe(true);
    expect(within('2026-11-01', '2026-12-27', all('periodGrades', 'date'))).toBe(true);
    expect(within('2026-11-23', '2026-11-29', all('weekHomework', 'dueOn'))).toBe(true);
    expect(within('2026-11-23', '2026-11-23', all('today', 'date'))).toBe(true);
    expect(within('2026-11-16', '2026-12-02', all('week', 'date'))).toBe(true);
    expect(within('2026-10-24', '2026-11-23', all('recentAttendance', 'date'))).toBe(true);
    // Items the two grade ranges share are the same items.
    const shared = (list: string) =>
      all(list, 'date').filter((date) => date! >= '2026-11-01' && date! <= '2026-11-23').length;
    expect(shared('recentGrades')).toBe(shared('periodGrades'));
    expect(shared('recentGrades')).toBeGreaterThan(0);
  });
});
