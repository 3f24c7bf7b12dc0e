/**
 * One assembly of a МЭШ child's lessons for the timetable and for attendance (`adapters/mesh/timetable.ts`):
 * a failed `schedule` route costs only numbers and teachers, reported as a typed side failure (issue 11 §1);
 * attendance's lessons carry the same numbers and teachers as the timetable's, from the same calls; and a
 * lesson's absence is decided with the parent's notices in both. Through the adapter, with nock for МЭШ.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount, UpstreamScope } from '../../../src/domain/adapter.js';
import type { Lesson } from '../../../src/domain/model.js';
import { ProviderCircuitOpenError } from '../../../src/errors/gateway-error.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import { SideFailureCollector, scopeReportingSideFailuresTo } from '../../../src/upstream/side-answers.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import {
  createFetchTransport,
  UpstreamNetworkError,
  type HttpTransport,
  type UpstreamResponse,
} from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { attendanceDay, eventPayload, meshStudent, PROFILE_ID, STUDENT_ID } from './fixtures.js';

const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const TOKEN = 'mesh-access-token-timetable-5e07';
const RANGE = { from: '2025-09-15', to: '2025-09-19' };
const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: TOKEN } };
const student = meshStudent();
const SCHEDULE_PATH = '/api/family/mobile/v1/schedule';
const MISSING_NUMBERS = ['Lesson.number', 'Lesson.teacher'];

/** Monday and Tuesday of one week; Monday alone shows both bells and both subjects. */
function events(missed: boolean) {
  const lesson = (id: number, date: string, start: string, subject: number, extra = {}) =>
    eventPayload({
      id,
      subject_id: subject,
      subject_name: subject === 33623 ? 'Алгебра' : 'Физика',
      start_at: `${date}T${start}:00+03:00`,
      finish_at: `${date}T${start.slice(0, 3)}59:00+03:00`,
      ...extra,
    });
  return [
    lesson(1, '2025-09-15', '08:30', 33623, missed ? { is_missed_lesson: true, absence_reason_id: null } : {}),
    lesson(2, '2025-09-15', '09:25', 40001),
    lesson(3, '2025-09-16', '08:30', 40001),
    lesson(4, '2025-09-16', '09:25', 33623),
  ];
}

const TEACHER = { 33623: ['Петров', 'Пётр', 'Петрович'], 40001: ['Соколова', 'Анна', 'Игоревна'] } as const;
const MONDAY = {
  summary: '2 урока',
  date: '2025-09-15',
  activities: [
    [1, '08:30', 33623],
    [2, '09:25', 40001],
  ].map(([id, start, subject]) => ({
    type: 'LESSON',
    info: `${id} урок`,
    begin_time: start,
    lesson: {
      schedule_item_id: id,
      subject_id: subject,
      teacher: {
        last_name: TEACHER[subject as 33623][0],
        first_name: TEACHER[subject as 33623][1],
        middle_name: TEACHER[subject as 33623][2],
      },
    },
  })),
};

function mockCalendar(missed: boolean) {
  nock(ACL)
    .get('/acl/api/users/profile_info')
    .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
  nock(SCHOOL)
    .get('/api/eventcalendar/v1/api/events')
    .query(true)
    .reply(200, { total_count: 4, errors: null, response: events(missed) });
}

const mockMonday = () =>
  nock(SCHOOL)
    .get(SCHEDULE_PATH)
    .query({ student_id: String(STUDENT_ID), date: '2025-09-15' })
    .reply(200, MONDAY);

const mockNotices = (status = 200) =>
  nock(SCHOOL)
    .get('/api/family/mobile/v1/attendance')
    .query({ student_id: String(STUDENT_ID) })
    .reply(status, {
      days_count: 1,
      year_description: null,
      attendance: [attendanceDay({ date: '2025-09-15', description: 'ОРВИ', reason_id: 6 })],
    });

/** The adapter over nock, with the `schedule` route answered by `schedule` when given. */
function adapter(schedule?: () => Promise<UpstreamResponse>) {
  const real = createFetchTransport({ timeoutMs: 2_000 });
  const transport: HttpTransport = (request) =>
    schedule && request.url.pathname === SCHEDULE_PATH ? schedule() : real(request);
  return createMeshAdapter({ transport, hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL } });
}

/** A request scope whose warnings the test reads. */
function watchedScope(): { scope: UpstreamScope; failures: SideFailureCollector; drift: DriftCollector } {
  const failures = new SideFailureCollector();
  const drift = new DriftCollector();
  const scope = scopeReportingSideFailuresTo(scopeReportingTo(createUpstreamScope(), drift), failures);
  return { scope, failures, drift };
}

const numbered = (lessons: readonly Lesson[]) =>
  lessons.map((lesson) => [lesson.id, lesson.number, lesson.teacher?.fullName ?? null]);

useStrictNock();

