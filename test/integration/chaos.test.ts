import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainUser, seedAccount } from '../support/accounts.js';
import { createSession } from '../../src/auth/sessions.js';
import type { DemoAccount, DemoChild } from '../../src/demo/demo-family.js';
import { formatSnils } from '../../src/demo/generator/snils.js';
import type { ProviderKind } from '../../src/domain/model.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { movingTime, startTestGateway, testClock, type TestGateway } from '../support/gateway.js';
import { dataOf, operation, type GraphqlResponse } from '../support/graphql.js';
import { registerTeardown } from '../support/teardown.js';

// Issue 6, chaos: diaries that flap, crawl, answer HTML or broken JSON, and two families sharing one
// gateway while that happens. Every scenario runs through a real gateway and the real simulators over
// loopback HTTP; faults are switched by hand and time is moved by hand, so every run is the same. No
// assertion is about how long anything took.

const TWO_HOURS = 2 * 3_600_000;
/** The children's list stays fresh across a scenario, so `freshness` speaks of the grades alone. */
const PROFILE_FRESH_FOR_A_DAY = { CACHE_FRESHNESS: 'profile=86400' };
const QUERY = operation<{ viewer: { students: Student[] } }>(/* GraphQL */ `
  {
    viewer {
      students {
        id
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

type Student = {
  id: string;
  fullName: string;
  enrollments: { provider: ProviderKind }[];
  grades: { id: string }[];
  freshness: {
    provider: ProviderKind;
    fetchedAt: string | null;
    isStale: boolean;
    error: { code: string; message: string } | null;
  }[];
};

const NAMES: Readonly<Record<ProviderKind, string>> = { MESH: 'МЭШ', DNEVNIK: 'Dnevnik.ru', ELJUR: 'Eljur' };
/**
 * Полина's МЭШ is the Moscow region's «Моя школа», another installation with a simulator of its own
 * (`simulators.meshRegion`): failing Moscow's МЭШ must leave her as healthy as the other diaries' children.
 */
const ON_ANOTHER_MESH = 'Иванова Полина Олеговна';
/**
 * Whether any enrollment of the student is in this diary's simulator (Мария is in МЭШ and, for her art
 * school, Eljur).
 */
const involves = (student: Student, provider: ProviderKind) =>
  student.enrollments.some((enrollment) => enrollment.provider === provider) &&
  !(provider === 'MESH' && student.fullName === ON_ANOTHER_MESH);
const freshnessOf = (student: Student, provider: ProviderKind) =>
  student.freshness.filter((entry) => entry.provider === provider);
const studentsOf = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>) => dataOf(answer).viewer.students;
const gradesById = (answer: GraphqlResponse<{ viewer: { students: Student[] } }>) =>
  Object.fromEntries(studentsOf(answer).map((student) => [student.id, student.grades.map((grade) => grade.id)]));

function simulatorOf(target: TestGateway, provider: ProviderKind) {
  const { mesh, dnevnik, eljur } = target.gateway.demo!.simulators;
  return { MESH: mesh, DNEVNIK: dnevnik, ELJUR: eljur }[provider];
}

/** Switches a simulator's fault mode by provider; each simulator checks the mode is one of its own. */
function setFault(target: TestGateway, provider: ProviderKind, mode: string): void {
  simulatorOf(target, provider).setFault(mode as never);
}

/** The health of every gateway this file starts, as it stood when the test using it ended: for the final check. */
const healthAtEnd: { status: number; body: unknown }[] = [];
async function gatewayFor(
  environment: Record<string, string>,
  now: () => Date,
  store?: GatewayStore,
): Promise<TestGateway> {
  const target = await startTestGateway(environment, now, store ? { store } : {});
  // Registered after the gateway's own teardown, so it runs first: the gateway is still up.
  registerTeardown(async () => {
    const response = await fetch(`${target.url}/healthz`);
    healthAtEnd.push({ status: response.status, body: await response.json() });
  });
  return target;
}

/** Rejections nobody handled, anywhere in the process, while this file ran. */
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', recordUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', recordUnhandled);
});

/** The other providers' children carry their data, fresh and without error. */
function expectHealthy(
  answer: GraphqlResponse<{ viewer: { students: Student[] } }>,
  baseline: GraphqlResponse<{ viewer: { students: Student[] } }>,
  except: ProviderKind,
): void {
  const before = gradesById(baseline);
  for (const student of studentsOf(answer).filter((candidate) => !involves(candidate, except))) {
    expect(student.grades.map((grade) => grade.id)).toEqual(before[student.id]);
    expect(student.freshness).toEqual(
      student.enrollments.map(({ provider }) => ({
        provider,
        fetchedAt: expect.any(String),
        isStale: false,
        error: null,
      })),
    );
  }
}

describe('a flapping diary', () => {
  it.each([
    ['MESH', 'down'],
    ['DNEVNIK', 'maintenance'],
    ['ELJUR', 'server-error'],
  ] as const)(
    'should keep answering while %s flaps (%s), serve its last good copy while it is down, and recover by itself',
    async (provider, fault) => {
      const time = movingTime();
      const target = await gatewayFor(
        { ...PROFILE_FRESH_FOR_A_DAY, BREAKER_FAILURE_THRESHOLD: '1', BREAKER_HALF_OPEN_AFTER_MS: '60000' },
        time.now,
      );
      const baseline = await target.graphql(QUERY);
      expect(baseline.body.errors).toBeUndefined();
      const flapping = studentsOf(baseline).filter((student) => involves(student, provider));
      expect(flapping.length).toBeGreaterThan(0);
      expect(flapping.every((student) => student.grades.length > 0)).toBe(true);
      // `fetchedAt` is the oldest data in the answer: the children's list, read once at the start.
      const firstRead = freshnessOf(flapping[0]!, provider)[0]!.fetchedAt;

      // Down, up, down, up, down, up: two hours apart, past every cache window, so each query asks the diary.
      for (const down of [true, false, true, false, true, false]) {
        time.advance(TWO_HOURS);
        setFault(target, provider, down ? fault : 'none');
        const answer = await target.graphql(QUERY);
        expect(answer.status).toBe(200);
        // Every child, with every grade it had: nothing goes missing once it was seen.
        expect(gradesById(answer)).toEqual(gradesById(baseline));
        expectHealthy(answer, baseline, provider);
        for (const student of studentsOf(answer).filter((candidate) => involves(candidate, provider))) {
          const [freshness] = freshnessOf(student, provider);
          if (down) {
            expect(freshness).toEqual({
              provider,
              fetchedAt: firstRead,
              isStale: true,
              error: { code: 'PROVIDER_UNAVAILABLE', message: expect.stringContaining(NAMES[provider]) },
            });
          } else {
            expect(freshness).toEqual({ provider, fetchedAt: firstRead, isStale: false, error: null });
          }
        }
        if (down) {
          expect(answer.body.errors!.length).toBeGreaterThan(0);
          for (const error of answer.body.errors!)
            expect(error.extensions).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider, staleDataServed: true });
          // Asked again at once, the open breaker answers for the diary: nothing reaches it, the copy is served.
          simulatorOf(target, provider).clearRequests();
          const again = await target.graphql(QUERY);
          expect(simulatorOf(target, provider).requests).toEqual([]);
          expect(gradesById(again)).toEqual(gradesById(baseline));
          expect(again.body.errors!.length).toBeGreaterThan(0);
          for (const error of again.body.errors!)
            expect(error.extensions).toMatchObject({
              code: 'PROVIDER_UNAVAILABLE',
              provider,
              circuit: 'open',
              staleDataServed: true,
            });
        } else {
          // Recovered by itself: the breaker's probe went through and nothing is stale or failed.
          expect(answer.body.errors).toBeUndefined();
        }
      }
      // The breaker closed again on its own once the diary answered its probe.
      const metrics = await (await fetch(`${target.url}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(`diary_gateway_upstream_circuit_state\\{provider="${provider}",host="[^"]+"\\} 0`),
      );
      expect(metrics).not.toMatch(
        new RegExp(`diary_gateway_upstream_circuit_state\\{provider="${provider}",host="[^"]+"\\} [12]`),
      );
    },
  );
});

