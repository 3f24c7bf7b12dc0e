import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { MeshUpstreamAnswer } from '../../../adapters/mesh/errors.js';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderStudent, SchemaDrift } from '../../../src/domain/model.js';
import { withRetries } from '../../../src/resilience/retry.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import {
  attendanceDay,
  eventMarkPayload,
  eventPayload,
  familyProfilePayload,
  homeworkPayload,
  markPayload,
  meshStudent,
  PERSON_GUID,
  PROFILE_ID,
  STUDENT_ID,
  subjectMarksEntry,
} from './fixtures.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';

// nock 14 intercepts only the global fetch, hence the fetch transport (production uses undici's request).
const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const TOKEN = 'mesh-access-token-7c1f0e9a';
const RANGE = { from: '2025-09-15', to: '2025-09-21' };
const FAMILY_PREFIX = '/api/family/mobile/v1';

const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: TOKEN } };
const student = meshStudent();

function createAdapter(
  hosts: { schoolBaseUrl?: string; aclBaseUrl?: string } = { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
) {
  return createMeshAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    hosts,
    now: () => new Date('2025-09-17T09:00:00Z'),
  });
}

function mockProfileInfo(base = ACL) {
  return nock(base)
    .get('/acl/api/users/profile_info')
    .matchHeader('auth-token', TOKEN)
    .matchHeader('partner-source-id', 'MOBILE')
    .matchHeader('accept', 'application/json')
    .reply(200, [
      { id: 11112222, type: 'student' },
      { id: PROFILE_ID, type: 'parent' },
    ]);
}

/** A family route with exactly the headers of the official app; no bearer token there. */
function mockFamily(route: string, base = SCHOOL) {
  return nock(base, { badheaders: ['authorization'] })
    .get(`${FAMILY_PREFIX}/${route}`)
    .matchHeader('auth-token', TOKEN)
    .matchHeader('profile-id', String(PROFILE_ID))
    .matchHeader('x-mes-subsystem', 'familymp')
    .matchHeader('client-type', 'diary-mobile')
    .matchHeader('accept', 'application/json');
}

function mockEvents() {
  return nock(SCHOOL)
    .get('/api/eventcalendar/v1/api/events')
    .query({
      person_ids: PERSON_GUID,
      begin_date: RANGE.from,
      end_date: RANGE.to,
      expand: 'marks,homework,absence_reason_id,health_status,nonattendance_reason_id',
    })
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('x-mes-role', 'parent')
    .matchHeader('x-mes-subsystem', 'familymp')
    .matchHeader('profile-id', String(PROFILE_ID))
    .matchHeader('accept', 'application/json');
}

const rangeQuery = { student_id: String(STUDENT_ID), from: RANGE.from, to: RANGE.to };

useStrictNock();

