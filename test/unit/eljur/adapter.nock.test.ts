import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { EljurUpstreamAnswer } from '../../../adapters/eljur/errors.js';
import { authenticateEljur, createEljurAdapter } from '../../../adapters/eljur/index.js';
import type { ProviderCredentials } from '../../../src/domain/adapter.js';
import type { SchemaDrift } from '../../../src/domain/model.js';
import type { ProviderError } from '../../../src/errors/gateway-error.js';
import {
  adapterOptions as options,
  ART_SCHOOL,
  BASE,
  DEVKEY,
  diaryDay,
  diaryLesson,
  diaryResult,
  envelope,
  failureEnvelope,
  finalsResult,
  homeworkResult,
  markPayload,
  marksResult,
  periodPayload,
  periodsResult,
  CHILD_SNILS,
  profileUserInfoPayload,
  rulesPayload,
  STUDENT_ID,
  subjectMarks,
  TIME_ZONE,
  twoSchoolsRulesPayload,
  VENDOR,
  dataMock,
  FIXTURE_STUDENT,
  fixtureAccounts,
} from './fixtures.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { useStrictNock } from '../../support/nock.js';
import { badUserInput, providerRejection } from '../../support/rejection.js';

const TOKEN = 'eljur-token-7c1f0e9a';
const NEW_TOKEN = 'eljur-token-fresh-5b2d';
const LOGIN = 'ivanova.anna';
const PASSWORD = 'пароль-секрет-42';
const RANGE = { from: '2025-09-15', to: '2025-09-21' };
const DAYS = '20250915-20250921';

const { tokenAccount, passwordAccount } = fixtureAccounts('account-1', TOKEN, LOGIN, PASSWORD);
const student = FIXTURE_STUDENT;

/** A data method with exactly the query every call carries, plus its own parameters. */
const mockData = dataMock(TOKEN);

/** `auth`: credentials in the form body only; devkey, vendor and out_format in the query. */
function mockAuth(vendor = VENDOR) {
  return nock(BASE)
    .post('/apiv3/auth', (body: Record<string, string>) => body.login === LOGIN && body.password === PASSWORD)
    .query({ devkey: DEVKEY, vendor, out_format: 'json' })
    .matchHeader('content-type', 'application/x-www-form-urlencoded');
}

/** The fixture child's profile card, read for its SNILS whenever the profile is. */
function mockProfileCard(token = TOKEN, vendor = VENDOR, base = BASE) {
  return nock(base)
    .get(base === BASE ? '/apiv3/getprofileuserinfo' : '/eljur/apiv3/getprofileuserinfo')
    .query({ devkey: DEVKEY, vendor, out_format: 'json', auth_token: token, student: STUDENT_ID })
    .matchHeader('accept', 'application/json');
}

const authAnswer = envelope({ token: NEW_TOKEN, expires: '2025-12-16 10:00:00' });
/**
 * `getmarks` over RANGE itself. Tests that read grades or attendance this way leave `getperiods` unmocked:
 * it fails, and without periods the adapter reads the marks over the asked range (`range-marks.ts`); the
 * per-period pieces have tests of their own.
 */
const marksQuery = { student: STUDENT_ID, days: DAYS };

function expectNoSecrets(error: ProviderError, ...more: string[]): void {
  for (const secret of [TOKEN, NEW_TOKEN, DEVKEY, PASSWORD, LOGIN, ...more]) {
    expect(error.message).not.toContain(secret);
    if (error.cause instanceof Error) expect(error.cause.message).not.toContain(secret);
  }
}

useStrictNock();

