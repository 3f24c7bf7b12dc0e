/**
 * The typed client (`@diary-gateway/client`, client/) against a running demo gateway: each generated
 * operation answers in the types its document declares (checked twice: `expectTypeOf` and the field reads
 * below are compiled by `npm run typecheck`, so a document that drifts from the schema fails the build),
 * failures reject with the gateway's `extensions.code`, and persisted mode sends ids.
 */
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ConfirmStudentMatchDocument,
  createDiaryClient,
  DashboardDocument,
  DiaryClientError,
  InviteTrustedPersonDocument,
  ProviderAccountsDocument,
  RejectStudentMatchDocument,
  ReportAbsenceDocument,
  RevokeTrustedPersonDocument,
  SignOutDocument,
  StudentMatchSuggestionsDocument,
  TenantsDocument,
  TrustedPersonsDocument,
  WithdrawAbsenceDocument,
  type DashboardQuery,
  type DiaryClient,
  type DiaryClientOptions,
  type GradeScale,
} from '../../client/src/index.js';
import { startTestGateway, TEST_DASHBOARD_DAYS as DAYS, type TestGateway } from '../support/gateway.js';
import { closedPortUrl } from '../support/rejection.js';
import { admissionGaugesReach } from '../support/admission-gauges.js';
import { metricValue } from '../support/metrics.js';

type DashboardStudent = DashboardQuery['viewer']['students'][number];

/** A client of `gateway`, signed in as the demo parent unless `token` says otherwise. */
function clientOf(gateway: TestGateway, options: Partial<DiaryClientOptions> = {}): DiaryClient {
  return createDiaryClient({ url: `${gateway.url}/graphql`, token: gateway.gateway.demo!.token, ...options });
}

/** The rejection of `promise`, which must be a `DiaryClientError`. */
async function clientErrorOf(promise: Promise<unknown>): Promise<DiaryClientError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DiaryClientError);
  return error as DiaryClientError;
}

describe('the typed client, reading', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });

  it('should answer the dashboard in the shape and types its document declares', async () => {
    const { data, errors } = await clientOf(gateway).request(DashboardDocument, DAYS);
    expect(errors).toEqual([]);
    const { students } = data.viewer;
    // Compile-time: what the page reads has the schema's types (raw marks are text, averages may be null).
    expectTypeOf(students).toEqualTypeOf<DashboardStudent[]>();
    expectTypeOf<DashboardStudent['grades'][number]['value']['raw']>().toEqualTypeOf<string>();
    expectTypeOf<DashboardStudent['grades'][number]['value']['scale']>().toEqualTypeOf<GradeScale>();
    expectTypeOf<DashboardStudent['grades'][number]['pointDeadline']>().toEqualTypeOf<string | null>();
    expectTypeOf<DashboardStudent['averages'][number]['providerAverage']>().toEqualTypeOf<number | null>();
    expectTypeOf<DashboardStudent['homework'][number]['attachments'][number]['url']>().toEqualTypeOf<string | null>();
    expectTypeOf<DashboardStudent['freshness'][number]['error']>().toEqualTypeOf<{
      code: string;
      message: string;
    } | null>();

    expect(students.map((student) => student.fullName)).toContain('Иванова Мария Олеговна');
    expect(students).toHaveLength(6);
    const maria = students.find((student) => student.fullName === 'Иванова Мария Олеговна')!;
    expect(maria.freshness.map((entry) => entry.provider).sort()).toEqual(['ELJUR', 'MESH']);
    expect(maria.freshness.every((entry) => !entry.isStale && entry.error === null)).toBe(true);
    expect(new Set(maria.schedule.map((lesson) => lesson.date))).toEqual(new Set([DAYS.today, DAYS.tomorrow]));

    const grades = students.flatMap((student) => student.grades);
    expect(grades.every((grade) => typeof grade.value.raw === 'string' && grade.weight >= 1)).toBe(true);
    expect(new Set(grades.map((grade) => grade.weight)).size).toBeGreaterThan(1);
    expect(grades.some((grade) => grade.isExam)).toBe(true);
    expect(grades.some((grade) => grade.isPoint && grade.pointDeadline !== null)).toBe(true);
    const homework = students.flatMap((student) => student.homework);
    expect(homework.every((item) => item.dueOn >= DAYS.today && item.dueOn <= DAYS.homeworkUntil)).toBe(true);
    expect(homework.flatMap((item) => item.attachments).some((file) => file.title !== '')).toBe(true);
    const averages = students.flatMap((student) => student.averages);
    expect(averages.some((entry) => entry.average !== null && entry.providerAverage !== null)).toBe(true);
    expect(students.flatMap((student) => student.attendance).length).toBeGreaterThan(0);
  });

  it('should list the tenants and their link flows without a session', async () => {
    const { data } = await clientOf(gateway, { token: undefined }).request(TenantsDocument);
    expect(data.tenants.map((tenant) => tenant.id)).toContain('mesh-mosreg');
    const flows = data.tenants.flatMap((tenant) => tenant.linkFlows);
    expect(flows.some((flow) => flow.available && flow.startPath?.startsWith('/link/'))).toBe(true);
  });

  it('should list the linked accounts, each with its tenant, reading the token anew for each request', async () => {
    const token = gateway.gateway.demo!.token;
    const { data } = await clientOf(gateway, { token: () => Promise.resolve(token) }).request(ProviderAccountsDocument);
    expect(data.viewer.providerAccounts.map((account) => account.tenant.id).sort()).toEqual([
      'dnevnik-ru',
      'eljur',
      'mesh-moscow',
      'mesh-mosreg',
    ]);
  });

  it('should reject a request that brings no data with the gateway’s code, status and errors', async () => {
    const signedOut = await clientErrorOf(clientOf(gateway, { token: undefined }).request(DashboardDocument, DAYS));
    expect([signedOut.code, signedOut.status]).toEqual(['UNAUTHENTICATED', 200]);
    expect(signedOut.errors[0]?.path).toEqual(['viewer']);
    const badDate = await clientErrorOf(clientOf(gateway).request(DashboardDocument, { ...DAYS, today: '23.11.2026' }));
    expect([badDate.code, badDate.status]).toEqual(['BAD_USER_INPUT', 400]);
  });

  it('should say in the chosen language that the gateway could not be reached', async () => {
    const url = `${await closedPortUrl()}/graphql`;
    const russian = await clientErrorOf(createDiaryClient({ url }).request(TenantsDocument));
    expect([russian.code, russian.status]).toEqual(['NETWORK_ERROR', null]);
    expect(russian.message).toMatch(/^Не удалось связаться/);
    const english = await clientErrorOf(createDiaryClient({ url, language: 'en' }).request(TenantsDocument));
    expect(english.message).toMatch(/^Could not reach/);
  });
});

