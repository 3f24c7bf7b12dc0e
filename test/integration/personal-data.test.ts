/**
 * Personal data never at rest in clear, never in an answer, never in a log line. A realistic session runs
 * against a demo gateway on a file store and one on Redis: the parent and the grandmother sign in at the
 * demo issuer, the parent lists the children, links Eljur by login and password, invites the grandmother
 * by SNILS and by phone, she accepts both, the parent reports an absence. Then the store file's bytes,
 * every Redis value under the gateway's prefix, every GraphQL answer and the logs are searched for every
 * SNILS of the demo family (every spelling), the Eljur password, the diary tokens, the invitation codes
 * and the phone numbers.
 */
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DemoFamily } from '../../src/demo/demo-family.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { noErrors, type Operation } from '../support/graphql.js';
import { signIn } from '../support/oidc-browser.js';
import { keysUnder, SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import { tempDir } from '../support/temp-dir.js';

// Lazy: the file case neither needs a Redis nor fails without one; the Redis case connects in its test.
const shared = useSharedRedis({ lazy: true });

/** A store a gateway runs on, and everything it holds, as text (values only; keys are hashes and ids). */
interface StoreUnderTest {
  environment: Record<string, string>;
  contents(): Promise<string[]>;
}

async function fileStore(): Promise<StoreUnderTest> {
  const file = join(await tempDir('dg-personal-data-'), 'store.json');
  return {
    environment: { STORE: 'file', STORE_FILE: file },
    // The bytes, decoded as UTF-8 (JSON escapes none of the searched characters).
    contents: async () => [await readFile(file, 'utf8')],
  };
}

async function redisStore(): Promise<StoreUnderTest> {
  // Connecting here, not in a skip condition: without Redis the test fails and says how to get one.
  const connection = await shared.connect();
  const prefix = shared.prefix();
  return {
    environment: { STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
    async contents() {
      const values: string[] = [];
      const keys = await keysUnder(connection, prefix);
      // The store's keys and the cache's (diary answers, normalised): both must be searched.
      expect(keys.some((key) => key.startsWith(`${prefix}{store}:`))).toBe(true);
      expect(keys.some((key) => key.startsWith(`${prefix}cache:`))).toBe(true);
      for (const key of keys) {
        const type = await connection.type(key);
        // Keys too: a key naming a SNILS or a token would leak as much as a value.
        values.push(key);
        switch (type) {
          case 'string':
            values.push((await connection.get(key)) ?? '');
            break;
          case 'hash':
            values.push(...Object.entries(await connection.hgetall(key)).flat());
            break;
          case 'zset':
            values.push(...(await connection.zrange(key, 0, -1)));
            break;
          case 'set':
            values.push(...(await connection.smembers(key)));
            break;
          case 'list':
            values.push(...(await connection.lrange(key, 0, -1)));
            break;
          case 'none':
            // Expired between the scan and this read (a rate-limit bucket's TTL): nothing left to search.
            break;
          default:
            throw new Error(`unexpected Redis type ${type} at ${key}: add it here so its values are searched`);
        }
      }
      return values;
    },
  };
}

/** Every way a SNILS is commonly written: plain digits, `NNN-NNN-NNN CC`, spaces only. */
function snilsSpellings(snils: string): string[] {
  const digits = snils.replace(/\D/g, '');
  const groups = `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)}`;
  return [
    digits,
    `${groups} ${digits.slice(9)}`,
    `${groups.replace(/-/g, ' ')} ${digits.slice(9)}`,
    `${groups}${digits.slice(9)}`,
  ];
}

/** Phone spellings: as written, `+7` and ten digits, and the ten-digit national number. */
function phoneSpellings(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  return [phone, `+${digits}`, digits.slice(1)];
}

/** The secrets of the demo family that must never appear, named for the failure message. */
function familySecrets(family: DemoFamily): Map<string, string> {
  const secrets = new Map<string, string>();
  const people = [
    ['parent', family.parent],
    ['grandmother', family.grandmother],
    ...family.children.map((child) => [`child ${child.key}`, child] as const),
  ] as const;
  for (const [who, person] of people) {
    for (const spelling of snilsSpellings(person.snils)) secrets.set(spelling, `SNILS of the ${who}`);
    if (person.phone) for (const spelling of phoneSpellings(person.phone)) secrets.set(spelling, `phone of the ${who}`);
  }
  for (const account of family.accounts) {
    secrets.set(account.token, `${account.provider} token`);
    if (account.refreshToken) secrets.set(account.refreshToken, `${account.provider} refresh token`);
    if (account.password) secrets.set(account.password, `${account.provider} password`);
  }
  return secrets;
}

/** The secrets found in `texts` (as their names, to keep the failure message itself free of them). */
function leaked(texts: string[], secrets: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const text of texts) for (const [secret, name] of secrets) if (text.includes(secret)) found.add(name);
  return [...found].sort();
}

/** What a session left behind: every answer, the invitation answers apart (they show the code, once, by design). */
interface Session {
  gateway: TestGateway;
  family: DemoFamily;
  answers: string[];
  invitationAnswers: string[];
  codes: string[];
  sessionTokens: string[];
}

/** The realistic session the brief describes, through the public API only. */
async function runSession(store: StoreUnderTest): Promise<Session> {
  const gateway = await startTestGateway(store.environment);
  const family = gateway.gateway.demo!.family;
  const answers: string[] = [];
  const invitationAnswers: string[] = [];
  const parent = await signIn(gateway.url, 'parent', 'bearer');
  const grandma = await signIn(gateway.url, 'grandma', 'bearer');
  /** The data of an answer that must have no errors; every answer's text is kept (`into`) for the search. */
  const ask = async <TData>(
    token: string,
    query: Operation<TData> | string,
    variables: Record<string, unknown> = {},
    into = answers,
  ): Promise<TData> => {
    const response = await gateway.graphql(query, variables, token);
    into.push(response.text);
    return noErrors(response);
  };

  const listing = `{ viewer { id displayName students { id fullName birthDate access enrollments { provider className } } providerAccounts { id provider displayName status holderMatch } } }`;
  type Listing = {
    viewer: { students: { id: string; fullName: string }[]; providerAccounts: { id: string; provider: string }[] };
  };
  const before = (await ask<Listing>(parent, listing)).viewer;
  const eljur = before.providerAccounts.find((account) => account.provider === 'ELJUR')!;
  await ask(parent, `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`, { id: eljur.id });
  const eljurAccount = family.accounts.find((account) => account.provider === 'ELJUR')!;
  await ask(
    parent,
    `mutation($input: LinkEljurAccountInput!) { linkEljurAccount(input: $input) { account { id provider displayName status holderMatch } } }`,
    {
      input: {
        login: eljurAccount.login,
        password: eljurAccount.password,
        vendor: ELJUR_SIMULATOR_VENDOR,
      },
    },
  );
  const { students } = (await ask<Listing>(parent, listing)).viewer;
  const masha = students.find((student) => student.fullName.startsWith('Иванова Мария'))!;
  const sonya = students.find((student) => student.fullName.startsWith('Иванова Софья'))!;

  const invitation = `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code grant { id inviteeKind inviteeLabel status } } }`;
  type Invited = { inviteTrustedPerson: { code: string } };
  const bySnils = (
    await ask<Invited>(
      parent,
      invitation,
      { input: { studentId: masha.id, snils: family.grandmother.snils } },
      invitationAnswers,
    )
  ).inviteTrustedPerson;
  const byPhone = (
    await ask<Invited>(
      parent,
      invitation,
      { input: { studentId: sonya.id, phone: family.grandmother.phone } },
      invitationAnswers,
    )
  ).inviteTrustedPerson;
  for (const { code } of [bySnils, byPhone]) {
    await ask(
      grandma,
      `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId grantedBy student { id fullName } } }`,
      { code },
    );
  }
  await ask(grandma, `{ viewer { displayName students { id fullName access } receivedAccess { grantId grantedBy } } }`);
  await ask(parent, `{ viewer { trustedPersons { id inviteeKind inviteeLabel granteeName status } } }`);
  await ask(
    parent,
    `mutation($id: ID!) { reportAbsence(input: { studentId: $id, from: "2026-11-24", to: "2026-11-25", reason: ILLNESS, comment: "температура" }) { providers from to } }`,
    {
      id: masha.id,
    },
  );
  await ask(
    parent,
    `query($id: ID!) { student(id: $id) { id fullName grades(from: "2026-11-01", to: "2026-11-23") { id } } }`,
    { id: masha.id },
  );
  return {
    gateway,
    family,
    answers,
    invitationAnswers,
    codes: [bySnils.code, byPhone.code],
    sessionTokens: [parent, grandma],
  };
}

describe.each([
  ['file', fileStore],
  ['redis', redisStore],
] as const)('personal data on STORE=%s after a realistic session', (_name, openStore) => {
  it('should be in neither the store, nor any answer, nor the logs', async () => {
    const store = await openStore();
    const session = await runSession(store);
    const secrets = familySecrets(session.family);
    const codes = new Map(session.codes.map((code, index) => [code, `invitation code ${index + 1}`] as const));
    const sessionTokens = new Map(
      session.sessionTokens.map((token, index) => [token, `session token ${index + 1}`] as const),
    );

    // The check would pass on empty input: make sure there is something to search.
    const contents = await store.contents();
    expect(contents.join('').length).toBeGreaterThan(1000);
    const everything = contents.join('\n');
    expect(everything).toContain('Галина');
    // SNILS and phones were there to leak, and arrived as keyed hashes; credentials arrived sealed.
    expect(everything).toMatch(/snils_[A-Za-z0-9_-]{43}/);
    expect(everything).toMatch(/phone_[A-Za-z0-9_-]{43}/);
    expect(everything).toMatch(/v1\.[A-Za-z0-9_-]+\./);
    // The search itself finds a secret in any spelling (a guard against a check that cannot fail).
    const digits = session.family.grandmother.snils.replace(/\D/g, '');
    expect(leaked([`{"x":"${digits}"}`, `… ${session.family.accounts[2]!.password} …`], secrets)).toEqual([
      'ELJUR password',
      'SNILS of the grandmother',
    ]);

    expect(leaked(contents, new Map([...secrets, ...codes, ...sessionTokens]))).toEqual([]);
    expect(leaked(session.answers, new Map([...secrets, ...codes]))).toEqual([]);
    // The invitation answer shows its own code (once, by contract), and nothing else.
    expect(leaked(session.invitationAnswers, secrets)).toEqual([]);
    session.invitationAnswers.forEach((answer, index) => expect(answer).toContain(session.codes[index]));
    const logs = session.gateway.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(leaked([logs], new Map([...secrets, ...codes, ...sessionTokens]))).toEqual([]);
  }, 60_000);
});