describe('a slow diary', () => {
  it.each(['MESH', 'DNEVNIK', 'ELJUR'] as const)(
    'should answer at the deadline without %s, with PROVIDER_TIMEOUT beside its last good copy, and recover once it is quick again',
    async (provider) => {
      const clock = testClock();
      const target = await gatewayFor({ ...PROFILE_FRESH_FOR_A_DAY, REQUEST_DEADLINE_MS: '1500' }, clock.now);
      const baseline = await target.graphql(QUERY);
      expect(baseline.body.errors).toBeUndefined();

      clock.advance(TWO_HOURS);
      simulatorOf(target, provider).setLatency(5_000);
      const slow = await target.graphql(QUERY);
      expect(slow.status).toBe(200);
      expect(gradesById(slow)).toEqual(gradesById(baseline));
      expectHealthy(slow, baseline, provider);
      for (const student of studentsOf(slow).filter((candidate) => involves(candidate, provider))) {
        expect(freshnessOf(student, provider)).toEqual([
          {
            provider,
            fetchedAt: expect.any(String),
            isStale: true,
            error: { code: 'PROVIDER_TIMEOUT', message: expect.stringContaining(NAMES[provider]) },
          },
        ]);
      }
      expect(slow.body.errors!.length).toBeGreaterThan(0);
      for (const error of slow.body.errors!)
        expect(error.extensions).toMatchObject({ code: 'PROVIDER_TIMEOUT', provider, staleDataServed: true });

      clock.advance(TWO_HOURS);
      simulatorOf(target, provider).setLatency(0);
      const recovered = await target.graphql(QUERY);
      expect(recovered.body.errors).toBeUndefined();
      expect(gradesById(recovered)).toEqual(gradesById(baseline));
      expect(studentsOf(recovered).flatMap((student) => student.freshness.map((entry) => entry.isStale))).not.toContain(
        true,
      );
    },
  );
});