describe('МЭШ adapter requests', () => {
  it('should read the profile with the parent profile id from profile_info', async () => {
    mockProfileInfo();
    mockFamily('profile').reply(200, familyProfilePayload());
    const profile = await createAdapter().fetchProfile(account, testScope());
    expect(profile.holder).toEqual({
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: 'Сергеевна',
      birthDate: '1986-03-14',
      snils: '11223344595',
    });
    expect(profile.students).toEqual([
      expect.objectContaining({
        externalId: String(STUDENT_ID),
        providerIds: { studentId: String(STUDENT_ID), personGuid: PERSON_GUID },
        timeZone: 'Europe/Moscow',
      }),
    ]);
  });

  it('should use the real МЭШ hosts by default and keep a base path prefix', async () => {
    mockProfileInfo('https://dnevnik.mos.ru');
    mockFamily('profile', 'https://proxy.test/mesh').reply(200, familyProfilePayload());
    const adapter = createAdapter({ schoolBaseUrl: 'https://proxy.test/mesh/' });
    await expect(adapter.fetchProfile(account, testScope())).resolves.toMatchObject({ students: [expect.anything()] });

    mockProfileInfo();
    mockFamily('profile', 'https://school.mos.ru').reply(200, familyProfilePayload());
    await createAdapter({ aclBaseUrl: ACL }).fetchProfile(account, testScope());
  });

  it('should read grades from the marks route for the whole range', async () => {
    mockProfileInfo();
    mockFamily('marks')
      .query(rangeQuery)
      .reply(200, { payload: [markPayload({ id: 2, date: '2025-09-16' }), markPayload({ id: 1 })] });
    const grades = await createAdapter().fetchGrades(account, student, RANGE, testScope());
    expect(grades.map((grade) => [grade.id, grade.date, grade.createdAt])).toEqual([
      ['mesh:1', '2025-09-15', '2025-09-15T10:02:00+03:00'],
      ['mesh:2', '2025-09-16', '2025-09-15T10:02:00+03:00'],
    ]);
  });

  it('should read homework from the homeworks route', async () => {
    mockProfileInfo();
    mockFamily('homeworks')
      .query(rangeQuery)
      .reply(200, { payload: [homeworkPayload()] });
    const homework = await createAdapter().fetchHomework(account, student, RANGE, testScope());
    expect(homework).toEqual([expect.objectContaining({ id: 'mesh:310000001', dueOn: '2025-09-16', isDone: false })]);
  });

  it('should read non-school days from periods_schedules', async () => {
    mockProfileInfo();
    mockFamily('periods_schedules')
      .query(rangeQuery)
      .reply(200, [{ date: '2025-09-20', type: 'holiday', title: 'День города', description: null, events: [] }]);
    const days = await createAdapter().fetchNonSchoolDays(account, student, RANGE, testScope());
    expect(days).toEqual([{ date: '2025-09-20', kind: 'HOLIDAY', title: 'День города', provider: 'MESH' }]);
  });

  it('should serve subjects, periods and averages from one subject_marks call and one profile_info call', async () => {
    mockProfileInfo();
    mockFamily('subject_marks')
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { payload: [subjectMarksEntry()] });
    const adapter = createAdapter();
    const scope = testScope();
    const [subjects, periods, averages] = await Promise.all([
      adapter.fetchSubjects(account, student, scope),
      adapter.fetchPeriods(account, student, scope),
      adapter.fetchSubjectAverages(account, student, scope),
    ]);
    expect(subjects).toEqual([{ id: 'mesh:33623', name: 'Алгебра', provider: 'MESH' }]);
    expect(periods).toEqual([
      {
        id: 'mesh:2025-09-01_2025-10-26',
        title: '1 четверть',
        start: '2025-09-01',
        end: '2025-10-26',
        isCurrent: true,
        provider: 'MESH',
      },
    ]);
    expect(averages).toEqual([
      expect.objectContaining({ periodId: 'mesh:2025-09-01_2025-10-26', providerAverage: 4.5, trend: 'UP' }),
    ]);
  });

  it('should build schedule and attendance over one range from a single events call', async () => {
    mockProfileInfo();
    mockEvents().reply(200, {
      total_count: 3,
      errors: null,
      response: [
        eventPayload({
          id: 2,
          start_at: '2025-09-15T09:30:00+03:00',
          finish_at: '2025-09-15T10:15:00+03:00',
          is_missed_lesson: true,
        }),
        eventPayload({ id: 1, marks: [eventMarkPayload()] }),
        eventPayload({ id: 9, source: 'AE' }),
      ],
    });
    mockFamily('attendance')
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { days_count: 1, year_description: null, attendance: [attendanceDay({ date: '2025-09-17' })] });
    // Both lessons are on one day: one `schedule` call gives their numbers and teachers.
    mockFamily('schedule')
      .query({ student_id: String(STUDENT_ID), date: '2025-09-15' })
      .reply(200, {
        summary: '2 урока',
        date: '2025-09-15',
        activities: [
          {
            type: 'LESSON',
            info: '1 урок',
            begin_time: '08:30',
            lesson: {
              schedule_item_id: 1,
              subject_id: 33623,
              teacher: { last_name: 'Петров', first_name: 'Пётр', middle_name: 'Петрович' },
            },
          },
          { type: 'BREAK', info: 'Перемена', duration: 900 },
          {
            type: 'LESSON',
            info: '2 урок',
            begin_time: '09:30',
            lesson: { schedule_item_id: 2, subject_id: 33623, teacher: null },
          },
        ],
      });
    const adapter = createAdapter();
    const scope = testScope();
    const [schedule, attendance] = await Promise.all([
      adapter.fetchSchedule(account, student, RANGE, scope),
      adapter.fetchAttendance(account, student, RANGE, scope),
    ]);
    expect(schedule.map((lesson) => [lesson.id, lesson.number, lesson.teacher?.fullName ?? null])).toEqual([
      ['mesh:1', 1, 'Петров Пётр Петрович'],
      // The day read names no teacher for it: none is made up from the subject's other lesson.
      ['mesh:2', 2, null],
    ]);
    expect(schedule[0]?.grades.map((grade) => grade.id)).toEqual(['mesh:2212345678']);
    expect(attendance.map((record) => [record.date, record.lesson?.id ?? null, record.kind, record.reason])).toEqual([
      ['2025-09-15', 'mesh:2', 'ABSENCE', null],
      ['2025-09-17', null, 'EXCUSED_ABSENCE', 'болезнь'],
    ]);
  });

  it('should fail with a typed error, not reach the network, when a request is not mocked', async () => {
    const error = await providerRejection(createAdapter().fetchProfile(account, testScope()));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.provider).toBe('MESH');
    expect(error.upstreamStatus).toBeUndefined();
  });

  it('should refuse an account without a token before any request', async () => {
    const tokenless: ProviderAccount = { ...account, credentials: {} };
    const error = await providerRejection(createAdapter().fetchGrades(tokenless, student, RANGE, testScope()));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('no access token is stored for this account');
  });

  it('should refuse a child without a person GUID before calling the event calendar', async () => {
    const withoutGuid: ProviderStudent = { ...student, providerIds: { studentId: String(STUDENT_ID) } };
    const error = await providerRejection(createAdapter().fetchSchedule(account, withoutGuid, RANGE, testScope()));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
  });

  it('should turn an abort of the scope signal into PROVIDER_TIMEOUT', async () => {
    const controller = new AbortController();
    mockProfileInfo();
    mockFamily('marks')
      .query(rangeQuery)
      .reply(() => {
        // The request is in flight when the gateway gives up on it.
        controller.abort();
        return [200, { payload: [] }];
      });
    const error = await providerRejection(
      createAdapter().fetchGrades(account, student, RANGE, testScope(controller.signal)),
    );
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.provider).toBe('MESH');
  });
});

