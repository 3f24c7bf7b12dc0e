import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AttendanceRecord,
  DataFreshness,
  Enrollment,
  Grade,
  GradeValue,
  Lesson,
  Student,
  SubjectAverage,
} from '../../src/domain/schema-types.generated.js';
import { createUndiciTransport, UpstreamNetworkError, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway, testClock, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, operation } from '../support/graphql.js';

// The gateway in its embedded default (demo mode): real МЭШ simulator over loopback HTTP, real undici
// transport, in-memory store. "Today" is fixed at Monday 2026-11-23 so the data is the same every run.
const WEEK = { from: '2026-11-23', to: '2026-11-29' };
const TERM = { from: '2026-09-01', to: '2026-11-29' };

/** What the tests read of a DASHBOARD answer. */
interface DashboardStudent extends Pick<Student, 'id' | 'fullName' | 'firstName' | 'className'> {
  enrollments: Pick<Enrollment, 'provider' | 'className'>[];
  periods: { isCurrent: boolean }[];
  grades: (Pick<Grade, 'provider' | 'weight' | 'workType' | 'isPoint' | 'isExam' | 'createdAt'> & {
    value: Pick<GradeValue, 'scale'>;
  })[];
  schedule: Pick<Lesson, 'provider' | 'date' | 'startsAt' | 'isCancelled' | 'isReplaced'>[];
  homework: unknown[];
  attendance: Pick<AttendanceRecord, 'kind'>[];
  averages: Pick<SubjectAverage, 'average' | 'providerAverage'>[];
}

const DASHBOARD = operation<{ viewer: { displayName: string; students: DashboardStudent[] } }>(/* GraphQL */ `
  query Dashboard($from: Date!, $to: Date!, $termFrom: Date!) {
    viewer {
      id
      displayName
      students {
        id
        fullName
        firstName
        lastName
        middleName
        birthDate
        className
        school {
          id
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
        subjects {
          id
          name
          provider
        }
        periods {
          id
          title
          start
          end
          isCurrent
        }
        grades(from: $termFrom, to: $to) {
          id
          date
          weight
          workType
          comment
          isExam
          isPoint
          pointDeadline
          countsTowardAverage
          createdAt
          provider
          subject {
            id
            name
          }
          value {
            raw
            numeric
            scale
            fivePoint
          }
        }
        homework(from: $from, to: $to) {
          id
          dueOn
          assignedOn
          text
          isDone
          subject {
            name
          }
          attachments {
            title
            url
          }
        }
        schedule(from: $from, to: $to) {
          id
          date
          startsAt
          endsAt
          room
          topic
          isCancelled
          isReplaced
          provider
          subject {
            name
          }
          homework {
            id
            text
          }
          grades {
            id
            value {
              raw
            }
          }
          absence {
            kind
            reason
          }
        }
        attendance(from: $termFrom, to: $to) {
          date
          kind
          reason
          provider
          lesson {
            id
            subject {
              name
            }
          }
        }
        averages {
          subject {
            name
          }
          period {
            title
          }
          average
          providerAverage
          gradeCount
          trend
          finalGrade {
            raw
          }
        }
      }
    }
  }
`);

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});

