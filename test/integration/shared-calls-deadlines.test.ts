/**
 * A diary call in flight is shared by every request that needs it (the upstream cache's single flight), but a
 * request's deadline is its own: a family's view that joins a call another view started must not fail because
 * that other view gave up. Found by the bench's sizing run (a view every second, deadline 2 s): one slow first
 * view made every view after it fail on the calls it had started. Real gateway, real simulators over loopback.
 *
 * The times here are functional: the first view is made to time out (its diaries answer after 8 s, past its
 * 4 s deadline); the second starts 2.5 s later, while those calls are in flight, with the diaries fast
 * again. It waits for them until they are cut, then asks the diaries itself, with 2.5 s left (a cold
 * dashboard's calls take a fraction of that, on a busy machine too).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../support/gateway.js';
import { operation } from '../support/graphql.js';

const QUERY = operation<{ viewer: { students: Student[] } }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
        grades(from: "2026-11-02", to: "2026-11-23") {
          id
        }
        homework(from: "2026-11-23", to: "2026-11-30") {
          id
        }
        averages {
          subject {
            name
          }
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
  grades: { id: string }[];
  homework: { id: string }[];
  averages: { subject: { name: string } }[];
  freshness: { provider: string; isStale: boolean; error: { code: string } | null }[];
};

const DEADLINE_MS = 4000;

describe('calls shared between requests', () => {
  it(
    'should not fail a view that joined the calls of a view whose deadline passed: it asks the diary itself',
    { timeout: 60_000 },
    async () => {
      const target = await startTestGateway({ REQUEST_DEADLINE_MS: String(DEADLINE_MS), PREFETCH_STRUCTURE: 'off' });
      const simulators = Object.values(target.gateway.demo!.simulators);
      for (const simulator of simulators) simulator.setLatency(2 * DEADLINE_MS);
      const slow = target.graphql(QUERY);
      // The slow view's calls are on their way; the diaries recover before the second view asks.
      await sleep(2500);
      for (const simulator of simulators) simulator.setLatency(0);
      const joined = await target.graphql(QUERY);

      // The first view gave up: that is what this test is about, not a flake of its own.
      expect((await slow).body.errors?.length ?? 0).toBeGreaterThan(0);
      expect(joined.body.errors, JSON.stringify(joined.body.errors)).toBeUndefined();
      const students = joined.body.data!.viewer.students;
      expect(students.length).toBeGreaterThan(0);
      for (const student of students)
        for (const entry of student.freshness) expect(entry).toMatchObject({ isStale: false, error: null });
      // The same data as a view made once everything is calm.
      const calm = await target.graphql(QUERY);
      expect(calm.body.errors).toBeUndefined();
      expect(joined.body.data).toEqual(calm.body.data);
    },
  );
});