describe('Eljur adapter requests', () => {
  it('should read the profile from getrules and each child’s SNILS from getprofileuserinfo, with the four query parameters', async () => {
    mockData('getrules').reply(200, envelope(rulesPayload()));
    mockProfileCard().reply(200, envelope(profileUserInfoPayload()));
    const profile = await createEljurAdapter(options()).fetchProfile(tokenAccount, testScope());
    expect(profile.holder).toEqual({
      firstName: 'Анна',
      lastName: 'Иванова',
      middleName: 'Сергеевна',
      birthDate: null,
      snils: null,
    });
    expect(profile.students).toEqual([
      expect.objectContaining({
        externalId: STUDENT_ID,
        providerIds: { studentId: STUDENT_ID },
        timeZone: TIME_ZONE,
        snils: CHILD_SNILS,
      }),
    ]);
  });

  it('should keep a base path prefix and use the vendor stored with the account', async () => {
    nock('https://proxy.test')
      .get('/eljur/apiv3/getrules')
      .query({ devkey: DEVKEY, vendor: 'gymnasium2', out_format: 'json', auth_token: TOKEN })
      .reply(200, envelope(rulesPayload()));
    mockProfileCard(TOKEN, 'gymnasium2', 'https://proxy.test').reply(200, envelope(profileUserInfoPayload()));
    const account = { ...tokenAccount, credentials: { ...tokenAccount.credentials, vendor: 'gymnasium2' } };
    await createEljurAdapter(options({ baseUrl: 'https://proxy.test/eljur/' })).fetchProfile(account, testScope());
  });

  it('should read grades from getmarks with days as YYYYMMDD-YYYYMMDD, absences left out', async () => {
    mockData('getmarks', marksQuery).reply(
      200,
      envelope(
        marksResult([
          subjectMarks({
            marks: [
              markPayload({ value: '3/5', convert: 4 }),
              markPayload({ value: 'Н', nm: '2', convert: 0, count: false }),
              markPayload({ value: '', nm: '3' }),
            ],
          }),
        ]),
      ),
    );
    const grades = await createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope());
    expect(grades.map((grade) => [grade.id, grade.value.raw, grade.value.numeric])).toEqual([
      ['eljur:mark:678:2025-09-15:1', '3/5', 4],
    ]);
  });

  it('should read the schedule from getdiary with rings=true, a month at a time', async () => {
    mockData('getdiary', { student: STUDENT_ID, days: '20250925-20250930', rings: 'true' }).reply(
      200,
      envelope(diaryResult({ '20250929': diaryDay({ name: '20250929' }) })),
    );
    mockData('getdiary', { student: STUDENT_ID, days: '20251001-20251003', rings: 'true' }).reply(
      200,
      envelope(diaryResult({ '20251001': diaryDay({ name: '20251001' }) })),
    );
    const lessons = await createEljurAdapter(options()).fetchSchedule(
      tokenAccount,
      student,
      { from: '2025-09-25', to: '2025-10-03' },
      testScope(),
    );
    expect(lessons.map((lesson) => [lesson.id, lesson.startsAt])).toEqual([
      ['eljur:lesson:2025-09-29:1', '2025-09-29T08:30:00+04:00'],
      ['eljur:lesson:2025-10-01:1', '2025-10-01T08:30:00+04:00'],
    ]);
  });

  it('should build attendance from getmarks, reading the diary only for months with an absence', async () => {
    mockData('getmarks', { student: STUDENT_ID, days: '20250901-20251031' }).reply(
      200,
      envelope(
        marksResult([
          subjectMarks({ marks: [markPayload({ value: 'ОП', date: '2025-10-06', convert: 0, count: false })] }),
        ]),
      ),
    );
    const late = markPayload({ value: 'ОП', date: '2025-10-06', convert: 0, count: false });
    mockData('getdiary', { student: STUDENT_ID, days: '20251001-20251031', rings: 'true' }).reply(
      200,
      envelope(
        diaryResult({
          '20251006': diaryDay({ name: '20251006', items: { '1': diaryLesson({ assessments: [late] }) } }),
        }),
      ),
    );
    const records = await createEljurAdapter(options()).fetchAttendance(
      tokenAccount,
      student,
      { from: '2025-09-01', to: '2025-10-31' },
      testScope(),
    );
    expect(records.map((record) => [record.date, record.kind, record.lesson?.id])).toEqual([
      ['2025-10-06', 'TARDY', 'eljur:lesson:2025-10-06:1'],
    ]);
  });

  it('should serve periods, subjects, averages and homework subject ids from shared getperiods and getmarks calls', async () => {
    mockData('getperiods', { student: STUDENT_ID, show_disabled: 'true' }).reply(
      200,
      envelope(
        periodsResult([
          periodPayload(),
          periodPayload({ name: 'II', fullname: '2 четверть', start: '20251105', end: '20251228', disabled: true }),
        ]),
      ),
    );
    mockData('getmarks', { student: STUDENT_ID, days: '20250901-20251026' }).reply(
      200,
      envelope(marksResult([subjectMarks({ average: '4.50' })])),
    );
    mockData('getfinalassessments', { student: STUDENT_ID }).reply(
      200,
      envelope(finalsResult([{ name: 'Алгебра', assessments: [{ period: 'I', value: '5' }] }])),
    );
    mockData('gethomework', marksQuery).reply(
      200,
      envelope(
        homeworkResult({
          '20250916': {
            name: '20250916',
            title: 'Вторник',
            items: {
              Алгебра: { name: 'Алгебра', homework: { '1': { id: 1, value: '№ 1', individual: false } }, files: [] },
            },
          },
        }),
      ),
    );
    const adapter = createEljurAdapter(options());
    const scope = testScope();
    const [periods, subjects, averages, homework] = await Promise.all([
      adapter.fetchPeriods(tokenAccount, student, scope),
      adapter.fetchSubjects(tokenAccount, student, scope),
      adapter.fetchSubjectAverages(tokenAccount, student, scope),
      adapter.fetchHomework(tokenAccount, student, RANGE, scope),
    ]);
    expect(periods.map((period) => [period.title, period.isCurrent])).toEqual([
      ['1 четверть', true],
      ['2 четверть', false],
    ]);
    expect(subjects).toEqual([{ id: 'eljur:678', name: 'Алгебра', provider: 'ELJUR' }]);
    expect(averages).toEqual([
      expect.objectContaining({
        periodId: 'eljur:period:2025-09-01_2025-10-26',
        providerAverage: 4.5,
        finalGrade: expect.objectContaining({ raw: '5' }),
      }),
    ]);
    expect(homework.map((entry) => entry.subject.id)).toEqual(['eljur:678']);
  });

  it('should read grades over the periods’ getmarks, the holiday between two periods by one call both months share', async () => {
    mockData('getperiods', { student: STUDENT_ID, show_disabled: 'true' }).reply(
      200,
      envelope(
        periodsResult([
          periodPayload({ end: '20251024' }),
          periodPayload({ name: 'II', fullname: '2 четверть', start: '20251105', end: '20251228' }),
        ]),
      ),
    );
    const dated = (date: string, value: string) => markPayload({ date, value, convert: Number(value), count: true });
    // Each period's answer holds marks beyond the months asked: they are cut away.
    mockData('getmarks', { student: STUDENT_ID, days: '20250901-20251024' }).reply(
      200,
      envelope(marksResult([subjectMarks({ marks: [dated('2025-09-15', '2'), dated('2025-10-10', '3')] })])),
    );
    mockData('getmarks', { student: STUDENT_ID, days: '20251025-20251104' }).reply(
      200,
      envelope(marksResult([subjectMarks({ marks: [dated('2025-11-02', '4')] })])),
    );
    mockData('getmarks', { student: STUDENT_ID, days: '20251105-20251228' }).reply(
      200,
      envelope(marksResult([subjectMarks({ marks: [dated('2025-11-20', '5'), dated('2025-12-10', '2')] })])),
    );
    const adapter = createEljurAdapter(options());
    const scope = testScope();
    const [october, november] = await Promise.all([
      adapter.fetchGrades(tokenAccount, student, { from: '2025-10-01', to: '2025-10-31' }, scope),
      adapter.fetchGrades(tokenAccount, student, { from: '2025-11-01', to: '2025-11-30' }, scope),
    ]);
    expect(october.map((grade) => [grade.date, grade.value.raw])).toEqual([['2025-10-10', '3']]);
    expect(november.map((grade) => [grade.date, grade.value.raw])).toEqual([
      ['2025-11-02', '4'],
      ['2025-11-20', '5'],
    ]);
  });

  it('should read non-school days from getdiary', async () => {
    mockData('getdiary', { student: STUDENT_ID, days: DAYS, rings: 'true' }).reply(
      200,
      envelope(
        diaryResult({
          '20250920': diaryDay({ name: '20250920', alert: 'vacation', holiday_name: 'День города', items: [] }),
        }),
      ),
    );
    const days = await createEljurAdapter(options()).fetchNonSchoolDays(tokenAccount, student, RANGE, testScope());
    expect(days).toEqual([{ date: '2025-09-20', kind: 'HOLIDAY', title: 'День города', provider: 'ELJUR' }]);
  });

  it('should fail with a typed error, not reach the network, when a request is not mocked', async () => {
    const error = await providerRejection(createEljurAdapter(options()).fetchProfile(tokenAccount, testScope()));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.provider).toBe('ELJUR');
    expect(error.upstreamStatus).toBeUndefined();
  });

  it('should turn an abort of the scope signal into PROVIDER_TIMEOUT', async () => {
    const controller = new AbortController();
    mockData('getmarks', marksQuery).reply(() => {
      controller.abort();
      return [200, envelope(marksResult([]))];
    });
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope(controller.signal)),
    );
    expect(error.code).toBe('PROVIDER_TIMEOUT');
  });

  it('should refuse invalid options without echoing them', () => {
    expect(() => createEljurAdapter(options({ baseUrl: 'not a url' }))).toThrow(/baseUrl must be an absolute URL/);
    expect(() => createEljurAdapter(options({ devkey: ' ' }))).toThrow(/devkey must not be empty/);
    expect(() => createEljurAdapter(options({ timeZone: 'Mars/Olympus' }))).toThrow(RangeError);
  });
});