describe('a diary answering HTML or broken JSON', () => {
  it.each([
    ['DNEVNIK', 'html-error', 'PROVIDER_UNAVAILABLE', 500],
    ['DNEVNIK', 'maintenance', 'PROVIDER_UNAVAILABLE', 550],
    ['DNEVNIK', 'server-error', 'PROVIDER_UNAVAILABLE', 500],
    ['DNEVNIK', 'error-in-200', 'PROVIDER_UNAVAILABLE', 200],
    ['DNEVNIK', 'malformed', 'PROVIDER_BAD_RESPONSE', 200],
    ['ELJUR', 'malformed', 'PROVIDER_BAD_RESPONSE', 200],
    ['ELJUR', 'server-error', 'PROVIDER_UNAVAILABLE', 500],
    ['ELJUR', 'bad-devkey', 'PROVIDER_AUTH_FAILED', 403],
    ['ELJUR', 'unknown-vendor', 'PROVIDER_UNAVAILABLE', 500],
  ] as const)(
    'should serve %s’s last good copy in %s mode, marked stale, with a typed %s error',
    async (provider, fault, code, status) => {
      const clock = testClock();
      const target = await gatewayFor(PROFILE_FRESH_FOR_A_DAY, clock.now);
      const good = await target.graphql(QUERY);
      expect(good.body.errors).toBeUndefined();

      clock.advance(TWO_HOURS);
      setFault(target, provider, fault);
      const answer = await target.graphql(QUERY);
      expect(answer.status).toBe(200);
      expect(gradesById(answer)).toEqual(gradesById(good));
      expectHealthy(answer, good, provider);
      for (const student of studentsOf(answer).filter((candidate) => involves(candidate, provider))) {
        expect(freshnessOf(student, provider)).toEqual([
          {
            provider,
            fetchedAt: expect.any(String),
            isStale: true,
            error: { code, message: expect.stringContaining(NAMES[provider]) },
          },
        ]);
      }
      expect(answer.body.errors!.length).toBeGreaterThan(0);
      for (const error of answer.body.errors!) {
        expect(error.extensions).toMatchObject({ code, provider, staleDataServed: true });
        if (error.extensions?.circuit === undefined) expect(error.extensions?.upstreamStatus).toBe(status);
      }
      const { family } = target.gateway.demo!;
      for (const account of family.accounts) expect(answer.text).not.toContain(account.token);
    },
  );
});

/** Ids that shift a child's marks, lessons and homework clear of every demo child's. */
const ID_SHIFT = 50_000_000;

/**
 * Another family's МЭШ child: the demo's Мария, renamed and re-numbered (another pupil, person GUID,
 * SNILS, and ids for every mark, lesson and homework), so nothing of it can be mistaken for hers.
 */
