/**
 * What a gateway remembers across a restart, on the two stores that promise to: `STORE=file` (a temporary
 * file) and `STORE=redis` (the shared Redis, a unique key prefix per test, deleted afterwards). Each test
 * starts a real demo gateway, changes something through the public API (sign-in at the demo issuer,
 * GraphQL), closes it, starts a new gateway on the same store and checks the change is still there.
 * Without Redis the Redis half fails (test/support/redis.ts), it never skips.
 */
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Enrollment, ProviderAccountLink, Student } from '../../src/domain/schema-types.generated.js';
import { StoreError } from '../../src/store/store-error.js';
import { createUndiciTransport, UpstreamNetworkError, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { codeOf, noErrors, operation, postGraphql, type GraphqlResponse, type Operation } from '../support/graphql.js';
import { createLinkBrowser, linkThroughDiary } from '../support/link-browser.js';
import { signIn } from '../support/oidc-browser.js';
import { keysUnder, SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import { tempDir } from '../support/temp-dir.js';

/** One store a gateway can be started on again and again, and a way to read what it holds. */
interface StoreUnderTest {
  environment: Record<string, string>;
  /** Every stored sealed credential, read from the file or from Redis directly. */
  sealedCredentials(): Promise<string[]>;
}

interface Backend {
  name: 'file' | 'redis';
  /** A fresh, empty store. */
  fresh(): Promise<StoreUnderTest>;
}

// Lazy: the file half neither needs a Redis nor fails without one; the Redis half connects in its tests.
const shared = useSharedRedis({ lazy: true });

const fileBackend: Backend = {
  name: 'file',
  async fresh() {
    const file = join(await tempDir('dg-restart-'), 'store.json');
    return {
      environment: { STORE: 'file', STORE_FILE: file },
      async sealedCredentials() {
        const document = JSON.parse(await readFile(file, 'utf8')) as { accounts: { sealedCredentials: string }[] };
        return document.accounts.map((account) => account.sealedCredentials);
      },
    };
  },
};

const redisBackend: Backend = {
  name: 'redis',
  async fresh() {
    // Connecting here (not in a skip condition) makes a missing Redis a failure that says how to get one.
    const connection = await shared.connect();
    const prefix = shared.prefix();
    return {
      environment: { STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
      async sealedCredentials() {
        const keys = await keysUnder(connection, `${prefix}{store}:account-credentials:`);
        return keys.length === 0 ? [] : ((await connection.mget(...keys)) as string[]);
      },
    };
  },
};

/** 32 random bytes as `CREDENTIAL_KEYS` wants them. */
const newKey = () => randomBytes(32).toString('base64');

type ListedStudent = Pick<Student, 'id' | 'fullName' | 'access'> & { enrollments: Pick<Enrollment, 'provider'>[] };
const STUDENTS = operation<{ viewer: { id: string; students: ListedStudent[] } }>(
  `{ viewer { id students { id fullName access enrollments { provider } } } }`,
);
const ACCOUNTS = operation<{ viewer: { providerAccounts: Pick<ProviderAccountLink, 'id' | 'provider' | 'status'>[] } }>(
  `{ viewer { providerAccounts { id provider status } } }`,
);

/** A GraphQL request carrying a session cookie (the cookie jar is per origin, and a restart changes the port). */
function withCookie<TData>(
  gateway: TestGateway,
  cookie: string,
  query: Operation<TData>,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<TData>> {
  return postGraphql(gateway.url, query, { variables, headers: { cookie: `dg_session=${cookie}` } });
}

/** Closes a gateway and starts a new one on the same store (with other settings, when given). */
async function restart(
  gateway: TestGateway,
  store: StoreUnderTest,
  environment: Record<string, string> = {},
): Promise<TestGateway> {
  await gateway.gateway.close();
  return startTestGateway({ ...store.environment, ...environment });
}

const unlink = (gateway: TestGateway, id: string) =>
  gateway.graphql(`mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`, { id });

describe.each([fileBackend, redisBackend])('a gateway on STORE=$name, restarted', (backend) => {
  it('should keep sessions made by signing in, and keep a signed-out session signed out', async () => {
    const store = await backend.fresh();
    let gateway = await startTestGateway(store.environment);
    const cookie = await signIn(gateway.url, 'parent', 'cookie');
    const bearer = await signIn(gateway.url, 'parent', 'bearer');
    const signedOut = await signIn(gateway.url, 'parent', 'cookie');
    const before = noErrors(await withCookie(gateway, cookie, STUDENTS)).viewer;
    expect(before.students.length).toBeGreaterThan(0);
    const out = await fetch(`${gateway.url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: `dg_session=${signedOut}` },
    });
    expect(out.status).toBe(204);
    const bearerOut = await signIn(gateway.url, 'grandma', 'bearer');
    expect(noErrors(await gateway.graphql(`mutation { signOut }`, {}, bearerOut))).toEqual({ signOut: true });

    gateway = await restart(gateway, store);

    expect(noErrors(await withCookie(gateway, cookie, STUDENTS)).viewer).toEqual(before);
    expect(noErrors(await gateway.graphql(STUDENTS, {}, bearer)).viewer).toEqual(before);
    expect(codeOf(await withCookie(gateway, signedOut, STUDENTS))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gateway.graphql(STUDENTS, {}, bearerOut))).toBe('UNAUTHENTICATED');
  }, 60_000);

  it('should keep an unlinked demo account unlinked, and the other links with the same student ids', async () => {
    const store = await backend.fresh();
    let gateway = await startTestGateway(store.environment);
    const accounts = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    // The second МЭШ account is the parent's on the Moscow region's «Моя школа» (Полина's).
    expect(accounts.map((account) => account.provider)).toEqual(['MESH', 'DNEVNIK', 'ELJUR', 'MESH']);
    const eljur = accounts.find((account) => account.provider === 'ELJUR')!;
    noErrors(await unlink(gateway, eljur.id));
    const remaining = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    const students = noErrors(await gateway.graphql(STUDENTS)).viewer.students;
    expect(students.flatMap((student) => student.enrollments.map((e) => e.provider))).not.toContain('ELJUR');

    gateway = await restart(gateway, store);

    // The demo refreshes the credentials of accounts still linked, and must not link Eljur again.
    expect(noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts).toEqual(remaining);
    expect(noErrors(await gateway.graphql(STUDENTS)).viewer.students).toEqual(students);
  }, 60_000);

  it('should keep an account unlinked and linked again in the browser working after a restart', async () => {
    const store = await backend.fresh();
    let gateway = await startTestGateway(store.environment);
    const accounts = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    const mesh = accounts.find((account) => account.provider === 'MESH')!;
    noErrors(await unlink(gateway, mesh.id));
    // Linked again at mos.ru's page: the simulator issues a token of its own, which the next run's will not know.
    const moscow = gateway.gateway.demo!.family.accounts.find((account) => account.provider === 'MESH')!;
    const browser = createLinkBrowser();
    browser.setCookie(gateway.url, 'dg_session', gateway.gateway.demo!.token);
    const { end } = await linkThroughDiary(browser, `${gateway.url}/link/mesh?tenant=mesh-moscow`, 'mos-ru', {
      login: moscow.login!,
      password: moscow.password!,
    });
    expect(new URL(end.last.url).search).toBe('?linked=mesh-moscow');
    const relinked = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    // A new link has an id of its own: the demo cannot know it by the id it gave the account.
    const newId = relinked.find((account) => !accounts.some((before) => before.id === account.id))!.id;
    const students = noErrors(await gateway.graphql(STUDENTS)).viewer.students;

    gateway = await restart(gateway, store);

    const after = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    expect(after.map(({ id, status }) => ({ id, status }))).toEqual(
      relinked.map(({ id }) => ({ id, status: 'ACTIVE' })),
    );
    expect(after.some((account) => account.id === newId)).toBe(true);
    expect(noErrors(await gateway.graphql(STUDENTS)).viewer.students).toEqual(students);
  }, 60_000);

  it('should keep an accepted grant readable by the trusted person, and a revoked one revoked', async () => {
    const store = await backend.fresh();
    let gateway = await startTestGateway(store.environment);
    const family = gateway.gateway.demo!.family;
    const { students } = noErrors(await gateway.graphql(STUDENTS)).viewer;
    const masha = students.find((student) => student.fullName.startsWith('Иванова Мария'))!;
    const sonya = students.find((student) => student.fullName.startsWith('Иванова Софья'))!;
    const invite = async (input: Record<string, string>) =>
      noErrors(
        await gateway.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
          `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code grant { id } } }`,
          { input },
        ),
      ).inviteTrustedPerson;
    const bySnils = await invite({ studentId: masha.id, snils: family.grandmother.snils });
    const byPhone = await invite({ studentId: sonya.id, phone: family.grandmother.phone });
    const grandma = await signIn(gateway.url, 'grandma', 'bearer');
    for (const { code } of [bySnils, byPhone]) {
      noErrors(
        await gateway.graphql(
          `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
          { code },
          grandma,
        ),
      );
    }
    noErrors(
      await gateway.graphql(`mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, {
        id: byPhone.grant.id,
      }),
    );
    const granted = noErrors(await gateway.graphql(STUDENTS, {}, grandma)).viewer.students;
    expect(granted.map((student) => student.id)).toEqual([masha.id]);

    gateway = await restart(gateway, store);

    expect(noErrors(await gateway.graphql(STUDENTS, {}, grandma)).viewer.students).toEqual(granted);
    const grades = operation<{ student: { grades: unknown[] } | null }>(
      `query($id: ID!) { student(id: $id) { id grades(from: "2026-11-01", to: "2026-11-23") { id } } }`,
    );
    expect(noErrors(await gateway.graphql(grades, { id: masha.id }, grandma)).student!.grades.length).toBeGreaterThan(
      0,
    );
    expect(noErrors(await gateway.graphql(grades, { id: sonya.id }, grandma))).toEqual({ student: null });
    const received = noErrors(
      await gateway.graphql<{ viewer: { receivedAccess: unknown[] } }>(
        `{ viewer { receivedAccess { grantId } } }`,
        {},
        grandma,
      ),
    ).viewer.receivedAccess;
    expect(received).toEqual([{ grantId: bySnils.grant.id }]);
    const invited = noErrors(
      await gateway.graphql<{ viewer: { trustedPersons: unknown[] } }>(
        `{ viewer { trustedPersons { id status inviteeKind } } }`,
      ),
    ).viewer.trustedPersons;
    expect(invited).toEqual(
      expect.arrayContaining([
        { id: bySnils.grant.id, status: 'ACTIVE', inviteeKind: 'SNILS' },
        { id: byPhone.grant.id, status: 'REVOKED', inviteeKind: 'PHONE' },
      ]),
    );
    expect(invited).toHaveLength(2);
  }, 60_000);

  it('should keep a confirmed match merged', async () => {
    const store = await backend.fresh();
    let gateway = await startTestGateway(store.environment);
    const SUGGESTIONS = operation<{ viewer: { studentMatchSuggestions: { id: string }[] } }>(
      `{ viewer { studentMatchSuggestions { id students { id } } } }`,
    );
    const suggestions = noErrors(await gateway.graphql(SUGGESTIONS)).viewer.studentMatchSuggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    const confirmed = noErrors(
      await gateway.graphql<{ confirmStudentMatch: { students: { id: string }[] } }>(
        `mutation($id: ID!) { confirmStudentMatch(suggestionId: $id) { students { id } } }`,
        { id: suggestions[0]!.id },
      ),
    ).confirmStudentMatch.students;
    expect(confirmed).toHaveLength(1);
    const students = noErrors(await gateway.graphql(STUDENTS)).viewer.students;
    expect(students.map((student) => student.id)).toContain(confirmed[0]!.id);
    const left = noErrors(await gateway.graphql(SUGGESTIONS)).viewer.studentMatchSuggestions;

    gateway = await restart(gateway, store);

    expect(noErrors(await gateway.graphql(STUDENTS)).viewer.students).toEqual(students);
    expect(noErrors(await gateway.graphql(SUGGESTIONS)).viewer.studentMatchSuggestions).toEqual(left);
  }, 60_000);

  it('should read everything after a key rotation, resealing with the new key on use, then without the old key', async () => {
    const store = await backend.fresh();
    const oldKey = `old:${newKey()}`;
    const newKeyEntry = `new:${newKey()}`;
    let gateway = await startTestGateway({ ...store.environment, CREDENTIAL_KEYS: oldKey });
    // An account someone else links (the grandmother links the family's Eljur account too): the demo
    // refreshes only its parent's accounts at start-up, so only reading this one reseals it.
    const grandma = await signIn(gateway.url, 'grandma', 'bearer');
    const { login, password } = gateway.gateway.demo!.family.accounts.find((account) => account.provider === 'ELJUR')!;
    const vendor = ELJUR_SIMULATOR_VENDOR;
    noErrors(
      await gateway.graphql(
        `mutation($input: LinkEljurAccountInput!) { linkEljurAccount(input: $input) { account { id } } }`,
        { input: { login, password, vendor } },
        grandma,
      ),
    );
    const view = async (token?: string) => ({
      accounts: noErrors(await gateway.graphql(ACCOUNTS, {}, token)).viewer.providerAccounts,
      students: noErrors(await gateway.graphql(STUDENTS, {}, token)).viewer.students,
    });
    const parent = await view();
    const hers = await view(grandma);
    // The demo's four accounts (Moscow's and the region's МЭШ, Dnevnik.ru, Eljur), and the grandmother's link.
    expect(parent.accounts.map((account) => account.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(hers.accounts.map((account) => [account.provider, account.status])).toEqual([['ELJUR', 'ACTIVE']]);
    const sealedAtFirst = await store.sealedCredentials();
    expect(sealedAtFirst).toHaveLength(5);
    for (const sealed of sealedAtFirst) expect(sealed.startsWith('v1.old.')).toBe(true);

    gateway = await restart(gateway, store, { CREDENTIAL_KEYS: `${newKeyEntry},${oldKey}` });
    // The demo refreshed its parent's four accounts with the new key at start-up; her link waits for a read.
    expect((await store.sealedCredentials()).filter((sealed) => sealed.startsWith('v1.old.'))).toHaveLength(1);
    expect(await view()).toEqual(parent);
    expect(await view(grandma)).toEqual(hers);
    const resealed = await store.sealedCredentials();
    expect(resealed).toHaveLength(5);
    for (const sealed of resealed) expect(sealed.startsWith('v1.new.')).toBe(true);

    gateway = await restart(gateway, store, { CREDENTIAL_KEYS: newKeyEntry });
    expect(await view()).toEqual(parent);
    expect(await view(grandma)).toEqual(hers);
  }, 60_000);

  it('should link every demo account after a first start that failed while linking them', async () => {
    const store = await backend.fresh();
    // The real transport, with Eljur unreachable: the demo links МЭШ and Dnevnik.ru, then fails on Eljur.
    const real = createUndiciTransport();
    const eljurDown: HttpTransport = (request) =>
      request.url.pathname.startsWith('/apiv3/')
        ? Promise.reject(new UpstreamNetworkError('connection', 'Eljur is unreachable (test)'))
        : real(request);
    const failed = await startTestGateway({ ...store.environment, UPSTREAM_RETRIES: '0' }, undefined, {
      transport: eljurDown,
    }).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(failed).toBeInstanceOf(Error);

    // The failed start let go of its store, and the next start still counts as the first: Eljur is linked
    // too, and the region's МЭШ account the failed start never reached.
    const gateway = await startTestGateway(store.environment);
    const accounts = noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts;
    expect(accounts.map((account) => [account.provider, account.status])).toEqual([
      ['MESH', 'ACTIVE'],
      ['DNEVNIK', 'ACTIVE'],
      ['ELJUR', 'ACTIVE'],
      ['MESH', 'ACTIVE'],
    ]);
  }, 60_000);
});

describe('a gateway on a corrupt store file', () => {
  let file: string;
  beforeAll(async () => {
    file = join(await tempDir('dg-restart-'), 'store.json');
  });

  it('should refuse to start, say why, and leave the file untouched', async () => {
    const corrupt = '{"version":1,"users":[{"id":"usr_1"';
    await writeFile(file, corrupt);
    const error = await startTestGateway({ STORE: 'file', STORE_FILE: file }).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_FILE_UNREADABLE');
    expect((error as StoreError).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe(corrupt);
    // Refusing released the lock: once the file is moved away, a gateway starts on the same path.
    await rm(file);
    const gateway = await startTestGateway({ STORE: 'file', STORE_FILE: file });
    expect(noErrors(await gateway.graphql(ACCOUNTS)).viewer.providerAccounts).toHaveLength(4);
  }, 60_000);
});