describe('Eljur adapter tokens', () => {
  it('should sign in first when the token lapses within a week, and hand the new token back', async () => {
    const refreshed = vi
      .fn<(accountId: string, credentials: ProviderCredentials) => Promise<void>>()
      .mockResolvedValue();
    const expiring = {
      ...passwordAccount,
      credentials: { ...passwordAccount.credentials, tokenExpiresAt: '2025-09-20T00:00:00+04:00' },
    };
    mockAuth().reply(200, authAnswer);
    mockData('getmarks', marksQuery, NEW_TOKEN).reply(200, envelope(marksResult([])));
    mockData('getrules', {}, NEW_TOKEN).reply(200, envelope(rulesPayload()));
    mockProfileCard(NEW_TOKEN).reply(200, envelope(profileUserInfoPayload()));
    const adapter = createEljurAdapter(options({ onCredentialsRefreshed: refreshed }));
    const scope = testScope();
    await Promise.all([adapter.fetchGrades(expiring, student, RANGE, scope), adapter.fetchProfile(expiring, scope)]);
    expect(refreshed).toHaveBeenCalledTimes(1);
    // With the credentials it renewed, so the store writes the new ones only over those.
    expect(refreshed).toHaveBeenCalledWith(
      'account-1',
      { login: LOGIN, password: PASSWORD, token: NEW_TOKEN, tokenExpiresAt: '2025-12-16T10:00:00+04:00' },
      expiring.credentials,
    );
  });

  it('should sign in when no token is stored', async () => {
    mockAuth().reply(200, authAnswer);
    mockData('getrules', {}, NEW_TOKEN).reply(200, envelope(rulesPayload()));
    mockProfileCard(NEW_TOKEN).reply(200, envelope(profileUserInfoPayload()));
    const account = { ...passwordAccount, credentials: { login: LOGIN, password: PASSWORD } };
    await createEljurAdapter(options()).fetchProfile(account, testScope());
  });

  it('should still use an expiring token when no password is stored', async () => {
    mockData('getrules').reply(200, envelope(rulesPayload()));
    mockProfileCard().reply(200, envelope(profileUserInfoPayload()));
    const account = { ...tokenAccount, credentials: { token: TOKEN, tokenExpiresAt: '2025-09-18T00:00:00+04:00' } };
    await createEljurAdapter(options()).fetchProfile(account, testScope());
  });

  it('should sign in once and retry every call whose token Eljur refused', async () => {
    mockData('getmarks', marksQuery).reply(403, failureEnvelope(403, 'недействительный токен'));
    mockData('getrules').reply(200, failureEnvelope(403, 'недействительный токен'));
    mockAuth().once().reply(200, authAnswer);
    mockData('getmarks', marksQuery, NEW_TOKEN).reply(200, envelope(marksResult([subjectMarks()])));
    mockData('getrules', {}, NEW_TOKEN).reply(200, envelope(rulesPayload()));
    // The request's session still holds the refused token, so the card is refused once too, then read
    // with the token of the one sign-in.
    mockProfileCard().reply(403, failureEnvelope(403, 'недействительный токен'));
    mockProfileCard(NEW_TOKEN).reply(200, envelope(profileUserInfoPayload()));
    const adapter = createEljurAdapter(options());
    const scope = testScope();
    const [grades] = await Promise.all([
      adapter.fetchGrades(passwordAccount, student, RANGE, scope),
      adapter.fetchProfile(passwordAccount, scope),
    ]);
    expect(grades).toHaveLength(1);
  });

  it('should send credentials only in the body and return what to store when linking', async () => {
    mockAuth('gymnasium2').reply(200, authAnswer);
    const stored = await authenticateEljur(options(), { login: LOGIN, password: PASSWORD, vendor: 'gymnasium2' });
    expect(stored).toEqual({
      login: LOGIN,
      password: PASSWORD,
      vendor: 'gymnasium2',
      token: NEW_TOKEN,
      tokenExpiresAt: '2025-12-16T10:00:00+04:00',
    });
  });
});

