/**
 * Issue 15, "make per-diary deadlines configurable so one slow diary costs its own lists only": with
 * `PROVIDER_DEADLINES_MS`, a diary that crawls is given up on at its own deadline, and the answer goes out
 * then, with that diary's lists stale (or missing) and `PROVIDER_TIMEOUT` for it alone, while every other
 * diary's lists are complete. Real gateway, real simulators over loopback HTTP.
 *
 * The one bound on time here is functional, not a latency budget: the answer must come before the request's
 * deadline, which a gateway without per-diary deadlines waits out.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderKind } from '../../src/domain/model.js';
import { startTestGateway, testClock } from '../support/gateway.js';
import { dataOf, operation, type GraphqlResponse } from '../support/graphql.js';

const QUERY = operation<{ viewer: { students: Student[] } }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        fullName
        enrollments {
          provider
        }
        grades(from: "2026-11-16", to: "2026-11-22") {
          id
          provider
        }
        freshness {
          provider
          isStale
          error {
            code
          }
        }
      }
    }
  }
`);

type Student = {
  id: string;
  fullName: string;
  enrollments: { provider: ProviderKind }[];
  grades: { id: string; provider: ProviderKind }[];
  freshness: { provider: ProviderKind; isStale: boolean; error: { code: string } | null }[];
};

const TWO_HOURS = 2 * 3_600_000;
const REQUEST_DEADLINE_MS = 20_000;
const ELJUR_DEADLINE_MS = 2_500;

const studentsOf = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>) => dataOf(answer).viewer.students;
const gradesOf = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>, provider: ProviderKind) =>
  Object.fromEntries(
    studentsOf(answer).map((student) => [
      student.id,
      student.grades.filter((grade) => grade.provider === provider).map((grade) => grade.id),
    ]),
  );

describe('per-diary deadlines', () => {
  it(
    'should answer at the slow diary’s own deadline with every other diary complete and PROVIDER_TIMEOUT for it alone',
    { timeout: 60_000 },
    async () => {
      const clock = testClock();
      const target = await startTestGateway(
        {
          // The children's list stays fresh, so the slow diary's part of the answer is its grades alone.
          CACHE_FRESHNESS: 'profile=86400',
          REQUEST_DEADLINE_MS: String(REQUEST_DEADLINE_MS),
          PROVIDER_DEADLINES_MS: `ELJUR=${ELJUR_DEADLINE_MS}`,
          // Only deadlines cut the slow calls: a gateway without the diary's would wait for the request's.
          UPSTREAM_HEADERS_TIMEOUT_MS: String(REQUEST_DEADLINE_MS * 2),
          UPSTREAM_BODY_TIMEOUT_MS: String(REQUEST_DEADLINE_MS * 2),
        },
        clock.now,
      );
      const baseline = await target.graphql(QUERY);
      expect(baseline.body.errors, JSON.stringify(baseline.body.errors)).toBeUndefined();
      expect(Object.values(gradesOf(baseline, 'ELJUR')).flat().length).toBeGreaterThan(0);

      clock.advance(TWO_HOURS);
      target.gateway.demo!.simulators.eljur.setLatency(REQUEST_DEADLINE_MS * 2);
      const started = performance.now();
      const slow = await target.graphql(QUERY);
      const elapsedMs = performance.now() - started;

      expect(slow.status).toBe(200);
      // At the slow diary's deadline (the request waits for it, no longer): far from the request's.
      expect(elapsedMs).toBeGreaterThanOrEqual(ELJUR_DEADLINE_MS * 0.9);
      expect(elapsedMs).toBeLessThan(REQUEST_DEADLINE_MS / 2);
      // Every diary's grades as before: the healthy ones fresh, Eljur's from its last good copy.
      for (const provider of ['MESH', 'DNEVNIK', 'ELJUR'] as const)
        expect(gradesOf(slow, provider)).toEqual(gradesOf(baseline, provider));
      for (const student of studentsOf(slow)) {
        for (const entry of student.freshness) {
          if (entry.provider === 'ELJUR')
            expect(entry).toEqual({ provider: 'ELJUR', isStale: true, error: { code: 'PROVIDER_TIMEOUT' } });
          else expect(entry).toEqual({ provider: entry.provider, isStale: false, error: null });
        }
      }
      expect(studentsOf(slow).some((student) => student.freshness.some((entry) => entry.provider === 'ELJUR'))).toBe(
        true,
      );
      expect(slow.body.errors!.length).toBeGreaterThan(0);
      for (const error of slow.body.errors!)
        expect(error.extensions).toMatchObject({ code: 'PROVIDER_TIMEOUT', provider: 'ELJUR', staleDataServed: true });
    },
  );
});
