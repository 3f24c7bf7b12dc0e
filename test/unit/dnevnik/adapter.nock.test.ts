import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { DnevnikUpstreamAnswer } from '../../../adapters/dnevnik/errors.js';
import {
  createDnevnikAdapter,
  exchangeDnevnikCode,
  type DnevnikAdapterOptions,
} from '../../../adapters/dnevnik/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderStudent, SchemaDrift } from '../../../src/domain/model.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import {
  ALGEBRA,
  averageMarksPayload,
  contextPayload,
  dayPayload,
  eduGroupPayload,
  finalMarksPayload,
  GROUP,
  HISTORY,
  homeworkPayload,
  LESSON,
  lessonPayload,
  logEntryPayload,
  MARK,
  markPayload,
  PERIOD,
  PERSON,
  relativesPayload,
  reportingPeriodsPayload,
  SCHOOL,
  schoolPayload,
  studentRecord,
  subgroupPayload,
  subjectPayload,
  timetablesPayload,
  userPayload,
  wire,
  workTypePayload,
} from './fixtures.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';

// nock 14 intercepts only the global fetch, hence the fetch transport (production uses undici's request).
const BASE = 'https://api.dnevnik.test';
const TOKEN = 'dnevnik-access-token-7c1f0e9a';
const REFRESH = 'dnevnik-refresh-token-3b2a55d1';
const NEW_TOKEN = 'dnevnik-access-token-new-91ab20ce';
const NEW_REFRESH = 'dnevnik-refresh-token-new-0c7d4e8f';
const CLIENT_ID = 'gateway-client';
const CLIENT_SECRET = 'gateway-client-secret-5f1e9d';
const WEEK = { from: '2025-09-15', to: '2025-09-21' };
const NOW = new Date('2025-09-17T09:00:00Z');
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

const account: ProviderAccount = {
  id: 'account-1',
  provider: 'DNEVNIK',
  credentials: { accessToken: TOKEN, refreshToken: REFRESH },
};
const student: ProviderStudent = studentRecord();

function createAdapter(overrides: Partial<DnevnikAdapterOptions> = {}) {
  return createDnevnikAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    baseUrl: BASE,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    now: () => NOW,
    ...overrides,
  });
}

/** A data route with exactly the headers every client sends: `Access-Token`, no bearer token. */
function api(path: string, token = TOKEN, base = BASE) {
  return nock(base, { badheaders: ['authorization'] })
    .get(path)
    .matchHeader('access-token', token)
    .matchHeader('accept', 'application/json');
}

const paths = {
  subjects: `/v2/edu-groups/${GROUP}/subjects`,
  workTypes: `/v2/work-types/${SCHOOL}`,
  schedules: `/v2/persons/${PERSON}/groups/${GROUP}/schedules`,
  timetables: `/v2/edu-groups/${GROUP}/timetables`,
  periods: `/v2/edu-groups/${GROUP}/reporting-periods`,
  marks: (from: string, to: string) => `/v2/persons/${PERSON}/schools/${SCHOOL}/marks/${from}/${to}`,
};

/** Mocks the three reads behind every diary index: the week's schedules, the work types, the class subjects. */
function mockIndex(days = [dayPayload()], range = WEEK) {
  api(paths.schedules).query({ startDate: range.from, endDate: range.to }).reply(200, wire({ days }), JSON_HEADERS);
  api(paths.workTypes).reply(200, wire([workTypePayload()]), JSON_HEADERS);
  api(paths.subjects).reply(200, wire([subjectPayload(ALGEBRA, 'Алгебра')]), JSON_HEADERS);
}

/** What the token endpoint must receive for a refresh: the form and HTTP Basic with the client. */
function mockRefresh(
  reply: [number, string] = [
    200,
    wire({
      accessToken: NEW_TOKEN,
      expiresIn: 2592000,
      expiresIn_str: '2592000',
      refreshToken: NEW_REFRESH,
      scope: 'CommonInfo',
      user: 7n,
      user_str: '7',
    }),
  ],
) {
  return nock(BASE)
    .post(
      '/v2/authorizations',
      (body: Record<string, string>) =>
        body.grant_type === 'RefreshToken' &&
        body.refreshToken === REFRESH &&
        body.client_id === CLIENT_ID &&
        body.client_secret === CLIENT_SECRET,
    )
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .matchHeader('authorization', `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`)
    .reply(reply[0], reply[1], JSON_HEADERS);
}

