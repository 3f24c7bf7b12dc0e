/**
 * The answer cache (src/answers) end to end, over real HTTP against the demo simulators: a warm answer is
 * sent again byte for byte without running a resolver or reading the upstream cache, and never once what it
 * was built from changed — an upstream copy forgotten or refetched, a store record, the clock — nor to anyone
 * but the user it was built for.
 *
 * A dashboard's first (cold) answer is not the one kept: reading the diaries renews the accounts' stored
 * tokens, a store record the answer read, so the cache holds the second. `warm` asks twice for that reason.
 */
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { DashboardDocument } from '../../client/src/index.js';
import { createSession } from '../../src/auth/sessions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore, UserRecord } from '../../src/store/store.js';
import { plainUser } from '../support/accounts.js';
import {
  startTestGateway,
  TEST_DASHBOARD_DAYS as DAYS,
  TEST_NOW,
  testClock,
  type TestGateway,
} from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation, type GraphqlResponse } from '../support/graphql.js';
import { metricValue } from '../support/metrics.js';

const DASHBOARD = print(DashboardDocument);
const STUDENTS = operation<{ viewer: { students: { id: string; firstName: string }[] } }>(
  `{ viewer { students { id firstName } } }`,
);
const ME = `{ viewer { id displayName } }`;
const MINUTE = 60_000;

/** Answer-cache lookups of `outcome` so far. */
async function answerEvents(gateway: TestGateway, outcome: 'hit' | 'miss'): Promise<number> {
  return (await metricValue(gateway.gateway.metrics, 'diary_gateway_answer_cache_events_total', { outcome })) ?? 0;
}

/** Upstream-cache lookups so far, whatever their outcome: unchanged means no loader ran. */
async function upstreamLookups(gateway: TestGateway): Promise<number> {
  const metric = (await gateway.gateway.metrics.registry.getMetricsAsJSON()).find(
    (candidate) => candidate.name === 'diary_gateway_cache_events_total',
  );
  return (metric?.values ?? []).reduce((sum, sample) => sum + sample.value, 0);
}

/** Sends `request` and says whether the answer cache sent a kept answer. */
async function sent<T>(gateway: TestGateway, request: () => Promise<T>): Promise<{ answer: T; hit: boolean }> {
  const hitsBefore = await answerEvents(gateway, 'hit');
  const answer = await request();
  return { answer, hit: (await answerEvents(gateway, 'hit')) > hitsBefore };
}

/** Asks twice (see the module comment), so that the next identical request may be a hit. */
async function warm<T>(request: () => Promise<GraphqlResponse<T>>): Promise<GraphqlResponse<T>> {
  await request();
  return request();
}

/** A signed-in person with no diary account; `person` as the issuer described them. */
async function signInPlain(store: GatewayStore, userId: string, person: UserRecord['person'] = null): Promise<string> {
  await store.putUser(plainUser(userId, userId, person));
  return createSession(store, userId, { ttlMs: null, now: TEST_NOW.getTime() });
}

async function startWithStore(
  environment: Record<string, string> = {},
  now: () => Date = () => TEST_NOW,
): Promise<{ gateway: TestGateway; store: GatewayStore }> {
  const store = createMemoryStore();
  return { gateway: await startTestGateway(environment, now, { store }), store };
}

async function studentIdNamed(gateway: TestGateway, firstName: string, token?: string): Promise<string> {
  const { students } = dataOf(await gateway.graphql(STUDENTS, {}, token)).viewer;
  return students.find((student) => student.firstName === firstName)!.id;
}

/** Signs in the demo family's grandmother, whom the parent invites by her full name. */
async function signInGrandmother(gateway: TestGateway, store: GatewayStore): Promise<string> {
  const { lastName, firstName, middleName } = gateway.gateway.demo!.family.grandmother;
  return signInPlain(store, 'usr_grandma', { lastName, firstName, middleName, birthDate: null, snilsHash: null });
}