describe('МЭШ adapter error mapping', () => {
  const SECRET_VALUE = 'Секретная-Фамилия-4711';
  const html = (title: string) =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
  const htmlHeaders = { 'Content-Type': 'text/html; charset=utf-8' };

  it.each([
    ['401 with an empty body', 401, '', {}, 'PROVIDER_AUTH_FAILED'],
    ['403 with an nginx HTML page', 403, html('403 Forbidden'), htmlHeaders, 'PROVIDER_AUTH_FAILED'],
    [
      '403 with a JSON message',
      403,
      JSON.stringify({ message: `Доступ запрещён: ${SECRET_VALUE}` }),
      {},
      'PROVIDER_AUTH_FAILED',
    ],
    [
      '400 with a JSON message',
      400,
      JSON.stringify({ message: 'student_id is required' }),
      {},
      'PROVIDER_BAD_RESPONSE',
    ],
    ['500 with a JSON message', 500, JSON.stringify({ message: 'Internal Server Error' }), {}, 'PROVIDER_UNAVAILABLE'],
    ['503 with a maintenance page', 503, html('Технические работы'), htmlHeaders, 'PROVIDER_UNAVAILABLE'],
    ['200 with an HTML page', 200, html('Вход'), htmlHeaders, 'PROVIDER_BAD_RESPONSE'],
    [
      '200 with truncated JSON',
      200,
      `{"payload":[{"id":1,"value":"5","subject_name":"${SECRET_VALUE}`,
      {},
      'PROVIDER_BAD_RESPONSE',
    ],
    ['404 from a proxy', 404, 'Not Found', {}, 'PROVIDER_BAD_RESPONSE'],
    ['429', 429, '', {}, 'PROVIDER_UNAVAILABLE'],
  ] as const)('should map %s to %s', async (_name, status, body, headers, code) => {
    mockProfileInfo();
    mockFamily('marks').query(rangeQuery).reply(status, body, headers);
    const error = await providerRejection(createAdapter().fetchGrades(account, student, RANGE, testScope()));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('MESH');
    expect(error.upstreamStatus).toBe(status);
    expect(error.message).toContain('marks');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(SECRET_VALUE);
    expect(error.message).not.toContain('Доступ запрещён');
    const cause = error.cause as MeshUpstreamAnswer;
    expect(cause).toBeInstanceOf(MeshUpstreamAnswer);
    expect(cause.status).toBe(status);
    expect(cause.message).not.toContain(TOKEN);
    // The body never reaches the cause; only МЭШ's own {"message"} text does.
    expect(cause.message.includes(SECRET_VALUE)).toBe(cause.providerMessage?.includes(SECRET_VALUE) ?? false);
  });

  it('should keep МЭШ’s own message in the cause only', async () => {
    mockProfileInfo();
    mockFamily('marks').query(rangeQuery).reply(403, { message: 'Profile-Id does not belong to the token' });
    const error = await providerRejection(createAdapter().fetchGrades(account, student, RANGE, testScope()));
    expect(error.message).not.toContain('Profile-Id does not belong');
    expect(error.cause).toBeInstanceOf(MeshUpstreamAnswer);
    expect((error.cause as MeshUpstreamAnswer).providerMessage).toBe('Profile-Id does not belong to the token');
    expect((error.cause as MeshUpstreamAnswer).status).toBe(403);
  });

  it('should serve the marks that still read and report the one that drifted by route and path, never a value', async () => {
    mockProfileInfo();
    mockFamily('marks')
      .query(rangeQuery)
      .reply(200, {
        payload: [
          markPayload({ id: 1, subject_name: SECRET_VALUE }),
          markPayload({ id: 2, comment: SECRET_VALUE }),
          markPayload({ id: 3 }),
          { ...markPayload({ id: 4, subject_name: SECRET_VALUE }), date: 20250915 },
        ],
      });
    const counted: SchemaDrift[] = [];
    const reported = new DriftCollector();
    const adapter = createMeshAdapter({
      transport: createFetchTransport({ timeoutMs: 2_000 }),
      hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
      onSchemaDrift: (drift) => counted.push(drift),
    });
    const grades = await adapter.fetchGrades(account, student, RANGE, scopeReportingTo(testScope(), reported));
    expect(grades.map((grade) => grade.id).sort()).toEqual(['mesh:1', 'mesh:2', 'mesh:3']);
    const drift = [{ provider: 'MESH', route: 'marks', schemaPath: 'payload[].date', dropped: 1 }];
    expect(reported.list()).toEqual(drift);
    expect(counted).toEqual(drift);
    for (const leak of [SECRET_VALUE, '20250915', TOKEN]) expect(JSON.stringify(reported.list())).not.toContain(leak);
  });

  it('should refuse an answer whose core list is unreadable, naming the route and path but no value', async () => {
    mockProfileInfo();
    mockFamily('marks')
      .query(rangeQuery)
      .reply(200, { payload: { marks: [markPayload({ subject_name: SECRET_VALUE })] } });
    const error = await providerRejection(createAdapter().fetchGrades(account, student, RANGE, testScope()));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.upstreamStatus).toBe(200);
    expect(error.message).toContain('marks: payload: expected array');
    expect(error.message).not.toContain(SECRET_VALUE);
    expect(error.message).not.toContain(TOKEN);
    expect(error.cause).toBeDefined();
  });

  it('should map a failure of profile_info the same way', async () => {
    nock(ACL).get('/acl/api/users/profile_info').reply(401, '');
    const error = await providerRejection(createAdapter().fetchProfile(account, testScope()));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.upstreamStatus).toBe(401);
    expect(error.message).toContain('profile_info');
  });
});