describe('the typed client, changing things', () => {
  it('should list a match suggestion, reject one and confirm another', async () => {
    const client = clientOf(await startTestGateway());
    const suggestions = (await client.request(StudentMatchSuggestionsDocument)).data.viewer.studentMatchSuggestions;
    expect(suggestions).toHaveLength(1);
    const [suggestion] = suggestions;
    expect(suggestion!.students.map((student) => student.fullName).sort()).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
    ]);
    const rejected = await client.request(RejectStudentMatchDocument, { suggestionId: suggestion!.id });
    expect(rejected.data.rejectStudentMatch.students).toHaveLength(2);

    const other = clientOf(await startTestGateway());
    const confirmed = await other.request(ConfirmStudentMatchDocument, { suggestionId: suggestion!.id });
    const [merged] = confirmed.data.confirmStudentMatch.students;
    expect(confirmed.data.confirmStudentMatch.students).toHaveLength(1);
    expect(merged!.enrollments.map((enrollment) => enrollment.provider).sort()).toEqual(['DNEVNIK', 'MESH']);
  });

  it('should invite a trusted person, list the grant and revoke it', async () => {
    const client = clientOf(await startTestGateway());
    const students = (await client.request(DashboardDocument, DAYS)).data.viewer.students;
    const maria = students.find((student) => student.fullName === 'Иванова Мария Олеговна')!;
    const invited = await client.request(InviteTrustedPersonDocument, {
      input: { studentId: maria.id, fullName: 'Иванова Галина Петровна' },
    });
    const { code, grant } = invited.data.inviteTrustedPerson;
    expect(code.length).toBeGreaterThan(8);
    expect([grant.status, grant.inviteeKind, grant.inviteeLabel]).toEqual([
      'PENDING',
      'FULL_NAME',
      'Иванова Галина Петровна',
    ]);
    const listed = (await client.request(TrustedPersonsDocument)).data.viewer.trustedPersons;
    expect(listed.map((entry) => [entry.id, entry.student?.id])).toEqual([[grant.id, maria.id]]);
    const revoked = await client.request(RevokeTrustedPersonDocument, { grantId: grant.id });
    expect(revoked.data.revokeTrustedPerson.status).toBe('REVOKED');
  });

  it('should report an absence to the child’s МЭШ and withdraw it', async () => {
    const client = clientOf(await startTestGateway());
    const students = (await client.request(DashboardDocument, DAYS)).data.viewer.students;
    const maria = students.find((student) => student.fullName === 'Иванова Мария Олеговна')!;
    const days = { studentId: maria.id, from: DAYS.tomorrow, to: DAYS.tomorrow };
    const reported = await client.request(ReportAbsenceDocument, { input: { ...days, reason: 'ILLNESS' } });
    expect(reported.data.reportAbsence).toEqual({
      student: { id: maria.id, fullName: maria.fullName },
      providers: ['MESH'],
      from: DAYS.tomorrow,
      to: DAYS.tomorrow,
    });
    const withdrawn = await client.request(WithdrawAbsenceDocument, { input: days });
    expect(withdrawn.data.withdrawAbsence.providers).toEqual(['MESH']);
  });

  it('should sign out, after which the session no longer reads anything', async () => {
    const client = clientOf(await startTestGateway());
    expect((await client.request(SignOutDocument)).data.signOut).toBe(true);
    expect((await clientErrorOf(client.request(ProviderAccountsDocument))).code).toBe('UNAUTHENTICATED');
  });
});