describe('Eljur adapter error mapping', () => {
  const SECRET_VALUE = 'Секретная-Фамилия-4711';
  const RUSSIAN = 'не удалось авторизовать разработчика';
  const html = (title: string) =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body>${title}</body></html>`;
  const htmlHeaders = { 'Content-Type': 'text/html; charset=utf-8' };

  it.each([
    [
      'auth: HTTP 400 (wrong login or password)',
      400,
      failureEnvelope(400, 'неверный логин или пароль'),
      'PROVIDER_AUTH_FAILED',
      /login or password was refused/,
    ],
    [
      'auth: state 400 under HTTP 200',
      200,
      failureEnvelope(400, 'неверный логин или пароль'),
      'PROVIDER_AUTH_FAILED',
      /auth: state 400, the login or password/,
    ],
    [
      'auth: HTTP 403 (developer key or vendor refused)',
      403,
      failureEnvelope(403, RUSSIAN),
      'PROVIDER_AUTH_FAILED',
      /developer key or vendor.*configuration problem/,
    ],
    [
      'auth: HTTP 500 with the envelope (unknown vendor)',
      500,
      failureEnvelope(500, 'неизвестный вендор'),
      'PROVIDER_AUTH_FAILED',
      /does not know the school \(vendor\)/,
    ],
    [
      'auth: HTTP 500 with a crash page',
      500,
      html('500 Internal Server Error'),
      'PROVIDER_UNAVAILABLE',
      /auth: HTTP 500/,
    ],
    ['auth: HTTP 502', 502, html('Bad Gateway'), 'PROVIDER_UNAVAILABLE', /auth: HTTP 502/],
  ] as const)('should map %s', async (_name, status, body, code, message) => {
    mockAuth().reply(
      status,
      typeof body === 'string' ? body : JSON.stringify(body),
      typeof body === 'string' ? htmlHeaders : {},
    );
    const error = await providerRejection(authenticateEljur(options(), { login: LOGIN, password: PASSWORD }));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('ELJUR');
    expect(error.upstreamStatus).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/[а-я]{4,}/i);
    expectNoSecrets(error);
  });

  it.each([
    [
      'HTTP 403 (token refused, no password to sign in again)',
      403,
      failureEnvelope(403, 'недействительный токен'),
      {},
      'PROVIDER_AUTH_FAILED',
    ],
    ['state 403 under HTTP 200', 200, failureEnvelope(403, 'недействительный токен'), {}, 'PROVIDER_AUTH_FAILED'],
    ['HTTP 401', 401, '', {}, 'PROVIDER_AUTH_FAILED'],
    ['HTTP 400 (request rejected)', 400, failureEnvelope(400, RUSSIAN), {}, 'PROVIDER_BAD_RESPONSE'],
    ['HTTP 500 with the envelope', 500, failureEnvelope(500, 'внутренняя ошибка сервера'), {}, 'PROVIDER_UNAVAILABLE'],
    ['state 500 under HTTP 200', 200, failureEnvelope(500, 'внутренняя ошибка'), {}, 'PROVIDER_UNAVAILABLE'],
    ['HTTP 503 with a maintenance page', 503, html('Технические работы'), htmlHeaders, 'PROVIDER_UNAVAILABLE'],
    ['HTTP 429', 429, '', {}, 'PROVIDER_UNAVAILABLE'],
    ['HTTP 404 from a proxy', 404, 'Not Found', {}, 'PROVIDER_BAD_RESPONSE'],
    ['200 with an HTML page', 200, html('Вход'), htmlHeaders, 'PROVIDER_BAD_RESPONSE'],
    [
      '200 with truncated JSON',
      200,
      `{"response":{"state":200,"result":{"students":{"${STUDENT_ID}":{"title":"${SECRET_VALUE}`,
      {},
      'PROVIDER_BAD_RESPONSE',
    ],
    [
      '200 with JSON outside the envelope',
      200,
      { students: { [STUDENT_ID]: { title: SECRET_VALUE } } },
      {},
      'PROVIDER_BAD_RESPONSE',
    ],
  ] as const)('should map a data call’s %s', async (_name, status, body, headers, code) => {
    mockData('getmarks', marksQuery).reply(status, typeof body === 'string' ? body : JSON.stringify(body), headers);
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope()),
    );
    expect(error.code).toBe(code);
    expect(error.provider).toBe('ELJUR');
    expect(error.upstreamStatus).toBe(status);
    expect(error.message).toContain('getmarks');
    expect(error.message).not.toContain(SECRET_VALUE);
    expect(error.message).not.toMatch(/[а-я]{4,}/i);
    expectNoSecrets(error, SECRET_VALUE);
    expect(error.cause).toBeInstanceOf(EljurUpstreamAnswer);
    expect((error.cause as EljurUpstreamAnswer).status).toBe(status);
  });

  // Found by the property tests (issue 6): a numeric state of any size was read as a status and quoted.
  it.each(['18446744073709551616', '9007199254740993', '1.5', '-1'])(
    'should ignore an envelope state %s that is not a three-digit status',
    async (state) => {
      const body = JSON.stringify(envelope(marksResult([]))).replace('"state":200', `"state":${state}`);
      mockData('getmarks', marksQuery).reply(200, body);
      expect(await createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope())).toEqual([]);
    },
  );

  it('should keep Eljur’s own error text and state in the cause only', async () => {
    mockData('getmarks', marksQuery).reply(200, failureEnvelope(403, 'недействительный токен'));
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope()),
    );
    expect(error.message).not.toContain('недействительный');
    expect(error.cause).toMatchObject({ providerMessage: 'недействительный токен', state: 403, status: 200 });
  });

  it('should say the configuration is at fault when a token issued moments ago is refused too', async () => {
    mockData('getmarks', marksQuery).reply(403, failureEnvelope(403, RUSSIAN));
    mockAuth().reply(200, authAnswer);
    mockData('getmarks', marksQuery, NEW_TOKEN).reply(403, failureEnvelope(403, RUSSIAN));
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(passwordAccount, student, RANGE, testScope()),
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.upstreamStatus).toBe(403);
    expect(error.message).toMatch(/freshly issued access token.*developer key or vendor/);
    expectNoSecrets(error);
  });

  it('should report a developer key refused on the sign-in that a refused token led to', async () => {
    mockData('getmarks', marksQuery).reply(403, failureEnvelope(403, RUSSIAN));
    mockAuth().reply(403, failureEnvelope(403, RUSSIAN));
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(passwordAccount, student, RANGE, testScope()),
    );
    expect(error.message).toMatch(/developer key or vendor \(auth: HTTP 403\)/);
  });

  it('should refuse an account without token or password before any request', async () => {
    const error = await providerRejection(
      createEljurAdapter(options()).fetchProfile({ ...tokenAccount, credentials: {} }, testScope()),
    );
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('no access token or password is stored');
  });

  it('should serve the subjects that still read and report the one that drifted by method and path, never a value or id', async () => {
    const broken = subjectMarks({ name: 42 as unknown as string, marks: [markPayload({ comment: SECRET_VALUE })] });
    mockData('getmarks', marksQuery).reply(
      200,
      envelope(marksResult([broken, subjectMarks({ name: 'Физика', lesson_id: '679' })])),
    );
    const reported = new DriftCollector();
    const counted: SchemaDrift[] = [];
    const adapter = createEljurAdapter(options({ onSchemaDrift: (drift) => counted.push(drift) }));
    const grades = await adapter.fetchGrades(tokenAccount, student, RANGE, scopeReportingTo(testScope(), reported));
    expect([...new Set(grades.map((grade) => grade.subject.name))]).toEqual(['Физика']);
    const drift = [
      { provider: 'ELJUR', route: 'getmarks', schemaPath: 'result.students{}.lessons[].name', dropped: 1 },
    ];
    expect(reported.list()).toEqual(drift);
    expect(counted).toEqual(drift);
    for (const leak of [SECRET_VALUE, STUDENT_ID]) expect(JSON.stringify(drift)).not.toContain(leak);
  });

  it('should refuse an answer whose core collection is unreadable, naming the method and path but no value or id', async () => {
    mockData('getmarks', marksQuery).reply(
      200,
      envelope({ students: { [STUDENT_ID]: { name: STUDENT_ID, title: SECRET_VALUE, lessons: 'нет оценок' } } }),
    );
    const error = await providerRejection(
      createEljurAdapter(options()).fetchGrades(tokenAccount, student, RANGE, testScope()),
    );
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.upstreamStatus).toBe(200);
    expect(error.message).toContain('getmarks: result.students{}.lessons: expected record or array');
    expectNoSecrets(error, SECRET_VALUE, STUDENT_ID);
  });
});

