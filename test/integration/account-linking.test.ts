/**
 * Linking diary accounts, end to end: a person who signed in links the demo family's МЭШ, Dnevnik.ru and
 * Eljur accounts through GraphQL over real HTTP (demo simulators, in-memory store whose state the tests
 * read directly), sees how each account's holder compares with them, what status each account has, and
 * what unlinking removes. No answer and no log line may carry a token, password, code or SNILS.
 */
import { describe, expect, it } from 'vitest';
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config/config.js';
import type { DemoAccount, DemoFamily } from '../../src/demo/demo-family.js';
import type { Enrollment, ProviderAccountLink, Student } from '../../src/domain/schema-types.generated.js';
import { hashSnils } from '../../src/identity/snils.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { emptyStoreState, type StoreState } from '../../src/store/store-state.js';
import type { GatewayStore, UserRecord } from '../../src/store/store.js';
import { defaultVault, plainUser } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, testClock, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, operation, type GraphqlResponse, type Operation } from '../support/graphql.js';

const PERSONAL_DATA_SECRET = loadConfig({}).secrets.personalDataSecret;
const HOUR = 3_600_000;

/** A gateway whose store the test can read underneath the interface. */
interface Harness {
  target: TestGateway;
  store: GatewayStore;
  state: StoreState;
  family: DemoFamily;
  /** Every GraphQL answer's text, to search for secrets at the end. */
  answers: string[];
  /** The family's credentials as the gateway started (tests renew tokens later) and every code issued. */
  secrets: string[];
}

const harnesses: Harness[] = [];

async function startHarness(
  environment: Record<string, string> = {},
  now: () => Date = () => TEST_NOW,
): Promise<Harness> {
  const state = emptyStoreState();
  const store = createMemoryStore({ state });
  const target = await startTestGateway(environment, now, { store });
  const family = target.gateway.demo!.family;
  const secrets = [
    ...family.accounts.flatMap((account) => [account.token, account.refreshToken, account.password]),
    ...[family.parent, family.grandmother, ...family.children].flatMap((person) => [
      person.snils,
      person.snils.replace(/\D/g, ''),
    ]),
  ].filter((secret): secret is string => !!secret);
  const harness: Harness = { target, store, state, family, answers: [], secrets };
  harnesses.push(harness);
  return harness;
}

let userCount = 0;

/** Signs in a new person (no diary account yet); `person` as the OpenID issuer would have described them. */
async function signInFresh(
  harness: Harness,
  person: UserRecord['person'] = null,
): Promise<{ userId: string; token: string }> {
  userCount += 1;
  const userId = `usr_fresh_${userCount}`;
  await harness.store.putUser(plainUser(userId, `Fresh ${userCount}`, person));
  return { userId, token: await createSession(harness.store, userId, { ttlMs: null, now: TEST_NOW.getTime() }) };
}