/** Invites `grantee` (signed in) to Мария as the demo parent; the grant's id. */
async function shareMaria(gateway: TestGateway, granteeToken: string): Promise<string> {
  const maria = await studentIdNamed(gateway, 'Мария');
  const invited = await gateway.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
    `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code grant { id } } }`,
    { id: maria },
  );
  const { code, grant } = noErrors(invited).inviteTrustedPerson;
  const accepted = await gateway.graphql(
    `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
    { code },
    granteeToken,
  );
  expect(accepted.body.errors).toBeUndefined();
  return grant.id;
}

const firstNames = (answer: GraphqlResponse<{ viewer: { students: { firstName: string }[] } }>) =>
  dataOf(answer).viewer.students.map((student) => student.firstName);

describe('a warm dashboard asked again', () => {
  it('should be sent from the answer cache, byte for byte, without a loader', async () => {
    const gateway = await startTestGateway();
    const kept = await warm(() => gateway.graphql(DASHBOARD, DAYS));
    expect(kept.body.errors).toBeUndefined();
    const lookups = await upstreamLookups(gateway);
    const again = await sent(gateway, () => gateway.graphql(DASHBOARD, DAYS));
    expect(again.hit).toBe(true);
    expect(again.answer.text).toBe(kept.text);
    expect(again.answer.status).toBe(200);
    expect(await upstreamLookups(gateway)).toBe(lookups);
  });

  it('should be sent to another session of the same user too', async () => {
    const { gateway, store } = await startWithStore();
    const demoUser = dataOf(await gateway.graphql<{ viewer: { id: string } }>(ME)).viewer.id;
    const kept = await warm(() => gateway.graphql(STUDENTS));
    const otherSession = await createSession(store, demoUser, { ttlMs: null, now: TEST_NOW.getTime() });
    const again = await sent(gateway, () => gateway.graphql(STUDENTS, {}, otherSession));
    expect(again.hit).toBe(true);
    expect(again.answer.text).toBe(kept.text);
  });
});

describe('an answer kept for one user', () => {
  it('should never be sent to another user asking the same', async () => {
    const { gateway, store } = await startWithStore();
    await warm(() => gateway.graphql(STUDENTS));
    const stranger = await signInPlain(store, 'usr_stranger');
    const theirs = await sent(gateway, () => gateway.graphql(STUDENTS, {}, stranger));
    expect(theirs.hit).toBe(false);
    expect(dataOf(theirs.answer).viewer.students).toEqual([]);
  });

  it('should not be sent once the session is signed out: the answer is as without a session', async () => {
    const { gateway, store } = await startWithStore();
    const demoUser = dataOf(await gateway.graphql<{ viewer: { id: string } }>(ME)).viewer.id;
    const session = await createSession(store, demoUser, { ttlMs: null, now: TEST_NOW.getTime() });
    await warm(() => gateway.graphql(STUDENTS, {}, session));
    expect((await gateway.graphql('mutation { signOut }', {}, session)).body).toEqual({ data: { signOut: true } });
    const after = await sent(gateway, () => gateway.graphql(STUDENTS, {}, session));
    const anonymous = await gateway.graphql(STUDENTS, {}, null);
    expect(after.hit).toBe(false);
    expect(codeOf(after.answer)).toBe('UNAUTHENTICATED');
    expect([after.answer.status, after.answer.body]).toEqual([anonymous.status, anonymous.body]);
  });
});

describe('a kept answer, once what it was built from changed', () => {
  it('should not be sent after an absence notice forgot the attendance it showed', async () => {
    const gateway = await startTestGateway();
    const maria = await studentIdNamed(gateway, 'Мария');
    const query = `query($id: ID!) { student(id: $id) { attendance(from: "${DAYS.tomorrow}", to: "${DAYS.tomorrow}") { date kind } } }`;
    const attendance = () => gateway.graphql(query, { id: maria });
    expect(noErrors(await warm(attendance))).toEqual({ student: { attendance: [] } });
    expect((await sent(gateway, attendance)).hit).toBe(true);
    const reported = await gateway.graphql(
      `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { providers } }`,
      { input: { studentId: maria, from: DAYS.tomorrow, to: DAYS.tomorrow, reason: 'ILLNESS' } },
    );
    expect(reported.body.errors).toBeUndefined();
    const after = await sent(gateway, attendance);
    expect(after.hit).toBe(false);
    expect(noErrors(after.answer)).toEqual({
      student: { attendance: [{ date: DAYS.tomorrow, kind: 'EXCUSED_ABSENCE' }] },
    });
  });

  it('should not be sent after an account was unlinked', async () => {
    const gateway = await startTestGateway();
    const query = `{ viewer { providerAccounts { id provider } students { firstName } } }`;
    const ask = () => gateway.graphql<{ viewer: { providerAccounts: { id: string; provider: string }[] } }>(query);
    const kept = await warm(ask);
    const eljur = dataOf(kept).viewer.providerAccounts.find((account) => account.provider === 'ELJUR')!;
    const unlinked = await gateway.graphql(`mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`, {
      id: eljur.id,
    });
    expect(unlinked.body.errors).toBeUndefined();
    const after = await sent(gateway, ask);
    expect(after.hit).toBe(false);
    expect(dataOf(after.answer).viewer.providerAccounts.map((account) => account.id)).not.toContain(eljur.id);
  });

  it('should not be sent after an account was linked', async () => {
    const { gateway, store } = await startWithStore();
    const token = await signInPlain(store, 'usr_linking');
    expect(firstNames(await warm(() => gateway.graphql(STUDENTS, {}, token)))).toEqual([]);
    expect((await sent(gateway, () => gateway.graphql(STUDENTS, {}, token))).hit).toBe(true);
    const eljur = gateway.gateway.demo!.family.accounts.find((account) => account.provider === 'ELJUR')!;
    const linked = await gateway.graphql(
      `mutation($input: LinkEljurAccountInput!) { linkEljurAccount(input: $input) { account { id } } }`,
      { input: { login: eljur.login, password: eljur.password, vendor: ELJUR_SIMULATOR_VENDOR } },
      token,
    );
    expect(linked.body.errors).toBeUndefined();
    const after = await sent(gateway, () => gateway.graphql(STUDENTS, {}, token));
    expect(after.hit).toBe(false);
    expect(firstNames(after.answer).length).toBeGreaterThan(0);
  });

  it('should not be sent after a match decision', async () => {
    const gateway = await startTestGateway();
    const query = `{ viewer { studentMatchSuggestions { id } students { id } } }`;
    const ask = () => gateway.graphql<{ viewer: { studentMatchSuggestions: { id: string }[] } }>(query);
    const kept = await warm(ask);
    const [suggestion] = dataOf(kept).viewer.studentMatchSuggestions;
    expect(suggestion).toBeDefined();
    const decided = await gateway.graphql(
      `mutation($id: ID!) { rejectStudentMatch(suggestionId: $id) { __typename } }`,
      {
        id: suggestion!.id,
      },
    );
    expect(decided.body.errors).toBeUndefined();
    const after = await sent(gateway, ask);
    expect(after.hit).toBe(false);
    expect(dataOf(after.answer).viewer.studentMatchSuggestions.map((entry) => entry.id)).not.toContain(suggestion!.id);
  });

  it('should not show a trusted person a child whose grant was revoked', async () => {
    const { gateway, store } = await startWithStore();
    const grandma = await signInGrandmother(gateway, store);
    const grantId = await shareMaria(gateway, grandma);
    expect(firstNames(await warm(() => gateway.graphql(STUDENTS, {}, grandma)))).toEqual(['Мария']);
    expect((await sent(gateway, () => gateway.graphql(STUDENTS, {}, grandma))).hit).toBe(true);
    const revoked = await gateway.graphql(`mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, {
      id: grantId,
    });
    expect(revoked.body.errors).toBeUndefined();
    expect(firstNames(await gateway.graphql(STUDENTS, {}, grandma))).toEqual([]);
  });

  it('should not show a trusted person a child whose grant expired by the clock alone', async () => {
    const clock = testClock();
    const { gateway, store } = await startWithStore({}, clock.now);
    const grandma = await signInGrandmother(gateway, store);
    const grantId = await shareMaria(gateway, grandma);
    await store.updateGrant(grantId, (grant) => ({ ...grant, expiresAt: TEST_NOW.getTime() + MINUTE }));
    expect(firstNames(await warm(() => gateway.graphql(STUDENTS, {}, grandma)))).toEqual(['Мария']);
    clock.advance(MINUTE - 1);
    expect((await sent(gateway, () => gateway.graphql(STUDENTS, {}, grandma))).hit).toBe(true);
    clock.advance(1);
    expect(firstNames(await gateway.graphql(STUDENTS, {}, grandma))).toEqual([]);
  });

  it('should not be sent once an upstream copy it used leaves its fresh window', async () => {
    const clock = testClock();
    const gateway = await startTestGateway({ CACHE_FRESHNESS: 'profile=60' }, clock.now);
    await warm(() => gateway.graphql(STUDENTS));
    clock.advance(MINUTE - 1);
    expect((await sent(gateway, () => gateway.graphql(STUDENTS))).hit).toBe(true);
    clock.advance(1);
    const lookups = await upstreamLookups(gateway);
    expect((await sent(gateway, () => gateway.graphql(STUDENTS))).hit).toBe(false);
    expect(await upstreamLookups(gateway)).toBeGreaterThan(lookups);
  });

  it('should not be sent past the next quarter hour of UTC (a school day may have ended)', async () => {
    const clock = testClock(); // 09:00:00.000 UTC
    const gateway = await startTestGateway({}, clock.now);
    await warm(() => gateway.graphql(ME));
    clock.advance(15 * MINUTE - 1);
    expect((await sent(gateway, () => gateway.graphql(ME))).hit).toBe(true);
    clock.advance(1);
    expect((await sent(gateway, () => gateway.graphql(ME))).hit).toBe(false);
  });
});