useStrictNock();

describe('Dnevnik.ru adapter requests', () => {
  it('should read the profile from users/me, the context, the relatives, the edu-groups and the school', async () => {
    api('/v2/users/me').reply(200, wire(userPayload()), JSON_HEADERS);
    api('/v2/users/me/context').reply(200, wire(contextPayload()), JSON_HEADERS);
    api('/v2/users/me/relatives').reply(200, wire(relativesPayload()), JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups`).reply(200, wire([subgroupPayload(), eduGroupPayload()]), JSON_HEADERS);
    api(`/v2/schools/${SCHOOL}`).reply(200, wire(schoolPayload()), JSON_HEADERS);
    const profile = await createAdapter().fetchProfile(account, testScope());
    expect(profile.holder).toEqual({
      firstName: 'Анна',
      lastName: 'Петрова',
      middleName: 'Сергеевна',
      birthDate: '1986-03-14',
      snils: null,
    });
    expect(profile.students).toEqual([
      expect.objectContaining({
        externalId: PERSON.toString(),
        providerIds: { personId: PERSON.toString(), schoolId: SCHOOL.toString(), eduGroupId: '2421882773904846063' },
        className: '9-А',
        timeZone: 'Asia/Yekaterinburg',
      }),
    ]);
  });

  it('should use the real host by default and keep a white label’s path prefix', async () => {
    api(paths.periods, TOKEN, 'https://api.dnevnik.ru').reply(200, '[]', JSON_HEADERS);
    await createAdapter({ baseUrl: undefined }).fetchPeriods(account, student, testScope());
    api(paths.periods, TOKEN, 'https://proxy.test/kundelik').reply(200, '[]', JSON_HEADERS);
    await createAdapter({ baseUrl: 'https://proxy.test/kundelik/' }).fetchPeriods(account, student, testScope());
  });

  it('should read grades from the marks route, joined through the week’s schedules and work types', async () => {
    api(paths.marks(WEEK.from, WEEK.to)).reply(200, wire([markPayload()]), JSON_HEADERS);
    mockIndex();
    const grades = await createAdapter().fetchGrades(account, student, WEEK, testScope());
    expect(grades.map((grade) => [grade.id, grade.date, grade.subject.name, grade.weight, grade.workType])).toEqual([
      [`dnevnik:${MARK}`, '2025-09-15', 'Алгебра', 3, 'Контрольная работа'],
    ]);
  });

  it('should split a long range into month calls and de-duplicate what the pieces repeat', async () => {
    const range = { from: '2025-09-15', to: '2025-10-20' };
    const pieces = [
      { from: '2025-09-15', to: '2025-09-30' },
      { from: '2025-10-01', to: '2025-10-20' },
    ];
    for (const piece of pieces) {
      api(paths.marks(piece.from, piece.to)).reply(200, wire([markPayload()]), JSON_HEADERS);
      api(paths.schedules)
        .query({ startDate: piece.from, endDate: piece.to })
        .reply(200, wire({ days: [dayPayload()] }), JSON_HEADERS);
    }
    api(paths.workTypes).reply(200, wire([workTypePayload()]), JSON_HEADERS);
    api(paths.subjects).reply(200, '[]', JSON_HEADERS);
    const grades = await createAdapter().fetchGrades(account, student, range, testScope());
    expect(grades.map((grade) => grade.id)).toEqual([`dnevnik:${MARK}`]);
  });

  it('should build schedule, homework, attendance and grades of one range from one schedules call', async () => {
    const day = dayPayload({ homeworks: [homeworkPayload()], lessonLogEntries: [logEntryPayload({ status: 'Ill' })] });
    mockIndex([day]);
    api(paths.timetables).reply(200, wire(timetablesPayload()), JSON_HEADERS);
    api(`/v2/persons/${PERSON}/lesson-log-entries`)
      .query({ startDate: WEEK.from, endDate: WEEK.to })
      .reply(200, wire([logEntryPayload({ status: 'Ill' })]), JSON_HEADERS);
    api(paths.marks(WEEK.from, WEEK.to)).reply(200, wire([markPayload()]), JSON_HEADERS);
    const adapter = createAdapter();
    const scope = testScope();
    const [schedule, homework, attendance, grades] = await Promise.all([
      adapter.fetchSchedule(account, student, WEEK, scope),
      adapter.fetchHomework(account, student, WEEK, scope),
      adapter.fetchAttendance(account, student, WEEK, scope),
      adapter.fetchGrades(account, student, WEEK, scope),
    ]);
    expect(schedule.map((lesson) => [lesson.id, lesson.startsAt, lesson.absence?.kind])).toEqual([
      [`dnevnik:${LESSON}`, '2025-09-15T08:30:00+03:00', 'EXCUSED_ABSENCE'],
    ]);
    expect(homework.map((entry) => entry.text)).toEqual(['№ 12, 14']);
    expect(attendance.map((record) => [record.date, record.lesson?.id, record.kind, record.reason])).toEqual([
      ['2025-09-15', `dnevnik:${LESSON}`, 'EXCUSED_ABSENCE', 'болезнь'],
    ]);
    expect(grades).toHaveLength(1);
  });

  it('should keep every digit of ids that arrive without twins', async () => {
    const lesson = 1876543210986009999n;
    const subject = 1874532000000077777n;
    const text = wire({
      days: [dayPayload({ lessons: [lessonPayload({ id: lesson, subjectId: subject })], marks: [] })],
    });
    expect(text).toContain(`"id":${lesson},`);
    api(paths.schedules).query({ startDate: WEEK.from, endDate: WEEK.to }).reply(200, text, JSON_HEADERS);
    api(paths.workTypes).reply(200, '[]', JSON_HEADERS);
    api(paths.subjects).reply(200, wire([{ id: subject, name: 'Физика' }]), JSON_HEADERS);
    api(paths.timetables).reply(200, '[]', JSON_HEADERS);
    const [only] = await createAdapter().fetchSchedule(account, student, WEEK, testScope());
    expect(only?.id).toBe('dnevnik:1876543210986009999');
    expect(only?.subject).toEqual({ id: 'dnevnik:1874532000000077777', name: 'Физика', provider: 'DNEVNIK' });
  });

  it('should list the class’s and its subgroup’s subjects', async () => {
    api(paths.subjects).reply(200, wire([subjectPayload(ALGEBRA, 'Алгебра')]), JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups`).reply(
      200,
      wire([
        eduGroupPayload({ subjects: [] }),
        subgroupPayload(),
        eduGroupPayload({ id: 5n, id_str: '5', subjects: [subjectPayload(7n, 'Прошлогодний')] }),
      ]),
      JSON_HEADERS,
    );
    const subjects = await createAdapter().fetchSubjects(account, student, testScope());
    expect(subjects.map((subject) => subject.id)).toEqual([`dnevnik:${ALGEBRA}`, `dnevnik:${HISTORY}`]);
  });

  it('should read periods and, for started ones, averages as of today or their last day, plus final marks', async () => {
    const today = new Date('2025-11-10T09:00:00Z');
    api(paths.periods).reply(200, wire(reportingPeriodsPayload()), JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups/${GROUP}/allfinalmarks`).reply(200, wire(finalMarksPayload()), JSON_HEADERS);
    api(paths.subjects).reply(200, wire([subjectPayload(ALGEBRA, 'Алгебра')]), JSON_HEADERS);
    api(`/v2/edu-groups/${GROUP}/reporting-periods/${PERIOD}/avg-marks/2025-10-26`).reply(
      200,
      wire(averageMarksPayload(PERSON, '4.56')),
      JSON_HEADERS,
    );
    api(`/v2/edu-groups/${GROUP}/reporting-periods/${PERIOD + 1n}/avg-marks/2025-11-10`).reply(
      200,
      wire(averageMarksPayload(PERSON, '3.50')),
      JSON_HEADERS,
    );
    const adapter = createAdapter({ now: () => today });
    const scope = testScope();
    const [periods, averages] = await Promise.all([
      adapter.fetchPeriods(account, student, scope),
      adapter.fetchSubjectAverages(account, student, scope),
    ]);
    expect(periods.map((period) => [period.id, period.isCurrent])).toEqual([
      [`dnevnik:${GROUP}:${PERIOD}`, false],
      [`dnevnik:${GROUP}:${PERIOD + 1n}`, true],
    ]);
    expect(
      averages.map((average) => [average.periodId, average.providerAverage, average.finalGrade?.raw ?? null]),
    ).toEqual([
      [`dnevnik:${GROUP}:${PERIOD}`, 4.56, '4'],
      [`dnevnik:${GROUP}:${PERIOD + 1n}`, 3.5, null],
    ]);
  });

  it('should ask for no averages of a period that has not started', async () => {
    api(paths.periods).reply(200, wire(reportingPeriodsPayload()), JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups/${GROUP}/allfinalmarks`).reply(
      200,
      wire({ marks: [], works: [], subjects: [], workTypes: [] }),
      JSON_HEADERS,
    );
    api(paths.subjects).reply(200, '[]', JSON_HEADERS);
    api(`/v2/edu-groups/${GROUP}/reporting-periods/${PERIOD}/avg-marks/2025-09-17`).reply(
      200,
      wire(averageMarksPayload()),
      JSON_HEADERS,
    );
    const averages = await createAdapter().fetchSubjectAverages(account, student, testScope());
    expect(averages.map((average) => average.periodId)).toEqual([`dnevnik:${GROUP}:${PERIOD}`]);
  });

  it('should answer non-school days with an empty list and no request', async () => {
    await expect(createAdapter().fetchNonSchoolDays(account, student, WEEK, testScope())).resolves.toEqual([]);
  });

  it('should fail typed, not reach the network, when a request is not mocked', async () => {
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope()));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.provider).toBe('DNEVNIK');
    expect(error.upstreamStatus).toBeUndefined();
  });

  it('should refuse an account without an access token before any request', async () => {
    const error = await providerRejection(
      createAdapter().fetchPeriods({ ...account, credentials: {} }, student, testScope()),
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('no access token is stored for this account');
  });

  it('should refuse a child without a class before any request', async () => {
    const classless = { ...student, providerIds: { personId: PERSON.toString(), schoolId: SCHOOL.toString() } };
    const error = await providerRejection(createAdapter().fetchSchedule(account, classless, WEEK, testScope()));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.message).toContain('class (edu-group)');
  });

  it('should turn an abort of the scope signal into PROVIDER_TIMEOUT', async () => {
    const controller = new AbortController();
    api(paths.periods).reply(() => {
      controller.abort();
      return [200, '[]'];
    });
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope(controller.signal)));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
  });

  it.each([
    ['an invalid base URL', { baseUrl: 'api.dnevnik.ru' }, TypeError],
    ['a client id without its secret', { clientSecret: undefined }, TypeError],
    ['an unknown time zone', { defaultTimeZone: 'Mars/Olympus' }, RangeError],
  ])('should refuse %s when created', (_name, overrides, type) => {
    expect(() => createAdapter(overrides)).toThrow(type);
  });
});