async function ask<TData>(
  harness: Harness,
  token: string,
  query: Operation<TData> | string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<TData>> {
  const response = await harness.target.graphql(query, variables, token);
  harness.answers.push(response.text);
  return response;
}

const accountOf = (family: DemoFamily, provider: DemoAccount['provider']) =>
  family.accounts.find((account) => account.provider === provider)!;
/** A one-time Dnevnik.ru code for the family's account, as its login page would give it. */
function issueDnevnikCode(harness: Harness): string {
  const code = harness.target.gateway.demo!.simulators.dnevnik.issueCode(
    accountOf(harness.family, 'DNEVNIK').profileId,
  );
  harness.secrets.push(code);
  return code;
}

/** The demo parent as the issuer describes her, but without a SNILS: name and birth date only. */
const parentByName = (family: DemoFamily): UserRecord['person'] => ({
  lastName: family.parent.lastName,
  firstName: family.parent.firstName,
  middleName: family.parent.middleName,
  birthDate: family.parent.birthDate,
  snilsHash: null,
});

type LinkedAccount = Pick<
  ProviderAccountLink,
  'id' | 'provider' | 'displayName' | 'status' | 'holderMatch' | 'linkedAt'
>;
type ListedStudent = Pick<Student, 'id' | 'fullName' | 'firstName'> & { enrollments: Pick<Enrollment, 'provider'>[] };

const LINK_FIELDS = `account { id provider displayName status holderMatch linkedAt }`;
const LINK_MESH = operation<{ linkMeshAccount: { account: LinkedAccount } }>(
  `mutation($token: String!) { linkMeshAccount(input: { token: $token }) { ${LINK_FIELDS} } }`,
);
const LINK_DNEVNIK = operation<{ linkDnevnikAccount: { account: LinkedAccount } }>(
  `mutation($input: LinkDnevnikAccountInput!) { linkDnevnikAccount(input: $input) { ${LINK_FIELDS} } }`,
);
const LINK_ELJUR = operation<{ linkEljurAccount: { account: LinkedAccount } }>(
  `mutation($input: LinkEljurAccountInput!) { linkEljurAccount(input: $input) { ${LINK_FIELDS} } }`,
);
const ACCOUNTS = operation<{ viewer: { providerAccounts: LinkedAccount[] } }>(
  `{ viewer { providerAccounts { id provider displayName status holderMatch linkedAt } } }`,
);
const STUDENTS = operation<{ viewer: { students: ListedStudent[] } }>(
  `{ viewer { students { id fullName firstName enrollments { provider } } } }`,
);
const UNLINK = operation<{ unlinkProviderAccount: { unlinkedId: string } }>(
  `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`,
);

describe('linking МЭШ by token', () => {
  it('should link the account, show it ACTIVE with its holder and list its children', async () => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness, parentByName(harness.family));
    const linked = await ask(harness, token, LINK_MESH, { token: accountOf(harness.family, 'MESH').token });
    expect(linked.body.errors).toBeUndefined();
    const account = dataOf(linked).linkMeshAccount.account;
    expect(account).toEqual({
      id: expect.stringMatching(/^acc_/),
      provider: 'MESH',
      displayName: 'Иванова Анна Сергеевна',
      status: 'ACTIVE',
      holderMatch: 'SAME_PERSON',
      linkedAt: '2026-11-23T09:00:00+00:00',
    });
    expect(dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts).toEqual([account]);
    const students = await ask(harness, token, STUDENTS);
    expect(students.body.errors).toBeUndefined();
    expect(dataOf(students).viewer.students.map((student) => student.fullName)).toEqual([
      'Иванов Артём Олегович',
      'Иванова Мария Олеговна',
    ]);
  });

  it('should replace the credentials when the same account is linked again: one link, same id, same linkedAt', async () => {
    const clock = testClock();
    const harness = await startHarness({}, clock.now);
    const { userId, token } = await signInFresh(harness);
    const mesh = accountOf(harness.family, 'MESH');
    const first = dataOf(await ask(harness, token, LINK_MESH, { token: mesh.token })).linkMeshAccount.account;
    clock.advance(HOUR);
    // МЭШ gave the parent a new token (the simulator accepts whatever token the family's account holds).
    mesh.token = 'demo-mesh-renewed-token-0001';
    const again = await ask(harness, token, LINK_MESH, { token: mesh.token });
    expect(again.body.errors).toBeUndefined();
    expect(dataOf(again).linkMeshAccount.account).toEqual({ ...first, status: 'ACTIVE' });
    const records = await harness.store.listProviderAccounts(userId);
    expect(records.map((record) => record.id)).toEqual([first.id]);
    expect(defaultVault.open(records[0]!.sealedCredentials, first.id)).toEqual({
      token: 'demo-mesh-renewed-token-0001',
    });
  });

  it('should keep two МЭШ accounts of one holder as two links (relinking is by account, not by holder)', async () => {
    const harness = await startHarness();
    // A second МЭШ account of the same parent, showing another child (the simulator serves the family as it is now).
    harness.family.accounts.push({
      provider: 'MESH',
      profileId: 40_100_200,
      token: 'demo-mesh-second-account-token',
      childKeys: ['artem'],
    });
    accountOf(harness.family, 'MESH').childKeys = ['masha'];
    harness.secrets.push('demo-mesh-second-account-token');
    const { userId, token } = await signInFresh(harness);
    const first = await ask(harness, token, LINK_MESH, { token: accountOf(harness.family, 'MESH').token });
    const second = await ask(harness, token, LINK_MESH, { token: 'demo-mesh-second-account-token' });
    expect(first.body.errors).toBeUndefined();
    expect(second.body.errors).toBeUndefined();
    expect(dataOf(second).linkMeshAccount.account.id).not.toBe(dataOf(first).linkMeshAccount.account.id);
    expect(await harness.store.listProviderAccounts(userId)).toHaveLength(2);
    const students = dataOf(await ask(harness, token, STUDENTS)).viewer.students;
    expect(students.map((student) => student.fullName)).toEqual(['Иванов Артём Олегович', 'Иванова Мария Олеговна']);
  });

  it('should refuse an empty token with BAD_USER_INPUT without asking МЭШ', async () => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness);
    harness.target.gateway.demo!.simulators.mesh.clearRequests();
    expect(codeOf(await ask(harness, token, LINK_MESH, { token: '   ' }))).toBe('BAD_USER_INPUT');
    expect(harness.target.gateway.demo!.simulators.mesh.requests).toEqual([]);
  });

  it('should refuse a wrong token with PROVIDER_AUTH_FAILED and store nothing', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const accountsBefore = harness.state.accounts.size;
    const linksBefore = harness.state.studentLinks.size;
    const refused = await ask(harness, token, LINK_MESH, { token: 'demo-mesh-not-a-real-token' });
    expect(codeOf(refused)).toBe('PROVIDER_AUTH_FAILED');
    expect(refused.body.errors![0]!.extensions).toMatchObject({ provider: 'MESH' });
    expect(refused.body.data).toBeNull();
    expect(dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts).toEqual([]);
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
    expect(harness.state.accounts.size).toBe(accountsBefore);
    expect(harness.state.studentLinks.size).toBe(linksBefore);
  });
});