describe('answers never kept', () => {
  it('should not keep an answer with errors', async () => {
    const gateway = await startTestGateway();
    const maria = await studentIdNamed(gateway, 'Мария');
    const ask = () =>
      gateway.graphql(`query($id: ID!) { student(id: $id) { averages(periodId: "nope") { average } } }`, { id: maria });
    expect((await warm(ask)).body.errors).toBeDefined();
    expect((await sent(gateway, ask)).hit).toBe(false);
  });

  it('should run every mutation', async () => {
    const gateway = await startTestGateway();
    const maria = await studentIdNamed(gateway, 'Мария');
    const invite = () =>
      gateway.graphql<{ inviteTrustedPerson: { code: string } }>(
        `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code } }`,
        { id: maria },
      );
    const codes = [await invite(), await invite(), await invite()].map(
      (answer) => noErrors(answer).inviteTrustedPerson.code,
    );
    expect(new Set(codes).size).toBe(3);
    expect(await answerEvents(gateway, 'hit')).toBe(0);
  });

  it('should keep nothing with ANSWER_CACHE=off', async () => {
    const gateway = await startTestGateway({ ANSWER_CACHE: 'off' });
    await warm(() => gateway.graphql(STUDENTS));
    const lookups = await upstreamLookups(gateway);
    await gateway.graphql(STUDENTS);
    expect(await upstreamLookups(gateway)).toBeGreaterThan(lookups);
    expect([await answerEvents(gateway, 'hit'), await answerEvents(gateway, 'miss')]).toEqual([0, 0]);
  });
});