describe('МЭШ timetable when the schedule route fails (issue 11 §1)', () => {
  it.each([
    ['answers 503', 'PROVIDER_UNAVAILABLE', async () => ({ status: 503, headers: {}, body: '{"message":"down"}' })],
    [
      'times out',
      'PROVIDER_TIMEOUT',
      async () => {
        throw new UpstreamNetworkError('headers-timeout', 'no headers in time');
      },
    ],
    [
      'is behind an open breaker',
      'PROVIDER_UNAVAILABLE',
      async () => {
        throw new ProviderCircuitOpenError('MESH', new Date(Date.now() + 30_000), Date.now());
      },
    ],
    ['refuses the call', 'PROVIDER_AUTH_FAILED', async () => ({ status: 403, headers: {}, body: '{}' })],
  ])(
    'should serve every lesson without number and teacher when the route %s, and say so',
    async (_how, code, schedule) => {
      mockCalendar(false);
      const { scope, failures, drift } = watchedScope();
      const lessons = await adapter(schedule).fetchSchedule(account, student, RANGE, scope);
      expect(numbered(lessons)).toEqual([
        ['mesh:1', null, null],
        ['mesh:2', null, null],
        ['mesh:3', null, null],
        ['mesh:4', null, null],
      ]);
      expect(failures.list()).toEqual([{ provider: 'MESH', route: 'schedule', code, missing: MISSING_NUMBERS }]);
      expect(drift.list()).toEqual([]);
    },
  );

  it('should still fail the timetable when the event calendar itself fails', async () => {
    nock(ACL)
      .get('/acl/api/users/profile_info')
      .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
    nock(SCHOOL).get('/api/eventcalendar/v1/api/events').query(true).times(1).reply(503, { message: 'down' });
    const { scope } = watchedScope();
    await expect(adapter().fetchSchedule(account, student, RANGE, scope)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });
});

describe('МЭШ attendance lessons and timetable lessons agree', () => {
  it('should give attendance’s lessons the timetable’s numbers and teachers, reading each call once for both', async () => {
    mockCalendar(true);
    // Each interceptor answers once: a second read of Monday or of the notices would fail the test.
    mockMonday();
    mockNotices();
    const { scope } = watchedScope();
    const mesh = adapter();
    const [schedule, attendance] = await Promise.all([
      mesh.fetchSchedule(account, student, RANGE, scope),
      mesh.fetchAttendance(account, student, RANGE, scope),
    ]);
    expect(numbered(schedule)[0]).toEqual(['mesh:1', 1, 'Петров Пётр Петрович']);
    expect(attendance.map((record) => record.lesson)).toEqual([schedule[0]]);
  });

  it('should read no schedule day for attendance when no lesson was missed', async () => {
    mockCalendar(false);
    mockNotices();
    const { scope } = watchedScope();
    const records = await adapter().fetchAttendance(account, student, RANGE, scope);
    expect(records.map((record) => [record.date, record.lesson, record.kind, record.reason])).toEqual([
      ['2025-09-15', null, 'EXCUSED_ABSENCE', 'ОРВИ'],
    ]);
  });

  it('should decide a missed lesson’s absence with the parent’s notice in the timetable too', async () => {
    mockCalendar(true);
    mockMonday();
    mockNotices();
    const lessons = await adapter().fetchSchedule(account, student, RANGE, watchedScope().scope);
    // МЭШ recorded no reason (ABSENCE); the parent's notice of that day excuses it, as attendance says.
    expect(lessons[0]?.absence).toEqual({ kind: 'EXCUSED_ABSENCE', reason: 'ОРВИ' });
    expect(lessons.slice(1).map((lesson) => lesson.absence)).toEqual([null, null, null]);
  });

  it('should ask the notices beside the calendar, and say nothing of their failure without a missed lesson', async () => {
    mockCalendar(false);
    mockMonday();
    // Asked in the calendar's wave (nock fails the test on an unasked interceptor: see afterEach), and down.
    mockNotices(503);
    const { scope, failures } = watchedScope();
    const lessons = await adapter().fetchSchedule(account, student, RANGE, scope);
    expect(lessons.every((lesson) => lesson.absence === null)).toBe(true);
    expect(failures.list()).toEqual([]);
  });

  it('should serve the absences as МЭШ recorded them, in both lists, when the notices route is down', async () => {
    mockCalendar(true);
    mockMonday();
    mockNotices(503);
    const { scope, failures } = watchedScope();
    const mesh = adapter();
    const [schedule, attendance] = await Promise.all([
      mesh.fetchSchedule(account, student, RANGE, scope),
      mesh.fetchAttendance(account, student, RANGE, scope),
    ]);
    expect(schedule[0]?.absence).toEqual({ kind: 'ABSENCE', reason: null });
    expect(attendance.map((record) => [record.lesson?.id, record.kind, record.reason])).toEqual([
      ['mesh:1', 'ABSENCE', null],
    ]);
    expect(failures.list()).toEqual([
      {
        provider: 'MESH',
        route: 'attendance',
        code: 'PROVIDER_UNAVAILABLE',
        missing: ['AttendanceRecord.kind', 'AttendanceRecord.reason'],
      },
    ]);
  });
});