describe('МЭШ adapter sign-in', () => {
  it('should keep the trimmed token and call nothing (fetchProfile verifies it next)', async () => {
    await expect(createAdapter().signIn({ provider: 'MESH', token: `  ${TOKEN}\n` }, testScope())).resolves.toEqual({
      token: TOKEN,
    });
  });

  it.each([
    ['an empty token', { provider: 'MESH', token: '   ' }, 'token'],
    [
      'another diary’s input',
      { provider: 'ELJUR', login: 'anna', password: 'hunter2-Пароль', vendor: 'school1' },
      'provider',
    ],
  ] as const)('should refuse %s as BAD_USER_INPUT naming %s', async (_name, input, argument) => {
    await badUserInput(createAdapter().signIn(input, testScope()), argument, ['hunter2']);
  });
});

describe('МЭШ adapter absence notices', () => {
  const NOTICE_PATH = `${FAMILY_PREFIX}/attendance`;

  it('should post one notification per day, weekends included, with the reason id and its Russian name', async () => {
    mockProfileInfo();
    nock(SCHOOL, { badheaders: ['authorization'] })
      .post(NOTICE_PATH, {
        student_id: STUDENT_ID,
        notifications: [
          { date: '2025-09-19', reason_id: 6, description: 'болезнь' },
          { date: '2025-09-20', reason_id: 6, description: 'болезнь' },
          { date: '2025-09-21', reason_id: 6, description: 'болезнь' },
          { date: '2025-09-22', reason_id: 6, description: 'болезнь' },
        ],
      })
      .matchHeader('auth-token', TOKEN)
      .matchHeader('profile-id', String(PROFILE_ID))
      .matchHeader('x-mes-subsystem', 'familymp')
      .matchHeader('client-type', 'diary-mobile')
      .matchHeader('content-type', 'application/json')
      .reply(200, {});
    const notice = { range: { from: '2025-09-19', to: '2025-09-22' }, reason: 'ILLNESS', comment: null } as const;
    await expect(createAdapter().submitAbsenceNotice(account, student, notice, testScope())).resolves.toBeUndefined();
  });

  it.each([
    ['FAMILY', null, 2, 'семейные обстоятельства'],
    ['OTHER', '  ', 1, 'другая причина'],
    ['OTHER', ' олимпиада по математике ', 1, 'олимпиада по математике'],
    ['ILLNESS', 'температура', 6, 'температура'],
  ] as const)(
    'should send %s with comment %j as reason_id %i and description %j',
    async (reason, comment, reasonId, description) => {
      mockProfileInfo();
      nock(SCHOOL)
        .post(NOTICE_PATH, {
          student_id: STUDENT_ID,
          notifications: [{ date: '2025-09-19', reason_id: reasonId, description }],
        })
        .matchHeader('auth-token', TOKEN)
        .reply(204);
      const notice = { range: { from: '2025-09-19', to: '2025-09-19' }, reason, comment };
      await createAdapter().submitAbsenceNotice(account, student, notice, testScope());
    },
  );

  it('should refuse a range that ends before it starts without calling МЭШ', async () => {
    const notice = { range: { from: '2025-09-20', to: '2025-09-19' }, reason: 'ILLNESS', comment: null } as const;
    await badUserInput(createAdapter().submitAbsenceNotice(account, student, notice, testScope()), 'to');
  });

  it('should withdraw with one DELETE per day, in order, with the family headers', async () => {
    mockProfileInfo();
    const deleted: string[] = [];
    for (const date of ['2025-09-19', '2025-09-20']) {
      nock(SCHOOL, { badheaders: ['authorization', 'content-type'] })
        .delete(NOTICE_PATH)
        .query({ student_id: String(STUDENT_ID), date })
        .matchHeader('auth-token', TOKEN)
        .matchHeader('profile-id', String(PROFILE_ID))
        .matchHeader('x-mes-subsystem', 'familymp')
        .reply(() => {
          deleted.push(date);
          return [204, ''];
        });
    }
    await createAdapter().withdrawAbsenceNotice(
      account,
      student,
      { from: '2025-09-19', to: '2025-09-20' },
      testScope(),
    );
    expect(deleted).toEqual(['2025-09-19', '2025-09-20']);
  });

  it('should stop withdrawing at the first refused day', async () => {
    mockProfileInfo();
    nock(SCHOOL)
      .delete(NOTICE_PATH)
      .query({ student_id: String(STUDENT_ID), date: '2025-09-19' })
      .reply(500, { message: 'Internal Server Error' });
    const error = await providerRejection(
      createAdapter().withdrawAbsenceNotice(account, student, { from: '2025-09-19', to: '2025-09-21' }, testScope()),
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('attendance (DELETE)');
  });

  it.each([
    ['401', 401, '', {}, 'PROVIDER_AUTH_FAILED'],
    [
      '403 with an nginx page',
      403,
      '<html><body>403 Forbidden</body></html>',
      { 'Content-Type': 'text/html' },
      'PROVIDER_AUTH_FAILED',
    ],
    ['400', 400, JSON.stringify({ message: 'reason_id is invalid' }), {}, 'PROVIDER_BAD_RESPONSE'],
    ['503', 503, '', {}, 'PROVIDER_UNAVAILABLE'],
    [
      '200 with a login page',
      200,
      '<!DOCTYPE html><html><title>Вход</title></html>',
      { 'Content-Type': 'text/html' },
      'PROVIDER_BAD_RESPONSE',
    ],
  ] as const)(
    'should map a notice answered %s to %s like any other МЭШ call',
    async (_name, status, body, headers, code) => {
      mockProfileInfo();
      nock(SCHOOL).post(NOTICE_PATH).reply(status, body, headers);
      const notice = {
        range: { from: '2025-09-19', to: '2025-09-19' },
        reason: 'ILLNESS',
        comment: 'температура',
      } as const;
      const error = await providerRejection(createAdapter().submitAbsenceNotice(account, student, notice, testScope()));
      expect(error.code).toBe(code);
      expect(error.upstreamStatus).toBe(status);
      expect(error.message).toContain('attendance (POST)');
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain('температура');
    },
  );

  it('should send a notice once even through a retrying transport, while reads are retried', async () => {
    const retrying = withRetries(createFetchTransport({ timeoutMs: 2_000 }), {
      retries: 2,
      baseDelayMs: 1,
      maxDelayMs: 1,
    });
    const adapter = createMeshAdapter({ transport: retrying, hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL } });
    mockProfileInfo();
    let posts = 0;
    nock(SCHOOL)
      .post(NOTICE_PATH)
      .times(3)
      .reply(() => {
        posts += 1;
        return [503, ''];
      });
    const notice = { range: { from: '2025-09-19', to: '2025-09-19' }, reason: 'ILLNESS', comment: null } as const;
    const error = await providerRejection(adapter.submitAbsenceNotice(account, student, notice, testScope()));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(posts).toBe(1);
    // The same transport does retry a read: the two 503s are used up by one GET.
    mockProfileInfo();
    nock(SCHOOL)
      .get(`${FAMILY_PREFIX}/attendance`)
      .query({ student_id: String(STUDENT_ID) })
      .times(2)
      .reply(503, '');
    nock(SCHOOL)
      .get(`${FAMILY_PREFIX}/attendance`)
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { attendance: [] });
    mockEvents().reply(200, { total_count: 0, response: [], errors: null });
    await expect(adapter.fetchAttendance(account, student, RANGE, testScope())).resolves.toEqual([]);
    nock.cleanAll(); // the two unused POST interceptors
  });
});