describe('linking Dnevnik.ru', () => {
  it('should link by an OAuth code from the login page and list its children', async () => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness);
    const code = issueDnevnikCode(harness);
    const linked = await ask(harness, token, LINK_DNEVNIK, { input: { code } });
    expect(linked.body.errors).toBeUndefined();
    expect(dataOf(linked).linkDnevnikAccount.account).toMatchObject({
      provider: 'DNEVNIK',
      displayName: 'Иванова Анна Сергеевна',
      status: 'ACTIVE',
    });
    const students = dataOf(await ask(harness, token, STUDENTS)).viewer.students;
    expect(students.map((student) => student.fullName)).toEqual(['Иванов Артем', 'Иванова Софья Олеговна']);
  });

  it('should refuse a code used twice with PROVIDER_AUTH_FAILED', async () => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness);
    const code = issueDnevnikCode(harness);
    expect((await ask(harness, token, LINK_DNEVNIK, { input: { code } })).body.errors).toBeUndefined();
    const second = await signInFresh(harness);
    expect(codeOf(await ask(harness, second.token, LINK_DNEVNIK, { input: { code } }))).toBe('PROVIDER_AUTH_FAILED');
    expect(await harness.store.listProviderAccounts(second.userId)).toEqual([]);
  });

  it('should link by an access token the parent holds', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const linked = await ask(harness, token, LINK_DNEVNIK, {
      input: { accessToken: accountOf(harness.family, 'DNEVNIK').token },
    });
    expect(linked.body.errors).toBeUndefined();
    expect(dataOf(linked).linkDnevnikAccount.account).toMatchObject({ provider: 'DNEVNIK', status: 'ACTIVE' });
    expect((await harness.store.listProviderAccounts(userId)).map((record) => record.provider)).toEqual(['DNEVNIK']);
  });

  it('should refuse an access token Dnevnik.ru does not know with PROVIDER_AUTH_FAILED and store nothing', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const refused = await ask(harness, token, LINK_DNEVNIK, {
      input: { accessToken: 'demo-dnevnik-not-a-real-token' },
    });
    expect(codeOf(refused)).toBe('PROVIDER_AUTH_FAILED');
    expect(refused.body.errors![0]!.extensions).toMatchObject({ provider: 'DNEVNIK' });
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
  });

  it.each([
    ['both a code and an access token', { code: 'some-code', accessToken: 'some-token' }],
    ['neither', {}],
  ])('should refuse %s with BAD_USER_INPUT and store nothing', async (_case, input) => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    expect(codeOf(await ask(harness, token, LINK_DNEVNIK, { input }))).toBe('BAD_USER_INPUT');
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
  });
});