describe('the typed client with persisted: true', () => {
  /** A client that records the body of every request it sends. */
  function recordingClient(gateway: TestGateway): { client: DiaryClient; bodies: Record<string, unknown>[] } {
    const bodies: Record<string, unknown>[] = [];
    const recording: typeof fetch = (input, init) => {
      bodies.push(JSON.parse(init?.body as string) as Record<string, unknown>);
      return fetch(input, init);
    };
    return { client: clientOf(gateway, { persisted: true, fetch: recording }), bodies };
  }

  it('should send only the id to a gateway that runs registered operations only', async () => {
    const { client, bodies } = recordingClient(await startTestGateway({ PERSISTED_OPERATIONS: 'only' }));
    const { data } = await client.request(DashboardDocument, DAYS);
    expect(data.viewer.students).toHaveLength(6);
    expect(bodies).toEqual([
      { documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), operationName: 'Dashboard', variables: DAYS },
    ]);
  });

  it('should send the text with its hash once to a gateway that does not know the id, then the id alone', async () => {
    const { client, bodies } = recordingClient(await startTestGateway());
    await client.request(TenantsDocument);
    await client.request(TenantsDocument);
    expect(bodies.map((body) => Object.keys(body).sort())).toEqual([
      ['documentId', 'operationName', 'variables'],
      ['extensions', 'operationName', 'query', 'variables'],
      ['documentId', 'operationName', 'variables'],
    ]);
  });
});

describe('the typed client when the gateway is busy', () => {
  /**
   * One execution at a time and no queue: a request arriving while the turn is taken is refused at once with
   * `SERVER_BUSY` (`Retry-After: 1`). The turn is taken by a request whose diaries never answer, until the
   * request deadline (`HOLD_MS`) cuts it; nothing else ends it sooner.
   */
  const HOLD_MS = 1500;
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      MAX_EXECUTIONS_IN_FLIGHT: '1',
      MAX_EXECUTIONS_QUEUED: '0',
      REQUEST_DEADLINE_MS: String(HOLD_MS),
      UPSTREAM_HEADERS_TIMEOUT_MS: '60000',
      UPSTREAM_BODY_TIMEOUT_MS: '60000',
      PREFETCH_STRUCTURE: 'off',
      ANSWER_CACHE: 'off',
    });
  });

  /** Takes the only turn until the request deadline; resolves once the gateway says it is taken. */
  async function takeTheTurn(): Promise<void> {
    for (const simulator of Object.values(gateway.gateway.demo!.simulators)) simulator.setLatency(60_000);
    void gateway.graphql(`{ viewer { students { grades(from: "2026-09-07", to: "2026-09-11") { id } } } }`);
    await admissionGaugesReach(gateway, 1, 0);
  }

  it('should reject with SERVER_BUSY and the wait the gateway named, unless told to ask again', async () => {
    await takeTheTurn();
    const refusal = await clientErrorOf(clientOf(gateway).request(TenantsDocument));
    expect(refusal).toMatchObject({ code: 'SERVER_BUSY', status: 503, retryAfterSeconds: 1 });
    await admissionGaugesReach(gateway, 0, 0);
  });

  it('should ask again after the wait when told to, and answer once the turn is free', async () => {
    await takeTheTurn();
    const answered = await clientOf(gateway, { retryRefusals: { attempts: 3 } }).request(TenantsDocument);
    expect(answered.data.tenants.length).toBeGreaterThan(0);
    // Refused at least once on its way (the first test's refusal is one more).
    const refused = await metricValue(gateway.gateway.metrics, 'diary_gateway_graphql_errors_total', {
      code: 'SERVER_BUSY',
    });
    expect(refused).toBeGreaterThanOrEqual(2);
  });

  it('should not wait longer than it was told to, nor past an abort', async () => {
    await takeTheTurn();
    const impatient = clientOf(gateway, { retryRefusals: { attempts: 3, longestWaitSeconds: 0.5 } });
    expect(await clientErrorOf(impatient.request(TenantsDocument))).toMatchObject({ code: 'SERVER_BUSY' });
    const leaving = new AbortController();
    const asked = clientOf(gateway, { retryRefusals: { attempts: 3 } }).request(
      TenantsDocument,
      {},
      {
        signal: leaving.signal,
      },
    );
    setTimeout(() => leaving.abort(), 100);
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' });
    await admissionGaugesReach(gateway, 0, 0);
  });
});
