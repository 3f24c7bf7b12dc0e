/**
 * A МЭШ child's lessons through GraphQL, real gateway and simulators over loopback HTTP:
 * - the family `schedule` route down costs only lesson numbers and teachers, with a typed warning, and the
 *   numbers come back soon after the route does (issue 11 §1); while the bells and teachers it taught are
 *   still kept as structure, it costs nothing;
 * - `Student.attendance` shows each lesson as `Student.schedule` does: same number, teacher and absence;
 * - a child first linked through a diary without birth dates shows the birth date a merged МЭШ
 *   enrollment gives.
 */
import { describe, expect, it } from 'vitest';
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { createSession } from '../../src/auth/sessions.js';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import type {
  Enrollment,
  ProviderKind,
  School,
  Student as SchemaStudent,
} from '../../src/domain/schema-types.generated.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { plainUser, seedAccount } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, testClock } from '../support/gateway.js';
import { dataOf, noErrors, operation, type GraphqlResponse } from '../support/graphql.js';

const MONTH = { from: '2026-11-01', to: '2026-11-30' };
const SCHEDULE_PATH = '/api/family/mobile/v1/schedule';
const LESSON = 'id number provider teacher { fullName } absence { kind reason }';
const LESSONS = operation<{ viewer: { students: Student[] } }>(/* GraphQL */ `
  query Lessons($from: Date!, $to: Date!) {
    viewer {
      students {
        firstName
        schedule(from: $from, to: $to) { ${LESSON} }
        attendance(from: $from, to: $to) { date kind reason provider lesson { ${LESSON} } }
      }
    }
  }
`);

interface Lesson {
  id: string;
  number: number | null;
  provider: string;
  teacher: { fullName: string } | null;
  absence: { kind: string; reason: string | null } | null;
}
interface Record {
  date: string;
  kind: string;
  reason: string | null;
  provider: string;
  lesson: Lesson | null;
}
type Student = { firstName: string; schedule: Lesson[]; attendance: Record[] };

const students = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>) => dataOf(answer).viewer.students;
const meshLessons = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>) =>
  students(answer).flatMap((student) => student.schedule.filter((lesson) => lesson.provider === 'MESH'));

/** The undici transport, with the `schedule` route answering 503 while `down.schedule` is set. */
function switchableTransport() {
  const real = createUndiciTransport();
  const down = { schedule: false, calls: 0 };
  const transport: HttpTransport = async (request) => {
    if (request.url.pathname !== SCHEDULE_PATH) return real(request);
    down.calls += 1;
    if (!down.schedule) return real(request);
    return { status: 503, headers: { 'content-type': 'application/json' }, body: '{"message":"Service Unavailable"}' };
  };
  return { transport, down };
}

describe('МЭШ timetable while the family schedule route is down', () => {
  it('should serve every lesson without number and teacher, warn, and number them again once the route is back', async () => {
    const { transport, down } = switchableTransport();
    const clock = testClock();
    // A high breaker threshold: this test is about the route, not about the breaker cutting the diary off.
    // Copies served while a diary fails for two days at most, so the kept bells and teachers are gone after it.
    const environment = { BREAKER_FAILURE_THRESHOLD: '1000', STALE_IF_ERROR_MAX_AGE_S: String((2 * DAY) / 1000) };
    const gateway = await startTestGateway(environment, clock.now, { transport });
    const healthy = meshLessons(await gateway.graphql(LESSONS, MONTH));
    expect(healthy.length).toBeGreaterThan(0);
    expect(healthy.every((lesson) => lesson.number !== null)).toBe(true);

    down.schedule = true;
    clock.advance(DAY); // past every data copy's windows: the diary is asked again
    // The bells and teachers the days taught are structure, kept longer (and served while the route fails):
    // every lesson is numbered as before without a `schedule` day, so the outage costs nothing yet.
    const kept = await gateway.graphql(LESSONS, MONTH);
    expect(kept.body.errors).toBeUndefined();
    expect(meshLessons(kept)).toEqual(healthy);

    clock.advance(2 * DAY); // past the oldest copy served while a diary fails: nothing is kept any more
    const outage = await gateway.graphql(LESSONS, MONTH);
    // Every lesson is still there, only its number and teacher are missing.
    expect(meshLessons(outage).map((lesson) => lesson.id)).toEqual(healthy.map((lesson) => lesson.id));
    expect(meshLessons(outage).every((lesson) => lesson.number === null && lesson.teacher === null)).toBe(true);
    const warnings = outage.body.errors ?? [];
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning.path?.at(-1)).toMatch(/^(schedule|attendance)$/);
      expect(warning.extensions).toEqual(
        expect.objectContaining({
          code: 'PROVIDER_UNAVAILABLE',
          provider: 'MESH',
          route: 'schedule',
          missing: ['Lesson.number', 'Lesson.teacher'],
          staleDataServed: false,
        }),
      );
    }
    // One per МЭШ child: Артём and Мария in Moscow, Полина in the Moscow region, whose МЭШ has the same route.
    const scheduleWarnings = warnings.filter((warning) => warning.path?.at(-1) === 'schedule');
    const warnedAbout = scheduleWarnings.map((warning) => students(outage)[Number(warning.path![2])]!.firstName);
    expect(warnedAbout.sort()).toEqual(['Артём', 'Мария', 'Полина']);

    // Within its minute the partial copy is served as it is, warning included, without asking МЭШ.
    const callsBefore = down.calls;
    const again = await gateway.graphql(LESSONS, MONTH);
    expect(down.calls).toBe(callsBefore);
    // Errors come in the order fields finish, which differs between two runs of one query.
    const byPath = (errors: typeof warnings) =>
      [...errors].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));
    expect(byPath(again.body.errors ?? [])).toEqual(byPath(warnings));

    // The route is back: a minute on, the partial copy is not served again before МЭШ is asked.
    down.schedule = false;
    clock.advance(61_000);
    const recovered = await gateway.graphql(LESSONS, MONTH);
    expect(recovered.body.errors).toBeUndefined();
    expect(meshLessons(recovered)).toEqual(healthy);
  });
});