function secondFamilyChild(model: DemoChild): DemoChild {
  const child = structuredClone(model);
  const shift = (id: number | null) => (id === null ? null : id + ID_SHIFT);
  return {
    ...child,
    key: 'petya',
    firstName: 'Пётр',
    lastName: 'Смирнов',
    middleName: 'Андреевич',
    snils: formatSnils('123456789'),
    studentId: 2_999_001,
    personGuid: '0b6f7c1e-5d2a-4c3b-9e8f-7a6b5c4d3e2f',
    lessons: child.lessons.map((lesson) => ({ ...lesson, id: lesson.id + ID_SHIFT })),
    marks: child.marks.map((mark) => ({ ...mark, id: mark.id + ID_SHIFT, lessonId: shift(mark.lessonId) })),
    homework: child.homework.map((homework) => ({
      ...homework,
      id: homework.id + ID_SHIFT,
      lessonId: shift(homework.lessonId),
    })),
  };
}

const FAMILY_QUERY = operation<{ viewer: { displayName: string; students: FamilyStudent[] } }>(/* GraphQL */ `
  {
    viewer {
      displayName
      students {
        id
        fullName
        grades(from: "2026-11-16", to: "2026-11-22") {
          id
        }
        schedule(from: "2026-11-23", to: "2026-11-29") {
          id
        }
      }
    }
  }
`);

type FamilyStudent = { id: string; fullName: string; grades: { id: string }[]; schedule: { id: string }[] };

/** What identifies a family's children in an answer: student ids, names, grade and lesson ids, quoted as JSON strings. */
function markersOf(answer: GraphqlResponse<{ viewer: { students: FamilyStudent[] } }>): string[] {
  const { students } = dataOf(answer).viewer;
  return students
    .flatMap((student) => [
      student.id,
      student.fullName,
      ...student.grades.map((grade) => grade.id),
      ...student.schedule.map((lesson) => lesson.id),
    ])
    .map((value) => JSON.stringify(value));
}

function expectNoneOf(answer: GraphqlResponse, markers: readonly string[]): void {
  const found = markers.filter((marker) => answer.text.includes(marker));
  expect(found).toEqual([]);
}

/** Each child's id with its grade and lesson ids: what must stay the same for one family, fault or not. */
const familyIdsOf = (answer: GraphqlResponse<{ viewer: { students: FamilyStudent[] } }>) =>
  dataOf(answer).viewer.students.map((student) => [
    student.id,
    student.grades.map((grade) => grade.id),
    student.schedule.map((lesson) => lesson.id),
  ]);

/** What the parent with an unknown МЭШ token is told in each fault mode: faults stand in front of the token check. */
const STRANGER_SEES = {
  none: 'PROVIDER_AUTH_FAILED',
  malformed: 'PROVIDER_AUTH_FAILED',
  'html-403': 'PROVIDER_AUTH_FAILED',
  'server-error': 'PROVIDER_UNAVAILABLE',
  down: 'PROVIDER_UNAVAILABLE',
} as const;