describe('linking Eljur', () => {
  const eljurInput = (family: DemoFamily, change: Partial<Record<'login' | 'password' | 'vendor', string>> = {}) => {
    const eljur = accountOf(family, 'ELJUR');
    return { login: eljur.login!, password: eljur.password!, vendor: ELJUR_SIMULATOR_VENDOR, ...change };
  };

  it('should link by login, password and vendor and list its children', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const linked = await ask(harness, token, LINK_ELJUR, { input: eljurInput(harness.family) });
    expect(linked.body.errors).toBeUndefined();
    expect(dataOf(linked).linkEljurAccount.account).toMatchObject({
      provider: 'ELJUR',
      displayName: 'Иванова Анна Сергеевна',
      status: 'ACTIVE',
    });
    const students = dataOf(await ask(harness, token, STUDENTS)).viewer.students;
    expect(students.map((student) => student.fullName)).toEqual(['Иванов Лев Олегович', 'Иванова Мария Олеговна']);
    // The password is stored only sealed.
    const [record] = await harness.store.listProviderAccounts(userId);
    expect(JSON.stringify(record)).not.toContain(eljurInput(harness.family).password);
  });

  it('should refuse a wrong password with PROVIDER_AUTH_FAILED and store nothing', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const refused = await ask(harness, token, LINK_ELJUR, {
      input: eljurInput(harness.family, { password: 'wrong-password-1' }),
    });
    expect(codeOf(refused)).toBe('PROVIDER_AUTH_FAILED');
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
  });

  it('should refuse a well-formed vendor Eljur does not know, and store nothing', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const refused = await ask(harness, token, LINK_ELJUR, {
      input: eljurInput(harness.family, { vendor: 'no-such-school' }),
    });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', provider: 'ELJUR' });
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
  });

  it('should refuse a vendor that is not a subdomain with BAD_USER_INPUT naming the vendor', async () => {
    const harness = await startHarness();
    const { userId, token } = await signInFresh(harness);
    const refused = await ask(harness, token, LINK_ELJUR, {
      input: eljurInput(harness.family, { vendor: 'evil.example/school?x=1' }),
    });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors![0]!.extensions).toMatchObject({ argument: 'vendor' });
    expect(await harness.store.listProviderAccounts(userId)).toEqual([]);
  });
});

