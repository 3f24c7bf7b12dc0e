/**
 * МЭШ bells and teachers as structure (`adapters/mesh/lesson-structure.ts`): what the `schedule` days
 * taught is kept through the gateway's cache (here an in-memory `UpstreamCache` behind
 * `UpstreamScope.structure`), so a later request numbers its lessons from the event calendar alone, and
 * reads a day only for a bell or a subject no kept copy has seen. Nock stands in for МЭШ; strict nock
 * fails a test on any call it did not expect.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { DateRange, Lesson } from '../../../src/domain/model.js';
import { SideFailureCollector, scopeReportingSideFailuresTo } from '../../../src/upstream/side-answers.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { attendanceDay, eventPayload, meshStudent, PROFILE_ID, STUDENT_ID } from './fixtures.js';
import { structureRequests } from '../../support/structure-scopes.js';

const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: 'mesh-token-bells-5e1a' } };
const student = meshStudent();

const BELLS: Record<number, string> = { 1: '08:30', 2: '09:25', 3: '10:30' };
const TEACHERS: Record<number, string> = { 33623: 'Петров Пётр Петрович', 40001: 'Соколова Анна Игоревна' };
/** Mon 1 Алгебра, 2 Физика; Tue 1 Физика, 3 Алгебра (bell 3 only on Tuesdays); the next Monday alike. */
const LESSONS = [
  ['2025-09-15', 1, 33623],
  ['2025-09-15', 2, 40001],
  ['2025-09-16', 1, 40001],
  ['2025-09-16', 3, 33623],
  ['2025-09-22', 1, 33623],
  ['2025-09-22', 2, 40001],
] as const;

const on = (date: string): DateRange => ({ from: date, to: date });

const adapter = createMeshAdapter({
  transport: createFetchTransport({ timeoutMs: 2_000 }),
  hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
  now: () => new Date('2025-09-17T09:00:00Z'),
});

const requests = structureRequests;

/** The event calendar, answering every lesson (the adapter keeps those of the range asked). */
function mockEvents(
  query: ((query: Record<string, unknown>) => boolean) | true = true,
  overrides: Record<number, Partial<ReturnType<typeof eventPayload>>> = {},
) {
  nock(SCHOOL)
    .get('/api/eventcalendar/v1/api/events')
    .query(query)
    .reply(200, {
      total_count: LESSONS.length,
      errors: null,
      response: LESSONS.map(([date, number, subject], index) =>
        eventPayload({
          id: 500 + index,
          subject_id: subject,
          subject_name: subject === 33623 ? 'Алгебра' : 'Физика',
          start_at: `${date}T${BELLS[number]}:00+03:00`,
          finish_at: `${date}T${BELLS[number]}:45+03:00`,
          ...overrides[index],
        }),
      ),
    });
}

/** A stand-in the `schedule` day names for a replaced lesson. */
const STAND_IN = { last_name: 'Заменова', first_name: 'Ольга', middle_name: 'Петровна' };

function mockDay(date: string, status = 200, replaced: number | null = null) {
  const activities = LESSONS.flatMap(([lessonDate, number, subject], index) =>
    lessonDate !== date
      ? []
      : [
          {
            type: 'LESSON',
            info: `${number} урок`,
            begin_time: BELLS[number],
            lesson: {
              schedule_item_id: 500 + index,
              subject_id: subject,
              teacher:
                index === replaced
                  ? STAND_IN
                  : {
                      last_name: TEACHERS[subject]!.split(' ')[0],
                      first_name: TEACHERS[subject]!.split(' ')[1],
                      middle_name: TEACHERS[subject]!.split(' ')[2],
                    },
            },
          },
        ],
  );
  nock(SCHOOL)
    .get('/api/family/mobile/v1/schedule')
    .query({ student_id: String(STUDENT_ID), date })
    .reply(status, status === 200 ? { summary: '', date, activities } : { message: 'down' });
}

const readable = (lessons: Lesson[]) => lessons.map((lesson) => [lesson.number, lesson.teacher?.fullName ?? null]);
/** What the simulated school says of the lessons of `date`. */
const expected = (date: string) =>
  LESSONS.filter(([lessonDate]) => lessonDate === date).map(([, number, subject]) => [number, TEACHERS[subject]]);

