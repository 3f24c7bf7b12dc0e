/**
 * Issue 11 §4: a МЭШ timetable reads "3rd lesson, Физика, room 204" — every lesson has its number and its
 * teacher, taken from the family `schedule` route with few calls: the days that show every bell and
 * every subject once, not one call per school day. Real gateway, real simulators over loopback HTTP.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import type { Lesson } from '../../src/domain/schema-types.generated.js';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';

const demo = generateDemoFamily({ today: '2026-11-23' });
const MONTH = { from: '2026-11-01', to: '2026-11-30' };

type TimetableLesson = Pick<Lesson, 'id' | 'date' | 'number' | 'provider'> & { teacher: { fullName: string } | null };

const TIMETABLE = operation<{ viewer: { students: { schedule: TimetableLesson[] }[] } }>(/* GraphQL */ `
  query Timetable($from: Date!, $to: Date!) {
    viewer {
      students {
        schedule(from: $from, to: $to) {
          id
          date
          number
          provider
          isReplaced
          teacher {
            fullName
          }
          subject {
            name
          }
        }
      }
    }
  }
`);

function countingTransport(): { transport: HttpTransport; paths: string[] } {
  const real = createUndiciTransport();
  const paths: string[] = [];
  return { paths, transport: (request) => (paths.push(request.url.pathname), real(request)) };
}

describe('МЭШ lesson numbers and teachers', () => {
  it('fills number and teacher of every МЭШ lesson as the school timetable has them, reading few days', async () => {
    const counting = countingTransport();
    const test = await startTestGateway({}, undefined, { transport: counting.transport });
    const answer = await test.graphql(TIMETABLE, MONTH);
    const lessons = noErrors(answer)
      .viewer.students.flatMap((student) => student.schedule)
      .filter((lesson) => lesson.provider === 'MESH');

    const meshChildren = demo.children.filter((child) =>
      demo.accounts.some((account) => account.provider === 'MESH' && account.childKeys.includes(child.key)),
    );
    const expected = new Map<string, { number: number | null; teacher: string; replaced: boolean }>(
      meshChildren.flatMap((child) =>
        child.lessons
          .filter((lesson) => lesson.date >= MONTH.from && lesson.date <= MONTH.to)
          .map(
            (lesson) =>
              [
                `mesh:${lesson.id}`,
                {
                  number: lesson.number,
                  teacher: child.subjects.find((subject) => subject.id === lesson.subjectId)!.teacher,
                  replaced: lesson.replaced,
                },
              ] as const,
          ),
      ),
    );
    expect(lessons.length).toBe(expected.size);
    let numbered = 0;
    for (const lesson of lessons) {
      const truth = expected.get(lesson.id)!;
      // Never a wrong number or teacher; a replaced lesson's stand-in is unknown to the demo, so no one.
      expect(lesson.number === null || lesson.number === truth.number, lesson.id).toBe(true);
      expect(lesson.teacher?.fullName ?? null).toBe(truth.replaced ? null : truth.teacher);
      if (lesson.number !== null) numbered += 1;
    }
    expect(numbered).toBe(lessons.length);

    const scheduleCalls = counting.paths.filter((path) => path === '/api/family/mobile/v1/schedule').length;
    const schoolDays = new Set(lessons.map((lesson) => `${lesson.date}`)).size;
    expect(scheduleCalls).toBeGreaterThan(0);
    // Far fewer than a call per child and school day.
    expect(scheduleCalls).toBeLessThanOrEqual(meshChildren.length * 5);
    expect(scheduleCalls).toBeLessThan(schoolDays * meshChildren.length);
  });
});