describe('holderMatch', () => {
  it('should show the demo parent’s own accounts as SAME_PERSON where the diary gives SNILS or birth date, PROBABLY_SAME_PERSON where it gives the name only', async () => {
    const harness = await startHarness();
    const response = await ask(harness, harness.target.gateway.demo!.token, ACCOUNTS);
    expect(response.body.errors).toBeUndefined();
    const accounts = dataOf(response).viewer.providerAccounts;
    // The last is the parent's МЭШ account on the Moscow region's «Моя школа».
    expect(accounts.map((account) => account.provider)).toEqual(['MESH', 'DNEVNIK', 'ELJUR', 'MESH']);
    // Eljur's `getrules` carries the parent's name but no SNILS or birth date: a name alone is never "same".
    expect(accounts.map((account) => account.holderMatch)).toEqual([
      'SAME_PERSON',
      'SAME_PERSON',
      'PROBABLY_SAME_PERSON',
      'SAME_PERSON',
    ]);
  });

  it.each([
    [
      'another SNILS',
      (family: DemoFamily) => ({
        ...parentByName(family)!,
        snilsHash: hashSnils(PERSONAL_DATA_SECRET, family.grandmother.snils.replace(/\D/g, '')),
      }),
    ],
    [
      'another name',
      () => ({ lastName: 'Смирнов', firstName: 'Пётр', middleName: 'Ильич', birthDate: '1980-01-01', snilsHash: null }),
    ],
  ])('should show DIFFERENT_PERSON, not hide the account, when the signed-in person has %s', async (_case, person) => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness, person(harness.family));
    const linked = await ask(harness, token, LINK_MESH, { token: accountOf(harness.family, 'MESH').token });
    expect(dataOf(linked).linkMeshAccount.account.holderMatch).toBe('DIFFERENT_PERSON');
    const accounts = dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts;
    expect(accounts).toEqual([
      expect.objectContaining({ provider: 'MESH', holderMatch: 'DIFFERENT_PERSON', status: 'ACTIVE' }),
    ]);
    expect(dataOf(await ask(harness, token, STUDENTS)).viewer.students).toHaveLength(2);
  });

  it('should show NOT_COMPARABLE when the sign-in gave no person', async () => {
    const harness = await startHarness();
    const { token } = await signInFresh(harness, null);
    const linked = await ask(harness, token, LINK_MESH, { token: accountOf(harness.family, 'MESH').token });
    expect(dataOf(linked).linkMeshAccount.account.holderMatch).toBe('NOT_COMPARABLE');
  });
});

describe('account status', () => {
  it('should show NEEDS_RELOGIN once МЭШ refuses the token and the cached profile is past its freshness, and ACTIVE after relinking', async () => {
    const clock = testClock();
    const harness = await startHarness({}, clock.now);
    const { token } = await signInFresh(harness);
    const mesh = accountOf(harness.family, 'MESH');
    const linked = dataOf(await ask(harness, token, LINK_MESH, { token: mesh.token })).linkMeshAccount.account;
    expect(dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts[0]!.status).toBe('ACTIVE');

    harness.target.gateway.demo!.simulators.mesh.expireToken(mesh.token);
    // Past the profile's revalidation window (24 h): the diary is asked, and refuses.
    clock.advance(25 * HOUR);
    expect(dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts).toEqual([
      expect.objectContaining({ id: linked.id, status: 'NEEDS_RELOGIN' }),
    ]);
    // The children still come, from the last good copy, with the refusal beside them.
    const students = await ask(harness, token, STUDENTS);
    expect(dataOf(students).viewer.students).toHaveLength(2);
    expect(students.body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'PROVIDER_AUTH_FAILED', staleDataServed: true }),
      }),
    ]);

    mesh.token = 'demo-mesh-renewed-token-0002';
    const relinked = await ask(harness, token, LINK_MESH, { token: mesh.token });
    expect(dataOf(relinked).linkMeshAccount.account).toMatchObject({
      id: linked.id,
      status: 'ACTIVE',
      linkedAt: linked.linkedAt,
    });
    expect(dataOf(await ask(harness, token, ACCOUNTS)).viewer.providerAccounts).toEqual([
      expect.objectContaining({ id: linked.id, status: 'ACTIVE' }),
    ]);
  });

  it('should show FAILING when the diary is down and nothing is cached', async () => {
    const harness = await startHarness({ UPSTREAM_RETRIES: '0' });
    const { token } = await signInFresh(harness);
    // Asking for `status` here would read (and cache) the profile, so only the id is asked for.
    const linked = await ask(
      harness,
      token,
      `mutation($token: String!) { linkMeshAccount(input: { token: $token }) { account { id } } }`,
      {
        token: accountOf(harness.family, 'MESH').token,
      },
    );
    expect(linked.body.errors).toBeUndefined();
    harness.target.gateway.demo!.simulators.mesh.setFault('down');
    const accounts = await ask(harness, token, ACCOUNTS);
    expect(accounts.body.errors).toBeUndefined();
    expect(dataOf(accounts).viewer.providerAccounts).toEqual([
      expect.objectContaining({ provider: 'MESH', status: 'FAILING' }),
    ]);
  });
});