describe('the HTTP edge', () => {
  it('should answer /healthz with 200', async () => {
    const response = await fetch(`${gateway.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('should hand out the demo token in demo mode only', async () => {
    const response = await fetch(`${gateway.url}/demo/token`);
    expect(await response.json()).toEqual({ token: gateway.gateway.demo!.token });
    const production = await startTestGateway({
      DEMO: 'off',
      ID_SECRET: 'a-test-secret-that-is-long-enough-123',
      PERSONAL_DATA_SECRET: 'a-personal-data-secret-long-enough-456',
      CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect((await fetch(`${production.url}/demo/token`)).status).toBe(404);
    expect((await fetch(`${production.url}/demo/accounts`)).status).toBe(404);
    const answer = await production.graphql('{ viewer { id } }', {}, 'anything');
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  });

  it('should hand out the demo accounts’ credentials in demo mode, a fresh Dnevnik.ru code each time, and they link', async () => {
    /** The link mutations' inputs for the demo accounts, as `/demo/accounts` hands them out. */
    type DemoAccounts = Record<'linkMeshAccount' | 'linkEljurAccount' | 'linkDnevnikAccount', Record<string, string>[]>;
    const demoAccounts = async (url: string) => (await (await fetch(`${url}/demo/accounts`)).json()) as DemoAccounts;
    const first = await demoAccounts(gateway.url);
    const second = await demoAccounts(gateway.url);
    // Moscow's МЭШ account, then the Moscow region's (Полина's), each naming its tenant.
    expect(first.linkMeshAccount).toEqual([
      { token: expect.any(String), tenant: 'mesh-moscow' },
      { token: expect.any(String), tenant: 'mesh-mosreg' },
    ]);
    expect(first.linkEljurAccount).toEqual([
      { login: expect.any(String), password: expect.any(String), vendor: expect.any(String) },
    ]);
    expect(first.linkDnevnikAccount[0]!.code).not.toBe(second.linkDnevnikAccount[0]!.code);
    const target = await startTestGateway();
    const linked = await target.graphql(
      `mutation($code: String!) { linkDnevnikAccount(input: { code: $code }) { account { provider status holderMatch } } }`,
      { code: (await demoAccounts(target.url)).linkDnevnikAccount[0]!.code },
    );
    expect(linked.body).toEqual({
      data: { linkDnevnikAccount: { account: { provider: 'DNEVNIK', status: 'ACTIVE', holderMatch: 'SAME_PERSON' } } },
    });
  });

  it('should let go of every server and connection it opened when its start fails half-way', async () => {
    const listening = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;
    // The gateway of the test before was closed just now: its servers leave the list in the event loop's
    // close phase, so let that pass before counting.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const before = listening();
    // Eljur unreachable: the demo's simulators and МЭШ/Dnevnik.ru links are up when linking Eljur fails.
    const real = createUndiciTransport();
    const eljurDown: HttpTransport = (request) =>
      request.url.pathname.startsWith('/apiv3/')
        ? Promise.reject(new UpstreamNetworkError('connection', 'Eljur is unreachable (test)'))
        : real(request);
    await expect(
      startTestGateway({ UPSTREAM_RETRIES: '0' }, undefined, { transport: eljurDown }),
    ).rejects.toBeInstanceOf(Error);
    await expect.poll(listening).toBe(before);
  });

  it('should serve an IDE that loads nothing from the internet', async () => {
    const page = await (await fetch(`${gateway.url}/graphiql`)).text();
    const scripts = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const path of scripts) {
      expect(path.startsWith('/graphiql/')).toBe(true);
      expect((await fetch(`${gateway.url}${path}`)).status).toBe(200);
    }
    expect(page).not.toMatch(/https?:\/\/(?!localhost)/);
  });

  it('should refuse a body that is not JSON with 400 and an oversized one with 413', async () => {
    const post = (body: string) =>
      fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{"query": ')).status).toBe(400);
    expect((await post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(1024 * 1024)}` }))).status).toBe(413);
  });
});

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'not-a-session'],
  ])('should answer %s with UNAUTHENTICATED and no data', async (_name, token) => {
    const answer = await gateway.graphql('{ viewer { id students { id fullName } } }', {}, token);
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: ['viewer'], extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
  });

  it('should answer a student query without a session with UNAUTHENTICATED', async () => {
    const answer = await gateway.graphql('{ student(id: "stu_x") { id } }', {}, null);
    expect(codeOf(answer)).toBe('UNAUTHENTICATED');
  });
});