const DAY = 24 * 3_600_000;

describe('МЭШ attendance and timetable agree on every lesson', () => {
  const REPORT = operation<{ reportAbsence: { providers: ProviderKind[] } }>(/* GraphQL */ `
    mutation ($input: ReportAbsenceInput!) {
      reportAbsence(input: $input) {
        providers
      }
    }
  `);
  const TWO_MONTHS = { from: '2026-10-01', to: '2026-11-30' };

  it('should give each attendance record the timetable’s lesson: number, teacher and absence', async () => {
    const gateway = await startTestGateway();
    const ids = await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
      '{ viewer { students { id firstName } } }',
    );
    const maria = dataOf(ids).viewer.students.find((student) => student.firstName === 'Мария')!;
    // Мария missed a lesson on 2026-10-29 without a reason МЭШ knows; her parent now gives notice of that day.
    const report = await gateway.graphql(REPORT, {
      input: { studentId: maria.id, from: '2026-10-29', to: '2026-10-29', reason: 'FAMILY', comment: 'к врачу' },
    });
    expect(dataOf(report).reportAbsence.providers).toEqual(['MESH']);

    const answer = await gateway.graphql(LESSONS, TWO_MONTHS);
    expect(answer.body.errors).toBeUndefined();
    let compared = 0;
    for (const student of students(answer)) {
      const byId = new Map(student.schedule.map((lesson) => [lesson.id, lesson]));
      for (const record of student.attendance.filter((each) => each.provider === 'MESH' && each.lesson)) {
        const lesson = byId.get(record.lesson!.id);
        expect(record.lesson).toEqual(lesson);
        expect(lesson?.absence).toEqual({ kind: record.kind, reason: record.reason });
        expect(lesson?.number).not.toBeNull();
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1);
    const noticed = students(answer)
      .find((student) => student.firstName === 'Мария')!
      .attendance.filter((record) => record.date === '2026-10-29' && record.lesson);
    expect(noticed.map((record) => record.lesson!.absence)).toEqual(
      noticed.map(() => ({ kind: 'EXCUSED_ABSENCE', reason: 'к врачу' })),
    );
    expect(noticed.length).toBeGreaterThan(0);
  });
});

describe('a child first linked through a diary without birth dates', () => {
  type IdentityStudent = Pick<SchemaStudent, 'firstName' | 'birthDate' | 'className'> & {
    school: Pick<School, 'name' | 'provider'> | null;
    enrollments: (Pick<Enrollment, 'provider' | 'className'> & { school: Pick<School, 'name'> | null })[];
  };
  const IDENTITY = operation<{ viewer: { students: IdentityStudent[] } }>(/* GraphQL */ `
    {
      viewer {
        students {
          firstName
          birthDate
          className
          school {
            name
            provider
          }
          enrollments {
            provider
            className
            school {
              name
            }
          }
        }
      }
    }
  `);

  it('should show the birth date a merged МЭШ enrollment gives, and keep the primary enrollment’s school and class', async () => {
    const store = createMemoryStore();
    const gateway = await startTestGateway({}, () => TEST_NOW, { store });
    const family: DemoFamily = gateway.gateway.demo!.family;
    const eljur = family.accounts.find((account) => account.provider === 'ELJUR')!;
    const mesh = family.accounts.find((account) => account.provider === 'MESH')!;
    await store.putUser(plainUser('usr_eljur_first', 'Eljur first'));
    // Eljur linked first: it is the primary enrollment of Мария, whose МЭШ enrollment alone has a birth date.
    const credentials = { login: eljur.login!, password: eljur.password!, vendor: ELJUR_SIMULATOR_VENDOR };
    await seedAccount(store, {
      id: 'acc_eljur_first',
      userId: 'usr_eljur_first',
      provider: 'ELJUR',
      credentials,
      linkedAt: 1,
    });
    const token = { token: mesh.token };
    await seedAccount(store, {
      id: 'acc_mesh_second',
      userId: 'usr_eljur_first',
      provider: 'MESH',
      credentials: token,
      linkedAt: 2,
    });
    const session = await createSession(store, 'usr_eljur_first', { ttlMs: null, now: TEST_NOW.getTime() });

    const answer = await gateway.graphql(IDENTITY, {}, session);
    const maria = noErrors(answer).viewer.students.find((student) => student.firstName === 'Мария')!;
    expect(maria.enrollments.map((enrollment) => enrollment.provider)).toEqual(['ELJUR', 'MESH']);
    const child = family.children.find((each) => each.key === 'masha')!;
    expect(maria.birthDate).toBe(child.birthDate);
    const primary = maria.enrollments[0]!;
    expect(primary.school).not.toBeNull();
    expect(maria.school).toEqual({ ...primary.school, provider: 'ELJUR' });
    expect(maria.className).toBe(primary.className);
  });
});