describe('Eljur adapter: children’s SNILS', () => {
  const twoChildren = () => {
    const payload = rulesPayload();
    const second = {
      name: '67890',
      title: 'Иванов Артём',
      firstname: 'Артём',
      lastname: 'Иванов',
      gender: 'male',
      class: '3А',
      parallel: 3,
      city: 'Самара',
      rel: 'child',
      rules: [],
    };
    return {
      ...payload,
      relations: { ...payload.relations, students: { ...(payload.relations?.students as object), '67890': second } },
    };
  };

  it('should read one card per child, in parallel, and keep each SNILS as sent', async () => {
    mockData('getrules').reply(200, envelope(twoChildren()));
    mockProfileCard().reply(200, envelope(profileUserInfoPayload()));
    mockData('getprofileuserinfo', { student: '67890' }).reply(
      200,
      envelope(profileUserInfoPayload({ snils: 16180339740 })),
    );
    const profile = await createEljurAdapter(options()).fetchProfile(tokenAccount, testScope());
    expect(profile.students.map((child) => [child.externalId, child.snils])).toEqual([
      [STUDENT_ID, CHILD_SNILS],
      ['67890', '16180339740'],
    ]);
  });

  it.each([
    ['an empty SNILS', 200, envelope(profileUserInfoPayload({ snils: '' }))],
    ['no SNILS', 200, envelope({ profileUserInfo: { username: 'ivanova.maria' } })],
    ['an empty card written as []', 200, envelope({ profileUserInfo: [] })],
    ['HTTP 404 (a host without the method)', 404, failureEnvelope(404, 'метод не найден')],
    ['state 404 under HTTP 200 (a host without the method)', 200, failureEnvelope(404, 'метод не найден')],
  ] as const)(
    'should keep the child with snils null after %s, and not fail the profile',
    async (_name, status, body) => {
      mockData('getrules').reply(200, envelope(rulesPayload()));
      mockProfileCard().reply(status, body);
      const profile = await createEljurAdapter(options()).fetchProfile(tokenAccount, testScope());
      expect(profile.students).toEqual([expect.objectContaining({ externalId: STUDENT_ID, snils: null })]);
    },
  );

  // Issue 11 §2: a card that failed says nothing about the child's SNILS. Read as "no SNILS", it split a
  // child merged by SNILS in two; the profile fails whole instead, and its last good copy is served.
  it.each([
    ['HTTP 500', 500, failureEnvelope(500, 'внутренняя ошибка сервера'), 'PROVIDER_UNAVAILABLE'],
    ['HTTP 503 with a maintenance page', 503, '<html><body>Технические работы</body></html>', 'PROVIDER_UNAVAILABLE'],
    ['state 500 under HTTP 200', 200, failureEnvelope(500, 'внутренняя ошибка'), 'PROVIDER_UNAVAILABLE'],
    ['HTTP 429', 429, '', 'PROVIDER_UNAVAILABLE'],
    ['an answer of the wrong shape', 200, envelope({ profileUserInfo: 'Иванова Мария' }), 'PROVIDER_BAD_RESPONSE'],
  ] as const)(
    'should fail the whole profile with %s from the card, never answer it without the SNILS',
    async (_name, status, body, code) => {
      mockData('getrules').reply(200, envelope(rulesPayload()));
      mockProfileCard().reply(
        status,
        typeof body === 'string' ? body : JSON.stringify(body),
        typeof body === 'string' && body.startsWith('<') ? { 'Content-Type': 'text/html; charset=utf-8' } : {},
      );
      const error = await providerRejection(createEljurAdapter(options()).fetchProfile(tokenAccount, testScope()));
      expect(error.code).toBe(code);
      expect(error.provider).toBe('ELJUR');
      expect(error.message).toContain('getprofileuserinfo');
      expectNoSecrets(error, CHILD_SNILS);
    },
  );

  it('should fail the profile when the card is refused for the token (auth errors are not skipped)', async () => {
    mockData('getrules').reply(200, envelope(rulesPayload()));
    mockProfileCard().reply(403, failureEnvelope(403, 'недействительный токен'));
    const error = await providerRejection(createEljurAdapter(options()).fetchProfile(tokenAccount, testScope()));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toContain('getprofileuserinfo');
    expectNoSecrets(error, CHILD_SNILS);
  });
});