describe('the demo family through the МЭШ simulator', () => {
  it('should return the МЭШ children with a term of grades, homework, a timetable and attendance', async () => {
    const answer = await gateway.graphql(DASHBOARD, { ...WEEK, termFrom: TERM.from });
    expect(answer.body.errors).toBeUndefined();
    const { viewer } = dataOf(answer);
    expect(viewer.displayName).toBe('Анна Сергеевна Иванова');
    // Мария's art school (Eljur) is merged into her by SNILS; Артём's chess club (Dnevnik.ru, no patronymic,
    // no birth date) is only a name match, so it stays a separate student until the parent confirms it.
    // Полина comes from the parent's second МЭШ account, on the Moscow region's «Моя школа».
    expect(viewer.students.map((s) => s.fullName)).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(viewer.students.find((s) => s.firstName === 'Полина')).toMatchObject({
      className: '2-А',
      enrollments: [{ provider: 'MESH', className: '2-А', school: { name: 'МБОУ Лицей № 4 г. Красногорска' } }],
    });

    const masha = viewer.students.find((s) => s.firstName === 'Мария')!;
    expect(masha).toMatchObject({
      className: '7-Б',
      enrollments: [{ provider: 'MESH', className: '7-Б' }, { provider: 'ELJUR' }],
    });
    expect(masha.id).toMatch(/^stu_[A-Za-z0-9_-]{22}$/);
    expect(new Set(masha.grades.map((g) => g.provider))).toEqual(new Set(['MESH', 'ELJUR']));
    const grades = masha.grades.filter((g) => g.provider === 'MESH');
    expect(grades.length).toBeGreaterThan(20);
    expect(new Set(grades.map((g) => g.weight)).size).toBeGreaterThan(1);
    expect(grades.every((g) => g.provider === 'MESH' && g.workType)).toBe(true);
    expect(grades.find((g) => g.isPoint)).toMatchObject({
      countsTowardAverage: false,
      pointDeadline: expect.any(String),
    });
    expect(grades.find((g) => g.isExam)).toBeDefined();
    expect(grades.find((g) => g.value.scale === 'HUNDRED_POINT')).toMatchObject({
      value: { raw: expect.stringMatching(/^\d+$/), numeric: expect.any(Number), fivePoint: expect.any(Number) },
    });
    expect(grades.every((g) => g.createdAt === null || g.createdAt.endsWith('+03:00'))).toBe(true);

    const lessons = masha.schedule.filter((l) => l.provider === 'MESH');
    expect(masha.schedule.some((l) => l.provider === 'ELJUR' && l.startsAt!.endsWith('+04:00'))).toBe(true);
    expect(lessons.length).toBeGreaterThan(15);
    expect(lessons.some((l) => l.isCancelled)).toBe(true);
    expect(lessons.some((l) => l.isReplaced)).toBe(true);
    expect(lessons.every((l) => l.startsAt!.endsWith('+03:00') && l.date >= WEEK.from && l.date <= WEEK.to)).toBe(true);
    expect(masha.homework.length).toBeGreaterThan(5);
    expect(masha.attendance.length).toBeGreaterThan(0);
    expect(
      masha.attendance.every((a) => ['EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE', 'ABSENCE', 'TARDY'].includes(a.kind)),
    ).toBe(true);
    // School and art school give the same current term: listed once (see merged-calendar.test.ts).
    expect(masha.periods.filter((p) => p.isCurrent)).toHaveLength(1);
    expect(masha.averages.length).toBeGreaterThan(3);
    expect(masha.averages.some((a) => a.average !== null && a.providerAverage !== null)).toBe(true);
  });

  it('should call each МЭШ route once per child however often the query asks, and not at all on a warm cache', async () => {
    const target = await startTestGateway();
    const simulator = target.gateway.demo!.simulators.mesh;
    const query = /* GraphQL */ `
      query Twice($from: Date!, $to: Date!) {
        viewer {
          students {
            a: grades(from: $from, to: $to) {
              id
            }
            b: grades(from: $from, to: $to) {
              id
              value {
                raw
              }
            }
            schedule(from: $from, to: $to) {
              id
            }
            attendance(from: $from, to: $to) {
              date
            }
          }
        }
      }
    `;
    // Moscow's МЭШ serves Мария and Артём; Полина's calls go to the Moscow region's МЭШ, once each too.
    const region = target.gateway.demo!.simulators.meshRegion;
    const count = (path: string, on = simulator) => on.requests.filter((request) => request.path === path).length;
    simulator.clearRequests(); // linking the demo accounts at start-up read the profile once
    region.clearRequests();
    const cold = await target.graphql(query, WEEK);
    expect(cold.body.errors).toBeUndefined();
    expect(count('/api/family/mobile/v1/marks')).toBe(2);
    expect(count('/api/eventcalendar/v1/api/events')).toBe(2);
    expect(count('/api/family/mobile/v1/profile')).toBe(1);
    expect(count('/acl/api/users/profile_info')).toBe(1);
    for (const path of ['marks', 'profile'].map((route) => `/api/family/mobile/v1/${route}`))
      expect(count(path, region)).toBe(1);

    simulator.clearRequests();
    const warm = await target.graphql(query, WEEK);
    expect(warm.body).toEqual(cold.body);
    expect(simulator.requests).toEqual([]);
    const metrics = await (await fetch(`${target.url}/metrics`)).text();
    expect(metrics).toMatch(
      /diary_gateway_cache_events_total\{provider="MESH",resource="grades",outcome="hit"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /diary_gateway_cache_events_total\{provider="MESH",resource="grades",outcome="miss"\} [1-9]/,
    );
  });

  it('should find a student by id and answer null for an id the viewer does not have', async () => {
    type Named = Pick<Student, 'id' | 'firstName'>;
    const listing = await gateway.graphql<{ viewer: { students: Named[] } }>(
      '{ viewer { students { id firstName } } }',
    );
    const [first] = dataOf(listing).viewer.students;
    const found = await gateway.graphql<{ student: Named | null }>(
      'query($id: ID!) { student(id: $id) { id firstName } }',
      { id: first!.id },
    );
    expect(dataOf(found).student).toEqual(first);
    const missing = await gateway.graphql('{ student(id: "stu_doesnotexist0000000000") { id } }');
    expect(missing.body).toEqual({ data: { student: null } });
  });

  it('should give the same student ids after a restart', async () => {
    const ids = async (target: TestGateway) =>
      dataOf(
        await target.graphql<{ viewer: { students: { id: string }[] } }>('{ viewer { students { id } } }'),
      ).viewer.students.map((s) => s.id);
    const restarted = await startTestGateway();
    expect(await ids(restarted)).toEqual(await ids(gateway));
  });

  it('should refuse a reversed or too long range with BAD_USER_INPUT naming the argument', async () => {
    const answer = await gateway.graphql(
      '{ viewer { students { schedule(from: "2026-09-01", to: "2026-12-31") { id } } } }',
    );
    expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'to' } });
    const bad = await gateway.graphql(
      '{ viewer { students { grades(from: "2026-02-30", to: "2026-03-01") { id } } } }',
    );
    expect(bad.body.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  it('should never put a diary token in a response or a log line', async () => {
    const meshToken = gateway.gateway.demo!.family.accounts[0]!.token;
    const answer = await gateway.graphql(DASHBOARD, { ...WEEK, termFrom: TERM.from });
    expect(answer.text).not.toContain(meshToken);
    expect(gateway.logs()).not.toContain(meshToken);
    expect(answer.text).not.toMatch(/\d{3}-\d{3}-\d{3} \d{2}/);
  });
});

describe('when МЭШ fails', () => {
  interface FreshnessStudent extends Pick<Student, 'fullName'> {
    enrollments: Pick<Enrollment, 'provider'>[];
    grades: { id: string }[];
    freshness: DataFreshness[];
  }
  const QUERY = operation<{ viewer: { displayName: string; students: FreshnessStudent[] } }>(/* GraphQL */ `
    {
      viewer {
        displayName
        students {
          fullName
          enrollments {
            provider
          }
          grades(from: "2026-11-16", to: "2026-11-22") {
            id
          }
          freshness {
            provider
            fetchedAt
            isStale
            error {
              code
              message
            }
          }
        }
      }
    }
  `);
  const TWO_HOURS = 2 * 3_600_000;
  const POLINA = 'Иванова Полина Олеговна';
  const onMesh = (student: FreshnessStudent) => student.enrollments[0]!.provider === 'MESH';
  /** On Moscow's МЭШ, the simulator these tests fail; Полина's МЭШ is the Moscow region's, which keeps answering. */
  const onMoscowMesh = (student: FreshnessStudent) => onMesh(student) && student.fullName !== POLINA;
  const meshFreshness = (student: FreshnessStudent) => student.freshness.filter((entry) => entry.provider === 'MESH');

  it.each([
    ['server-error', 'PROVIDER_UNAVAILABLE', 500],
    ['down', 'PROVIDER_UNAVAILABLE', 503],
    ['html-403', 'PROVIDER_AUTH_FAILED', 403],
    ['malformed', 'PROVIDER_BAD_RESPONSE', 200],
  ] as const)(
    'should serve the last good copy in %s mode, marked stale, with a typed %s error',
    async (fault, code, status) => {
      const clock = testClock();
      const target = await startTestGateway({}, clock.now);
      const good = await target.graphql(QUERY);
      expect(good.body.errors).toBeUndefined();
      const meshBefore = dataOf(good).viewer.students.filter(onMoscowMesh);
      const fetchedAt = meshFreshness(meshBefore[0]!)[0]!.fetchedAt;
      expect(meshFreshness(meshBefore[0]!)).toEqual([{ provider: 'MESH', fetchedAt, isStale: false, error: null }]);

      clock.advance(TWO_HOURS); // past every revalidate window: the diaries must be asked
      target.gateway.demo!.simulators.mesh.setFault(fault);
      const answer = await target.graphql(QUERY);
      expect(answer.status).toBe(200);
      const students = dataOf(answer).viewer.students;
      expect(students.map((s) => [s.fullName, s.grades])).toEqual(
        dataOf(good).viewer.students.map((s) => [s.fullName, s.grades]),
      );
      for (const student of students.filter(onMoscowMesh)) {
        expect(meshFreshness(student)).toEqual([
          { provider: 'MESH', fetchedAt, isStale: true, error: { code, message: expect.stringContaining('МЭШ') } },
        ]);
      }
      // Another installation of МЭШ: Moscow's failure is not the region's, so nothing about Полина (4) failed.
      const polina = students.find((student) => student.fullName === POLINA)!;
      expect(meshFreshness(polina)).toEqual([expect.objectContaining({ provider: 'MESH', error: null })]);
      // The other diaries answer; their children lists are served from a copy being refreshed behind.
      for (const student of students) {
        for (const entry of student.freshness.filter((e) => e.provider !== 'MESH'))
          expect(entry).toMatchObject({ error: null });
      }
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      for (const error of answer.body.errors!) {
        expect(error.extensions).toMatchObject({ code, provider: 'MESH', staleDataServed: true });
        // Once repeated failures open the circuit breaker, calls fail fast without an upstream status.
        if (status !== 200 && error.extensions?.circuit === undefined)
          expect(error.extensions?.upstreamStatus).toBe(status);
      }
      // Students in name order: Артем (chess club), Артём, Лев, Мария, Полина, Софья; Мария (3) is on МЭШ.
      expect(answer.body.errors!.map((e) => e.path)).toContainEqual(['viewer', 'students', 3, 'grades']);
      expect(answer.body.errors!.map((e) => e.path?.[2])).not.toContain(4);
    },
  );

  it('should list МЭШ children from the copy kept at linking, with a typed error, when МЭШ stopped answering before any query', async () => {
    const target = await startTestGateway();
    target.gateway.demo!.simulators.mesh.setFault('down');
    const answer = await target.graphql(QUERY);
    expect(dataOf(answer).viewer.students.map((s) => s.fullName)).toEqual([
      'Иванов Артем',
      'Иванов Артём Олегович',
      'Иванов Лев Олегович',
      'Иванова Мария Олеговна',
      'Иванова Полина Олеговна',
      'Иванова Софья Олеговна',
    ]);
    expect(answer.body.errors).toContainEqual(
      expect.objectContaining({
        path: ['viewer', 'students'],
        extensions: expect.objectContaining({ code: 'PROVIDER_UNAVAILABLE', provider: 'MESH', staleDataServed: true }),
      }),
    );
  });

  it('should serve a slightly old copy at once and refresh it in the background', async () => {
    const clock = testClock();
    const target = await startTestGateway({}, clock.now);
    const simulator = target.gateway.demo!.simulators.mesh;
    await target.graphql(QUERY);
    clock.advance(10 * 60_000); // grades: past fresh (2 min), within revalidate (30 min)
    simulator.clearRequests();
    const answer = await target.graphql(QUERY);
    expect(answer.body.errors).toBeUndefined();
    expect(dataOf(answer).viewer.students.filter(onMesh)[0]!.freshness[0]!.isStale).toBe(true);
    // Мария's and Артём's marks (Полина's are on the region's МЭШ).
    await expect.poll(() => simulator.requests.filter((r) => r.path === '/api/family/mobile/v1/marks').length).toBe(2);
    simulator.clearRequests();
    const refreshed = await target.graphql(QUERY);
    expect(dataOf(refreshed).viewer.students.filter(onMesh)[0]!.freshness[0]!.isStale).toBe(false);
    expect(simulator.requests.filter((r) => r.path === '/api/family/mobile/v1/marks')).toEqual([]);
  });

  it('should give up at the request deadline with PROVIDER_TIMEOUT and still answer', async () => {
    const clock = testClock();
    const target = await startTestGateway({ REQUEST_DEADLINE_MS: '1500' }, clock.now);
    await target.graphql(QUERY);
    clock.advance(TWO_HOURS);
    target.gateway.demo!.simulators.mesh.setLatency(5_000);
    const answer = await target.graphql(QUERY);
    expect(dataOf(answer).viewer.displayName).toBe('Анна Сергеевна Иванова');
    expect(dataOf(answer).viewer.students.map((s) => s.fullName)).toContain('Иванова Полина Олеговна');
    expect(dataOf(answer).viewer.students).toHaveLength(6);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
    for (const error of answer.body.errors!) {
      expect(error.extensions).toMatchObject({ code: 'PROVIDER_TIMEOUT', provider: 'MESH', staleDataServed: true });
    }
  });
});