describe('Dnevnik.ru token refresh', () => {
  it('should refresh once on 401, retry with the new token, hand the new credentials over, and use them afterwards', async () => {
    const refreshed = vi.fn(async () => {});
    api(paths.periods).reply(401, '');
    mockRefresh();
    api(paths.periods, NEW_TOKEN).reply(200, wire(reportingPeriodsPayload()), JSON_HEADERS);
    api(paths.subjects, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups`, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    const adapter = createAdapter({ onCredentialsRefreshed: refreshed });
    const scope = testScope();
    expect(await adapter.fetchPeriods(account, student, scope)).toHaveLength(2);
    await adapter.fetchSubjects(account, student, scope);
    expect(refreshed).toHaveBeenCalledTimes(1);
    // With the credentials it refreshed from, so the store writes the new ones only over those.
    expect(refreshed).toHaveBeenCalledWith(
      'account-1',
      { accessToken: NEW_TOKEN, refreshToken: NEW_REFRESH },
      account.credentials,
    );
  });

  it('should share one refresh between calls that fail at once', async () => {
    const refreshed = vi.fn(async () => {});
    api(paths.periods).reply(401, '');
    api(paths.subjects).reply(401, '');
    api(`/v2/persons/${PERSON}/edu-groups`).reply(401, '');
    mockRefresh();
    api(paths.periods, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    api(paths.subjects, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    api(`/v2/persons/${PERSON}/edu-groups`, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    const adapter = createAdapter({ onCredentialsRefreshed: refreshed });
    const scope = testScope();
    await Promise.all([adapter.fetchPeriods(account, student, scope), adapter.fetchSubjects(account, student, scope)]);
    expect(refreshed).toHaveBeenCalledTimes(1);
  });

  it('should refresh when a 200 carries invalidToken', async () => {
    api(paths.periods).reply(
      200,
      JSON.stringify({ type: 'invalidToken', description: 'Токен недействителен' }),
      JSON_HEADERS,
    );
    mockRefresh();
    api(paths.periods, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    await expect(createAdapter().fetchPeriods(account, student, testScope())).resolves.toEqual([]);
  });

  it('should keep the old refresh token when the server does not rotate it', async () => {
    const refreshed = vi.fn(async () => {});
    api(paths.periods).reply(401, '');
    mockRefresh([200, wire({ accessToken: NEW_TOKEN, expiresIn: 2592000 })]);
    api(paths.periods, NEW_TOKEN).reply(200, '[]', JSON_HEADERS);
    await createAdapter({ onCredentialsRefreshed: refreshed }).fetchPeriods(account, student, testScope());
    expect(refreshed).toHaveBeenCalledWith(
      'account-1',
      { accessToken: NEW_TOKEN, refreshToken: REFRESH },
      account.credentials,
    );
  });

  it.each([
    [
      'a refused refresh token',
      [401, JSON.stringify({ error: 'invalid_request', error_description: '' })],
      'PROVIDER_AUTH_FAILED',
      401,
    ],
    [
      'an unknown client',
      [403, JSON.stringify({ type: 'invalid_client', description: 'Invalid client' })],
      'PROVIDER_AUTH_FAILED',
      403,
    ],
    ['a maintenance answer', [550, ''], 'PROVIDER_UNAVAILABLE', 550],
  ] as const)('should fail typed on %s, without retrying the call', async (_name, reply, code, status) => {
    const refreshed = vi.fn(async () => {});
    api(paths.periods).reply(401, '');
    mockRefresh([reply[0], reply[1]]);
    const error = await providerRejection(
      createAdapter({ onCredentialsRefreshed: refreshed }).fetchPeriods(account, student, testScope()),
    );
    expect([error.code, error.upstreamStatus]).toEqual([code, status]);
    expect(error.message).toContain('authorizations');
    for (const secret of [TOKEN, REFRESH, CLIENT_SECRET]) expect(error.message).not.toContain(secret);
    expect(refreshed).not.toHaveBeenCalled();
  });

  it('should give up when the refreshed token is refused too', async () => {
    api(paths.periods).reply(401, '');
    mockRefresh();
    api(paths.periods, NEW_TOKEN).reply(401, '');
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 401]);
  });

  it.each([
    ['without a refresh token', { ...account, credentials: { accessToken: TOKEN } }, {}],
    ['without an OAuth client', account, { clientId: undefined, clientSecret: undefined }],
  ])('should report 401 as PROVIDER_AUTH_FAILED %s, with no refresh attempt', async (_name, holder, overrides) => {
    api(paths.periods).reply(401, '');
    const error = await providerRejection(createAdapter(overrides).fetchPeriods(holder, student, testScope()));
    expect([error.code, error.provider, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 'DNEVNIK', 401]);
    expect(error.message).toContain('reportingPeriods: HTTP 401');
    expect(error.message).not.toContain(TOKEN);
  });

  it('should fail with INTERNAL_SERVER_ERROR when the new credentials cannot be stored', async () => {
    api(paths.periods).reply(401, '');
    mockRefresh();
    const failing = async () => {
      throw new Error(`store down while saving ${NEW_TOKEN}`);
    };
    const error = await createAdapter({ onCredentialsRefreshed: failing })
      .fetchPeriods(account, student, testScope())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('INTERNAL_SERVER_ERROR');
    expect((error as GatewayError).message).toBe('Unexpected error.');
  });

  it('should exchange a sign-in code for credentials', async () => {
    nock(BASE)
      .post(
        '/v2/authorizations',
        (body: Record<string, string>) =>
          body.grant_type === 'AuthorizationCode' &&
          body.code === 'code-123' &&
          body.redirect_uri === 'https://gateway.test/cb' &&
          body.client_id === CLIENT_ID,
      )
      .reply(200, wire({ accessToken: NEW_TOKEN, refreshToken: NEW_REFRESH, user: 7n, user_str: '7' }), JSON_HEADERS);
    const options = {
      transport: createFetchTransport(),
      baseUrl: BASE,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    };
    await expect(exchangeDnevnikCode(options, 'code-123', 'https://gateway.test/cb')).resolves.toEqual({
      accessToken: NEW_TOKEN,
      refreshToken: NEW_REFRESH,
    });
  });

  it.each([
    ['a refused code', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, true],
    ['no OAuth client', {}, false],
  ])('should fail a code exchange with %s as PROVIDER_AUTH_FAILED', async (_name, client, mocked) => {
    if (mocked)
      nock(BASE)
        .post('/v2/authorizations')
        .reply(401, JSON.stringify({ error: 'invalid_request', error_description: '' }), JSON_HEADERS);
    const error = await providerRejection(
      exchangeDnevnikCode(
        { transport: createFetchTransport(), baseUrl: BASE, ...client },
        'code-123',
        'https://gateway.test/cb',
      ),
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
  });
});

describe('Dnevnik.ru adapter error mapping', () => {
  const SECRET_VALUE = 'Секретная-Фамилия-4711';
  const page = (title: string) =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><div class="error__description">${SECRET_VALUE}</div></body></html>`;
  const htmlHeaders = { 'Content-Type': 'text/html; charset=utf-8' };
  const apiError = (type: string) => JSON.stringify({ type, description: `Ошибка: ${SECRET_VALUE}` });

  it.each([
    [
      '500 {type: apiServerError}',
      'PROVIDER_UNAVAILABLE',
      500,
      apiError('apiServerError'),
      JSON_HEADERS,
      'HTTP 500 (apiServerError)',
    ],
    [
      '500 with an HTML error page',
      'PROVIDER_UNAVAILABLE',
      500,
      page('Ошибка'),
      htmlHeaders,
      'an HTML error page with HTTP 500',
    ],
    [
      '550 with a maintenance page',
      'PROVIDER_UNAVAILABLE',
      550,
      page('Технические работы'),
      htmlHeaders,
      'HTTP 550, a maintenance page',
    ],
    ['550 without a body', 'PROVIDER_UNAVAILABLE', 550, '', {}, 'HTTP 550, the diary is in maintenance'],
    ['502 from a proxy', 'PROVIDER_UNAVAILABLE', 502, 'Bad Gateway', {}, 'HTTP 502'],
    ['503 {type}', 'PROVIDER_UNAVAILABLE', 503, apiError('apiServerError'), JSON_HEADERS, 'HTTP 503'],
    ['429', 'PROVIDER_UNAVAILABLE', 429, '', {}, 'HTTP 429'],
    [
      '200 carrying apiUnknownError',
      'PROVIDER_UNAVAILABLE',
      200,
      apiError('apiUnknownError'),
      JSON_HEADERS,
      'HTTP 200 carrying the error "apiUnknownError"',
    ],
    [
      '200 carrying authorizationFailed',
      'PROVIDER_AUTH_FAILED',
      200,
      apiError('authorizationFailed'),
      JSON_HEADERS,
      'HTTP 200 carrying the error "authorizationFailed"',
    ],
    [
      '200 carrying parameterInvalid',
      'PROVIDER_BAD_RESPONSE',
      200,
      apiError('parameterInvalid'),
      JSON_HEADERS,
      'HTTP 200 carrying the error "parameterInvalid"',
    ],
    [
      '200 carrying an unknown error type',
      'PROVIDER_BAD_RESPONSE',
      200,
      apiError(SECRET_VALUE),
      JSON_HEADERS,
      'HTTP 200 carrying the error of an unknown type',
    ],
    [
      '403 {type: authorizationFailed}',
      'PROVIDER_AUTH_FAILED',
      403,
      apiError('authorizationFailed'),
      JSON_HEADERS,
      'HTTP 403 (authorizationFailed)',
    ],
    [
      '403 with an HTML page',
      'PROVIDER_AUTH_FAILED',
      403,
      page('Доступ запрещён'),
      htmlHeaders,
      'an HTML page with HTTP 403',
    ],
    [
      '400 {type: parameterInvalid}',
      'PROVIDER_BAD_RESPONSE',
      400,
      apiError('parameterInvalid'),
      JSON_HEADERS,
      'HTTP 400 (parameterInvalid)',
    ],
    ['404 {type}', 'PROVIDER_BAD_RESPONSE', 404, apiError('resourceNotFound'), JSON_HEADERS, 'unexpected HTTP 404'],
    [
      '200 with an HTML page',
      'PROVIDER_BAD_RESPONSE',
      200,
      page('Вход'),
      htmlHeaders,
      'an HTML page with HTTP 200 instead of JSON',
    ],
    [
      '200 with truncated JSON',
      'PROVIDER_BAD_RESPONSE',
      200,
      `[{"id":${PERIOD},"name":"${SECRET_VALUE}`,
      JSON_HEADERS,
      'the body is not valid JSON',
    ],
  ] as const)('should map %s to %s', async (_name, code, status, body, headers, detail) => {
    api(paths.periods).reply(status, body, headers);
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope()));
    expect([error.code, error.provider, error.upstreamStatus]).toEqual([code, 'DNEVNIK', status]);
    expect(error.message).toContain(`reportingPeriods: ${detail}`);
    for (const leak of [TOKEN, SECRET_VALUE, 'Ошибка:']) expect(error.message).not.toContain(leak);
    const cause = error.cause as DnevnikUpstreamAnswer;
    expect(cause).toBeInstanceOf(DnevnikUpstreamAnswer);
    expect([cause.route, cause.status, cause.bodyLength]).toEqual(['reportingPeriods', status, body.length]);
    expect(cause.message).not.toContain(TOKEN);
  });

  it('should keep the API’s description in the cause only', async () => {
    api(paths.periods).reply(
      500,
      JSON.stringify({ type: 'apiServerError', description: 'База данных недоступна' }),
      JSON_HEADERS,
    );
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope()));
    expect(error.message).not.toContain('База данных');
    expect(error.cause).toMatchObject({
      providerType: 'apiServerError',
      providerDescription: 'База данных недоступна',
    });
  });

  it('should serve the periods that still read and report the one that drifted by route and path, never a value', async () => {
    const periods = reportingPeriodsPayload();
    api(paths.periods).reply(
      200,
      wire([periods[0], { ...periods[1], name: SECRET_VALUE, start: 20251105 }]),
      JSON_HEADERS,
    );
    const reported = new DriftCollector();
    const counted: SchemaDrift[] = [];
    const served = await createAdapter({ onSchemaDrift: (drift) => counted.push(drift) }).fetchPeriods(
      account,
      student,
      scopeReportingTo(testScope(), reported),
    );
    expect(served).toHaveLength(1);
    const drift = [{ provider: 'DNEVNIK', route: 'reportingPeriods', schemaPath: '[].start', dropped: 1 }];
    expect(reported.list()).toEqual(drift);
    expect(counted).toEqual(drift);
    for (const leak of [SECRET_VALUE, '20251105']) expect(JSON.stringify(drift)).not.toContain(leak);
  });

  it('should leave out a period whose id is not an integer, naming the path', async () => {
    const periods = reportingPeriodsPayload();
    api(paths.periods).reply(200, wire([{ ...periods[0], id: 1.5, id_str: undefined }, periods[1]]), JSON_HEADERS);
    const reported = new DriftCollector();
    await createAdapter().fetchPeriods(account, student, scopeReportingTo(testScope(), reported));
    expect(reported.list()).toEqual([
      { provider: 'DNEVNIK', route: 'reportingPeriods', schemaPath: '[].id', dropped: 1 },
    ]);
  });

  it('should refuse an answer whose core list is unreadable, naming the route and path but no value', async () => {
    api(paths.periods).reply(
      200,
      wire({ periods: [{ ...reportingPeriodsPayload()[0], name: SECRET_VALUE }] }),
      JSON_HEADERS,
    );
    const error = await providerRejection(createAdapter().fetchPeriods(account, student, testScope()));
    expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_BAD_RESPONSE', 200]);
    expect(error.message).toContain('reportingPeriods: (root): expected array');
    expect(error.message).not.toContain(SECRET_VALUE);
  });
});