describe('unlinking', () => {
  it('should delete the account, its sealed credentials and its links; children only it showed disappear; grants stay', async () => {
    const harness = await startHarness();
    const parent = harness.target.gateway.demo!.token;
    const before = dataOf(await ask(harness, parent, STUDENTS)).viewer.students;
    const lev = before.find((student) => student.firstName === 'Лев')!;
    const maria = before.find((student) => student.firstName === 'Мария')!;
    expect(maria.enrollments).toEqual([{ provider: 'MESH' }, { provider: 'ELJUR' }]);
    const invited = await ask<{ inviteTrustedPerson: { grant: { id: string } } }>(
      harness,
      parent,
      `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { grant { id } } }`,
      { id: lev.id },
    );
    expect(invited.body.errors).toBeUndefined();

    const accounts = dataOf(await ask(harness, parent, ACCOUNTS)).viewer.providerAccounts;
    const eljur = accounts.find((account) => account.provider === 'ELJUR')!;
    const sealed = harness.state.accounts.get(eljur.id)!.sealedCredentials;
    expect([...harness.state.studentLinks.values()].some((link) => link.accountId === eljur.id)).toBe(true);

    const unlinked = await ask(harness, parent, UNLINK, { id: eljur.id });
    expect(unlinked.body).toEqual({ data: { unlinkProviderAccount: { unlinkedId: eljur.id } } });
    expect(harness.state.accounts.has(eljur.id)).toBe(false);
    expect(await harness.store.getProviderAccount(eljur.id)).toBeNull();
    expect(await harness.store.listStudentLinks(eljur.id)).toEqual([]);
    expect([...harness.state.studentLinks.values()].some((link) => link.accountId === eljur.id)).toBe(false);
    expect(JSON.stringify([...harness.state.accounts.values()])).not.toContain(sealed);

    const after = await ask(harness, parent, STUDENTS);
    expect(after.body.errors).toBeUndefined();
    expect(dataOf(after).viewer.students.map((student) => student.firstName)).toEqual([
      'Артем',
      'Артём',
      'Мария',
      'Полина',
      'Софья',
    ]);
    expect(dataOf(after).viewer.students.find((student) => student.id === maria.id)!.enrollments).toEqual([
      { provider: 'MESH' },
    ]);
    expect(
      dataOf(await ask(harness, parent, ACCOUNTS)).viewer.providerAccounts.map((account) => account.provider),
    ).toEqual(['MESH', 'DNEVNIK', 'MESH']);
    const grants = await ask<{ viewer: { trustedPersons: unknown[] } }>(
      harness,
      parent,
      `{ viewer { trustedPersons { id status student { id } } } }`,
    );
    expect(dataOf(grants).viewer.trustedPersons).toEqual([
      { id: dataOf(invited).inviteTrustedPerson.grant.id, status: 'PENDING', student: null },
    ]);

    // Unlinking again is refused like an id that was never there.
    const again = await ask(harness, parent, UNLINK, { id: eljur.id });
    const unknown = await ask(harness, parent, UNLINK, { id: 'acc_unknown' });
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors).toEqual(unknown.body.errors);
  });
});

describe('secrets', () => {
  it('should never put a token, password, code or SNILS into an answer or a log line', async () => {
    expect(harnesses.length).toBeGreaterThan(5);
    for (const harness of harnesses) {
      const secrets = [
        ...harness.secrets,
        'demo-mesh-not-a-real-token',
        'demo-dnevnik-not-a-real-token',
        'wrong-password-1',
        'demo-mesh-renewed-token-0001',
        'demo-mesh-renewed-token-0002',
      ];
      const text = [...harness.answers, harness.target.logs()].join('\n');
      for (const secret of secrets) expect(text, 'a secret leaked').not.toContain(secret);
    }
  });
});