describe('two families in one gateway', () => {
  it('should never give one family another’s children, grades or lessons, from the diary or the cache, while МЭШ fails and recovers', async () => {
    const time = movingTime();
    const store = createMemoryStore();
    const target = await gatewayFor({}, time.now, store);
    const { family } = target.gateway.demo!;

    // The second family: its own МЭШ account and child, served by the same simulator, and its own parent.
    const masha = family.children.find((child) => child.key === 'masha')!;
    const petya = secondFamilyChild(masha);
    const secondAccount: DemoAccount = {
      provider: 'MESH',
      profileId: 35_900_001,
      token: 'second-family-mesh-token-4b7e19c2d05a',
      childKeys: [petya.key],
    };
    family.children.push(petya);
    family.accounts.push(secondAccount);
    await store.putUser(plainUser('usr_second_family', 'Ольга Петровна Смирнова'));
    await seedAccount(store, {
      id: 'acc_second_family_mesh',
      userId: 'usr_second_family',
      provider: 'MESH',
      credentials: { token: secondAccount.token },
    });
    const secondToken = await createSession(store, 'usr_second_family', { ttlMs: null, now: time.now().getTime() });
    // A third parent whose МЭШ token the diary does not know at all.
    await store.putUser(plainUser('usr_stranger', 'Чужой Родитель'));
    await seedAccount(store, {
      id: 'acc_stranger_mesh',
      userId: 'usr_stranger',
      provider: 'MESH',
      credentials: { token: 'a-mesh-token-nobody-issued-91c2' },
    });
    const strangerToken = await createSession(store, 'usr_stranger', { ttlMs: null, now: time.now().getTime() });

    const first = await target.graphql(FAMILY_QUERY);
    const second = await target.graphql(FAMILY_QUERY, {}, secondToken);
    expect(first.body.errors).toBeUndefined();
    expect(second.body.errors).toBeUndefined();
    expect(dataOf(second).viewer).toMatchObject({
      displayName: 'Ольга Петровна Смирнова',
      students: [{ fullName: 'Смирнов Пётр Андреевич' }],
    });
    const [secondChild] = dataOf(second).viewer.students;
    expect(secondChild!.grades.length).toBeGreaterThan(0);
    expect(secondChild!.schedule.length).toBeGreaterThan(0);
    const firstMarkers = markersOf(first);
    const secondMarkers = markersOf(second);
    expect(firstMarkers.filter((marker) => secondMarkers.includes(marker))).toEqual([]);
    expectNoneOf(first, secondMarkers);
    expectNoneOf(second, firstMarkers);

    // Round after round, all three parents at once, twice each, while МЭШ fails in turns: each family's
    // answer holds its own data (fresh, or its own stale copy), and never a trace of the other's.
    for (const fault of [
      'server-error',
      'none',
      'down',
      'malformed',
      'none',
      'html-403',
      'server-error',
      'none',
    ] as const) {
      time.advance(TWO_HOURS);
      target.gateway.demo!.simulators.mesh.setFault(fault);
      const answers = await Promise.all([
        target.graphql(FAMILY_QUERY),
        target.graphql(FAMILY_QUERY, {}, secondToken),
        target.graphql(FAMILY_QUERY, {}, strangerToken),
        target.graphql(FAMILY_QUERY, {}, secondToken),
        target.graphql(FAMILY_QUERY),
      ]);
      const [firstA, secondA, stranger, secondB, firstB] = answers;
      for (const answer of answers) expect(answer.status).toBe(200);
      for (const answer of [firstA, firstB]) {
        expect(familyIdsOf(answer)).toEqual(familyIdsOf(first));
        expectNoneOf(answer, secondMarkers);
      }
      for (const answer of [secondA, secondB]) {
        expect(familyIdsOf(answer)).toEqual(familyIdsOf(second));
        expectNoneOf(answer, firstMarkers);
      }
      // While МЭШ fails, both families' МЭШ data comes from the cache, each from its own copies.
      for (const answer of [firstA, firstB, secondA, secondB]) {
        if (fault === 'none') {
          expect(answer.body.errors).toBeUndefined();
          continue;
        }
        expect(answer.body.errors!.length).toBeGreaterThan(0);
        // A background refresh that read the calendar just before the fault and the `schedule` days (or the
        // notices) after it cached fresh lessons without what those give: a side-route warning, not a stale copy.
        for (const error of answer.body.errors!)
          expect(error.extensions).toMatchObject(
            error.extensions?.missing
              ? { provider: 'MESH', route: expect.stringMatching(/^(schedule|attendance)$/), staleDataServed: false }
              : { provider: 'MESH', staleDataServed: true },
          );
      }
      expect(dataOf(stranger).viewer.students).toEqual([]);
      // The stranger is refused (or, while МЭШ is down, not answered), and sees nobody's children.
      expect(stranger.body.errors?.map((error) => error.extensions?.code)).toEqual([STRANGER_SEES[fault]]);
      expectNoneOf(stranger, [...firstMarkers, ...secondMarkers]);
    }

    // Asking for another family's student by id finds nothing (the stranger is also told МЭШ refused it).
    const firstIds = dataOf(first).viewer.students.map((student) => student.id);
    const lookups: [string, string | undefined][] = [
      [secondChild!.id, undefined],
      ...firstIds.map((id): [string, string] => [id, secondToken]),
      [secondChild!.id, strangerToken],
      [firstIds[0]!, strangerToken],
    ];
    const LOOKUP =
      'query($id: ID!) { student(id: $id) { id fullName grades(from: "2026-11-16", to: "2026-11-22") { id } } }';
    for (const [id, token] of lookups) {
      const lookup = await target.graphql(LOOKUP, { id }, token);
      expect(lookup.body.data).toEqual({ student: null });
      expectNoneOf(lookup, [...firstMarkers, ...secondMarkers]);
    }
  });
});

describe('after all of the above', () => {
  it('should leave every gateway healthy, with no unhandled rejection anywhere', () => {
    expect(healthAtEnd.length).toBeGreaterThan(0);
    for (const health of healthAtEnd) expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    expect(unhandled).toEqual([]);
  });
});