describe('Dnevnik.ru adapter sign-in', () => {
  const CODE = 'sign-in-code-4f2a9c';

  /** The token endpoint with the exact form of a code exchange (and the client as HTTP Basic too). */
  function mockExchange(expectedForm: Record<string, string>) {
    return nock(BASE)
      .post(
        '/v2/authorizations',
        (body: Record<string, string>) => JSON.stringify(body) === JSON.stringify(expectedForm),
      )
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .matchHeader('authorization', `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
  }

  it('should exchange a code with its redirect URI for the tokens to store', async () => {
    mockExchange({
      grant_type: 'AuthorizationCode',
      code: CODE,
      redirect_uri: 'https://gateway.test/cb',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }).reply(200, wire({ accessToken: NEW_TOKEN, refreshToken: NEW_REFRESH, user: 7n, user_str: '7' }), JSON_HEADERS);
    const credentials = await createAdapter().signIn(
      { provider: 'DNEVNIK', code: ` ${CODE} `, redirectUri: 'https://gateway.test/cb' },
      testScope(),
    );
    expect(credentials).toEqual({ accessToken: NEW_TOKEN, refreshToken: NEW_REFRESH });
  });

  it('should leave redirect_uri out when the login page was opened without one', async () => {
    mockExchange({
      grant_type: 'AuthorizationCode',
      code: CODE,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }).reply(200, wire({ accessToken: NEW_TOKEN, user: 7n, user_str: '7' }), JSON_HEADERS);
    await expect(createAdapter().signIn({ provider: 'DNEVNIK', code: CODE }, testScope())).resolves.toEqual({
      accessToken: NEW_TOKEN,
    });
  });

  it.each([
    [
      '401 invalid_request (a spent or unknown code)',
      401,
      JSON.stringify({ error: 'invalid_request', error_description: '' }),
    ],
    ['403 invalid_client', 403, JSON.stringify({ type: 'invalid_client', description: 'Invalid client' })],
    [
      '400 parameterInvalid',
      400,
      JSON.stringify({ type: 'parameterInvalid', description: "Параметр 'code' имеет неверное значение" }),
    ],
  ])(
    'should refuse a code answered %s as PROVIDER_AUTH_FAILED without the code or secret',
    async (_name, status, body) => {
      nock(BASE).post('/v2/authorizations').reply(status, body, JSON_HEADERS);
      const error = await providerRejection(createAdapter().signIn({ provider: 'DNEVNIK', code: CODE }, testScope()));
      expect(error.code).toBe('PROVIDER_AUTH_FAILED');
      expect(error.upstreamStatus).toBe(status);
      for (const secret of [CODE, CLIENT_SECRET]) expect(error.message).not.toContain(secret);
    },
  );

  it('should refuse a code as NOT_SUPPORTED_BY_PROVIDER when the gateway has no OAuth client, without a call', async () => {
    const error = await providerRejection(
      createAdapter({ clientId: undefined, clientSecret: undefined }).signIn(
        { provider: 'DNEVNIK', code: CODE },
        testScope(),
      ),
    );
    expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(error.message).toMatch(/not configured to exchange Dnevnik\.ru sign-in codes/);
  });

  it('should keep an access token as it is (trimmed), without a call: fetchProfile verifies it', async () => {
    await expect(
      createAdapter().signIn({ provider: 'DNEVNIK', accessToken: `  ${TOKEN} ` }, testScope()),
    ).resolves.toEqual({ accessToken: TOKEN });
  });

  it.each([
    ['an empty code', { provider: 'DNEVNIK', code: ' ' }, 'code'],
    ['an empty access token', { provider: 'DNEVNIK', accessToken: '' }, 'accessToken'],
    ['another diary’s input', { provider: 'MESH', token: TOKEN }, 'provider'],
  ] as const)('should refuse %s as BAD_USER_INPUT naming %s', async (_name, input, argument) => {
    await badUserInput(createAdapter().signIn(input, testScope()), argument, [TOKEN]);
  });
});

describe('Dnevnik.ru adapter absence notices', () => {
  it.each(['submitAbsenceNotice', 'withdrawAbsenceNotice'] as const)(
    'should refuse %s as NOT_SUPPORTED_BY_PROVIDER without a call',
    async (method) => {
      const range = { from: '2025-09-19', to: '2025-09-19' };
      const call =
        method === 'submitAbsenceNotice'
          ? createAdapter().submitAbsenceNotice(
              account,
              student,
              { range, reason: 'FAMILY', comment: null },
              testScope(),
            )
          : createAdapter().withdrawAbsenceNotice(account, student, range, testScope());
      const error = await providerRejection(call);
      expect([error.code, error.provider, error.message]).toEqual([
        'NOT_SUPPORTED_BY_PROVIDER',
        'DNEVNIK',
        'Dnevnik.ru does not accept absence notices from parents through its API.',
      ]);
    },
  );
});