useStrictNock();

describe('МЭШ bells and teachers kept as structure', () => {
  it('numbers a later request’s lessons from the event calendar alone, as the days did', async () => {
    const request = requests();
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    mockEvents();
    mockDay('2025-09-15');
    mockDay('2025-09-16');
    const week = { from: '2025-09-15', to: '2025-09-21' };
    const first = readable(await adapter.fetchSchedule(account, student, week, request()));
    expect(first).toEqual([...expected('2025-09-15'), ...expected('2025-09-16')]);
    // The next Monday: its bells and subjects were all seen, so no `schedule` day is mocked (nor asked).
    mockEvents();
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-22'), request()))).toEqual(
      expected('2025-09-22'),
    );
  });

  it('reads the day of a bell no kept copy has seen, and keeps what it taught', async () => {
    const request = requests();
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    mockEvents();
    mockDay('2025-09-15');
    await adapter.fetchSchedule(account, student, on('2025-09-15'), request());
    // Tuesday's 10:30 is a bell Monday never rang: that day is read, the rest comes from Monday's copy.
    mockEvents();
    mockDay('2025-09-16');
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-16'), request()))).toEqual(
      expected('2025-09-16'),
    );
    // … and is kept: the same day again, and the next Monday, read no day.
    mockEvents();
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-16'), request()))).toEqual(
      expected('2025-09-16'),
    );
    mockEvents();
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-22'), request()))).toEqual(
      expected('2025-09-22'),
    );
  });

  it('keeps nothing from a day that failed: the lessons go unnumbered with a warning, and the next request reads it', async () => {
    const request = requests();
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    mockEvents();
    mockDay('2025-09-15', 503);
    const failures = new SideFailureCollector();
    const first = await adapter.fetchSchedule(
      account,
      student,
      on('2025-09-15'),
      scopeReportingSideFailuresTo(request(), failures),
    );
    expect(readable(first)).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(failures.list()).toEqual([expect.objectContaining({ provider: 'MESH', route: 'schedule' })]);
    mockEvents();
    mockDay('2025-09-15');
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-15'), request()))).toEqual(
      expected('2025-09-15'),
    );
  });

  it('shows a stand-in named on a day read alike in the timetable and attendance of one request', async () => {
    const scope = requests()();
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    // Monday's first lesson is replaced and missed: attendance needs its number and teacher too.
    mockEvents(true, { 0: { replaced: true, is_missed_lesson: true } });
    mockDay('2025-09-15', 200, 0);
    nock(SCHOOL)
      .get('/api/family/mobile/v1/attendance')
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { days_count: 1, year_description: null, attendance: [attendanceDay({ date: '2025-09-15' })] });
    const [timetable, attendance] = await Promise.all([
      adapter.fetchSchedule(account, student, on('2025-09-15'), scope),
      adapter.fetchAttendance(account, student, on('2025-09-15'), scope),
    ]);
    const standIn = 'Заменова Ольга Петровна';
    expect(timetable[0]?.teacher?.fullName).toBe(standIn);
    expect(attendance.find((record) => record.lesson?.id === timetable[0]?.id)?.lesson?.teacher?.fullName).toBe(
      standIn,
    );
  });

  it('is warmed by prefetchStructure for the current month: a day of it then reads the event calendar only', async () => {
    const request = requests();
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    nock(SCHOOL)
      .get('/api/family/mobile/v1/subject_marks')
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { payload: [] });
    // Today is 2025-09-17: the prefetch reads September's calendar and the days that show its bells.
    mockEvents((query) => query.begin_date === '2025-09-01' && query.end_date === '2025-09-30');
    mockDay('2025-09-15');
    mockDay('2025-09-16');
    await adapter.prefetchStructure!(account, student, request());
    mockEvents();
    expect(readable(await adapter.fetchSchedule(account, student, on('2025-09-16'), request()))).toEqual(
      expected('2025-09-16'),
    );
  });
});