describe('Eljur adapter: each child’s school', () => {
  const FIRST = { id: 'eljur:school:7700000000', name: 'МБОУ «Школа № 1»', provider: 'ELJUR' };
  const ART = { id: 'eljur:school:6316001707', name: ART_SCHOOL.title_full, provider: 'ELJUR' };

  async function schoolFor(card: { status: number; body: nock.Body }) {
    mockData('getrules').reply(200, envelope(twoSchoolsRulesPayload()));
    mockProfileCard().reply(card.status, card.body);
    const profile = await createEljurAdapter(options()).fetchProfile(tokenAccount, testScope());
    expect(profile.students).toHaveLength(1);
    return profile.students[0]!.school;
  }
  const named = (schoolName: unknown) => ({ status: 200, body: envelope(profileUserInfoPayload({ schoolName })) });

  it.each([
    ['the second school’s full title, exactly', 'МБУ ДО «Детская школа искусств № 7»', ART],
    ['the first school’s full title, exactly', 'МБОУ «Школа № 1»', FIRST],
    [
      'the full title in another case, with extra and no-break spaces',
      '  мбу до  «ДЕТСКАЯ школа\u00a0искусств №\u00a07»\t',
      ART,
    ],
    ['the short title', 'дши № 7', ART],
  ])('should pick the listed school the card names: %s', async (_name, schoolName, expected) => {
    expect(await schoolFor(named(schoolName))).toEqual(expected);
  });

  it('should build the school from the name when the card names a school the account does not list', async () => {
    expect(await schoolFor(named('  Гимназия  № 5 г. о. Самара '))).toEqual({
      id: 'eljur:school:name:гимназия № 5 г. о. самара',
      name: 'Гимназия № 5 г. о. Самара',
      provider: 'ELJUR',
    });
  });

  it('should give a school named only by case and spacing apart the same id', async () => {
    const first = await schoolFor(named('Гимназия № 5'));
    const second = await schoolFor(named(' ГИМНАЗИЯ\u00a0№  5'));
    expect(second?.id).toBe(first?.id);
  });

  it.each([
    [
      'no school name',
      { status: 200, body: envelope({ profileUserInfo: { username: 'ivanova.maria', snils: CHILD_SNILS } }) },
    ],
    ['a blank school name', named('   ')],
    ['a null school name', named(null)],
    ['an empty card written as []', { status: 200, body: envelope({ profileUserInfo: [] }) }],
    ['a host without the card method (HTTP 404)', { status: 404, body: failureEnvelope(404, 'метод не найден') }],
  ])('should fall back to the first listed school after %s', async (_name, card) => {
    expect(await schoolFor(card)).toEqual(FIRST);
  });

  it('should place two children of one account each at their own school', async () => {
    const rules = twoSchoolsRulesPayload();
    const second = {
      name: '67890',
      title: 'Иванова Мария',
      firstname: 'Мария',
      lastname: 'Иванова',
      gender: 'female',
      class: '3',
      parallel: 3,
      city: 'Самара',
      rel: 'child',
      rules: [],
    };
    mockData('getrules').reply(
      200,
      envelope({
        ...rules,
        relations: { ...rules.relations, students: { ...(rules.relations?.students as object), '67890': second } },
      }),
    );
    mockProfileCard().reply(200, envelope(profileUserInfoPayload()));
    mockData('getprofileuserinfo', { student: '67890' }).reply(
      200,
      envelope(profileUserInfoPayload({ schoolName: ART_SCHOOL.title_full })),
    );
    const profile = await createEljurAdapter(options()).fetchProfile(tokenAccount, testScope());
    expect(profile.students.map((child) => [child.externalId, child.school?.id])).toEqual([
      [STUDENT_ID, FIRST.id],
      ['67890', ART.id],
    ]);
  });
});

describe('Eljur adapter sign-in', () => {
  const link = (overrides: Partial<{ login: string; password: string; vendor: string }> = {}) =>
    ({ provider: 'ELJUR', login: ` ${LOGIN} `, password: PASSWORD, vendor: ' gymnasium2 ', ...overrides }) as const;

  it('should sign in with the given vendor and return what to store', async () => {
    mockAuth('gymnasium2').reply(200, authAnswer);
    const stored = await createEljurAdapter(options()).signIn(link(), testScope());
    expect(stored).toEqual({
      login: LOGIN,
      password: PASSWORD,
      vendor: 'gymnasium2',
      token: NEW_TOKEN,
      tokenExpiresAt: '2025-12-16T10:00:00+04:00',
    });
  });

  it.each([
    [
      'a wrong login or password',
      400,
      failureEnvelope(400, 'неверный логин или пароль'),
      /login or password was refused/,
    ],
    ['an unknown vendor', 500, failureEnvelope(500, 'неизвестный вендор'), /does not know the school \(vendor\)/],
  ] as const)('should refuse %s as PROVIDER_AUTH_FAILED without the secret', async (_name, status, body, message) => {
    mockAuth('gymnasium2').reply(status, body);
    const error = await providerRejection(createEljurAdapter(options()).signIn(link(), testScope()));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toMatch(message);
    expectNoSecrets(error);
  });

  it.each([
    ['an empty login', { login: '  ' }, 'login'],
    ['an empty password', { password: '' }, 'password'],
    ['a vendor with a dot', { vendor: 'school1.eljur.ru' }, 'vendor'],
    ['a vendor with a slash', { vendor: 'school1/../x' }, 'vendor'],
    ['an empty vendor', { vendor: ' ' }, 'vendor'],
  ] as const)('should refuse %s as BAD_USER_INPUT before calling Eljur', async (_name, overrides, argument) => {
    await badUserInput(createEljurAdapter(options()).signIn(link(overrides), testScope()), argument, [PASSWORD]);
  });

  it('should refuse another diary’s input as BAD_USER_INPUT', async () => {
    const input = { provider: 'MESH', token: 'mesh-token' } as const;
    await badUserInput(createEljurAdapter(options()).signIn(input, testScope()), 'provider');
  });
});

describe('Eljur adapter absence notices', () => {
  it.each(['submitAbsenceNotice', 'withdrawAbsenceNotice'] as const)(
    'should refuse %s as NOT_SUPPORTED_BY_PROVIDER without calling Eljur',
    async (method) => {
      const range = { from: '2025-09-19', to: '2025-09-19' };
      const call =
        method === 'submitAbsenceNotice'
          ? createEljurAdapter(options()).submitAbsenceNotice(
              tokenAccount,
              student,
              { range, reason: 'ILLNESS', comment: null },
              testScope(),
            )
          : createEljurAdapter(options()).withdrawAbsenceNotice(tokenAccount, student, range, testScope());
      const error = await providerRejection(call);
      expect(error.code).toBe('NOT_SUPPORTED_BY_PROVIDER');
      expect(error.provider).toBe('ELJUR');
      expect(error.message).toBe('Eljur does not accept absence notices from parents through its API.');
    },
  );
});
