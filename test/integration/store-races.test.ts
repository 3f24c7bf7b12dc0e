/**
 * Store races (issue 10, finding 1): conflicting mutations run at the same time, many rounds each, on the
 * memory, file and Redis stores (a single server, a Cluster and Sentinel), through the real code paths — `acceptInvitation`/`revokeGrant` and the
 * hook that stores a refreshed token called directly, two reads of a diary recording one child (issue 11)
 * through `readAccountChildren` with the diary's answers given, linking, unlinking and match decisions
 * through the GraphQL mutations of a real gateway (demo simulators). Every store call first waits a random
 * number of event-loop turns (a seeded generator), so each round interleaves the two requests differently.
 *
 * After each round the final state must equal ONE serial order of the answers the two callers got: if
 * the parent was told REVOKED, the grant is revoked and the invitee reads nothing; if an unlink was
 * acknowledged, the account and its links are gone unless the racing link answered with a new account;
 * and so on. A round that matches no serial order is a lost update; the suite expects none, and checks
 * that both orders actually happened (the race was real). Set RACE_SEED to replay a run.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isGrantActive } from '../../src/access/access-rule.js';
import {
  acceptInvitation,
  inviteTrustedPerson,
  revokeGrant,
  type TrustedPersonDeps,
} from '../../src/access/trusted-persons.js';
import { storeRenewedCredentials } from '../../src/accounts/renewed-credentials.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config/config.js';
import type { ProviderAccount, ProviderCredentials } from '../../src/domain/adapter.js';
import type { ProviderAccountProfile, ProviderStudent, StudentRecord } from '../../src/domain/model.js';
import { mulberry32 } from '../../src/demo/generator/random.js';
import { demoAccountCredentials } from '../../src/demo/start-demo.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { hashPhone, normalizePhone } from '../../src/identity/phone.js';
import { createLogger } from '../../src/logging/logger.js';
import { openFileStore } from '../../src/store/file-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { GatewayStore, StudentLinkRecord, UserRecord } from '../../src/store/store.js';
import type { RequestLoaders } from '../../src/loaders/request-loaders.js';
import { readAccountChildren, rememberChildren } from '../../src/students/account-children.js';
import { defaultVault, plainUser, seedAccount } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { dataOf, noErrors, operation, type GraphqlResponse } from '../support/graphql.js';
import { uniquePrefix, useSharedRedis } from '../support/redis.js';
import { fileRedisCluster, fileRedisSentinel } from '../support/redis-topologies.js';
import { registerTeardown } from '../support/teardown.js';
import { tempDir } from '../support/temp-dir.js';

const shared = useSharedRedis();

/** Rounds per conflicting pair per store. */
const ROUNDS = 50;
const SEED = Number(process.env.RACE_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Waits 0–4 turns of the event loop: enough to let the other request's I/O and callbacks run in between. */
async function jitter(random: () => number): Promise<void> {
  for (let hops = Math.floor(random() * 5); hops > 0; hops -= 1)
    await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A store whose calls pause at random, and which can steer two requests into their worst interleaving. */
interface JitteredStore {
  store: GatewayStore;
  /** Resolves once `count` more store calls have started (0: at once). */
  afterCalls(count: number): Promise<void>;
  /**
   * Holds the next write until a second write arrives (then both go on), so two requests have both read
   * before either writes — the interleaving a lost update needs. Call the returned function when a
   * request ends: it lets a write waiting alone go on.
   */
  pairWrites(): () => void;
}

const READS = /^(get|list|find)|^providerAccountsVersion$/;

/** The store with a random pause before and after every call, so two requests interleave differently each round. */
function jittered(store: GatewayStore, random: () => number): JitteredStore {
  let calls = 0;
  let waiting: { at: number; resolve: () => void }[] = [];
  let gate: { armed: boolean; parked: (() => void) | null } | null = null;
  const passGate = async (): Promise<void> => {
    const current = gate;
    if (!current?.armed) return;
    if (current.parked) {
      current.armed = false;
      current.parked();
      current.parked = null;
      return;
    }
    await new Promise<void>((resolve) => (current.parked = resolve));
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      calls += 1;
      for (const waiter of waiting.filter((candidate) => candidate.at <= calls)) waiter.resolve();
      waiting = waiting.filter((candidate) => candidate.at > calls);
      if (!READS.test(name)) await passGate();
      await jitter(random);
      const result = await method(...args);
      await jitter(random);
      return result;
    };
  }
  return {
    store: wrapped as unknown as GatewayStore,
    afterCalls: (count) =>
      count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ at: calls + count, resolve })),
    pairWrites() {
      const current = { armed: true, parked: null as (() => void) | null };
      gate = current;
      return () => {
        current.armed = false;
        current.parked?.();
        current.parked = null;
      };
    },
  };
}

/** What a caller was told: the value, or the error code. */
type Answer<T> = { ok: true; value: T } | { ok: false; code: string };

async function answerOf<T>(run: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, code: error instanceof GatewayError ? error.code : `unexpected: ${(error as Error).message}` };
  }
}

/**
 * Starts both after random pauses and waits for both answers. With `secondAfter`, the second starts once
 * that promise resolves (say, after a random number of store calls) or the first has finished, for a pair
 * whose first request talks to a diary before it writes and would otherwise always come second.
 */
function race<A, B>(
  random: () => number,
  first: () => Promise<A>,
  second: () => Promise<B>,
  secondAfter?: Promise<void>,
): Promise<[A, B]> {
  const started = jitter(random).then(first);
  // Never later than the end of the first: it may make fewer store calls than were drawn.
  const go = secondAfter ? Promise.race([secondAfter, started.then(() => undefined)]) : jitter(random);
  return Promise.all([started, go.then(second)]);
}

/** Rounds, the serial orders they matched, and those that matched none. */
class Tally {
  readonly orders = new Map<string, number>();
  readonly lost: string[] = [];
  /** Counts the round under `order` when it is consistent, else records why not. */
  record(round: number, order: string | null, why: () => string): void {
    if (order === null) this.lost.push(`round ${round}: ${why()}`);
    else this.orders.set(order, (this.orders.get(order) ?? 0) + 1);
  }
  /** No lost update, and (when the pair has two orders) both happened at least once. */
  check(orders: string[]): void {
    expect(this.lost, `seed ${SEED}`).toEqual([]);
    for (const order of orders)
      expect(this.orders.get(order) ?? 0, `order "${order}" never happened (seed ${SEED})`).toBeGreaterThan(0);
  }
}

interface StoreKind {
  name: string;
  open(): Promise<GatewayStore>;
  /**
   * Whether the races through GraphQL run too. Behind Sentinel the store talks to one master as on a
   * single server, so the store-level races suffice there; the GraphQL ones take about 4 s per store.
   * @default true
   */
  throughGraphql?: boolean;
}

const KINDS: StoreKind[] = [
  { name: 'memory', open: async () => createMemoryStore() },
  {
    name: 'file',
    async open() {
      const directory = await tempDir('dg-races-');
      const store = await openFileStore(join(directory, 'store.json'), { logger: createLogger('silent') });
      registerTeardown(() => store.close());
      return store;
    },
  },
  { name: 'redis', open: async () => createRedisStore({ redis: await shared.connect(), keyPrefix: shared.prefix() }) },
  // The same races where the store's keys live on one master of three, and behind Sentinel.
  {
    name: 'redis-cluster',
    open: async () => createRedisStore({ redis: (await fileRedisCluster()).client(), keyPrefix: uniquePrefix() }),
  },
  {
    name: 'redis-sentinel',
    open: async () => createRedisStore({ redis: (await fileRedisSentinel()).client(), keyPrefix: uniquePrefix() }),
    throughGraphql: false,
  },
];

const SECRET = loadConfig({}).secrets.personalDataSecret;
const PHONE = '+7 999 123-45-67';
const NOW = Date.now();
const student: StudentRecord = { id: 'student-race', enrollments: [], childIds: ['student-race'], access: 'PARENT' };
const invitee = (id: string): UserRecord => ({
  ...plainUser(id, 'Ольга Петрова'),
  phoneHash: hashPhone(SECRET, normalizePhone(PHONE)!),
});

/** A child of the races over one link, as its diary showed it when the account was linked. */
const CHILD: ProviderStudent = {
  provider: 'MESH',
  externalId: '7001',
  providerIds: { studentId: '7001' },
  firstName: 'Лев',
  lastName: 'Иванов',
  middleName: 'Олегович',
  birthDate: '2012-03-04',
  snils: 'snils-hash-lev',
  school: null,
  className: '8-А',
  timeZone: 'Europe/Moscow',
};
/** A second child of the same account, who stays. */
const SISTER: ProviderStudent = { ...CHILD, externalId: '7002', providerIds: { studentId: '7002' }, firstName: 'Вера' };

/** Loaders whose profile is a complete new read of the diary, answered at `fetchedAt`, listing `students`. */
function newRead(fetchedAt: number, ...students: ProviderStudent[]): RequestLoaders {
  const value: ProviderAccountProfile = {
    holder: { firstName: 'Анна', lastName: 'Иванова', middleName: null, birthDate: null, snils: null },
    students,
  };
  const load = async () => ({ value, fetchedAt, isStale: false, staleBecause: null, drift: [] });
  return { profile: { load } } as unknown as RequestLoaders;
}

/** A new account with `students` recorded at `NOW`, as linking leaves it. */
async function linkedAccount(store: GatewayStore, id: string, students: ProviderStudent[]): Promise<ProviderAccount> {
  await seedAccount(store, { id, userId: 'u-links', provider: 'MESH', credentials: { token: 'token' } });
  await rememberChildren(id, students, { store, idSecret: SECRET, now: () => NOW });
  return { id, provider: 'MESH', credentials: { token: 'token' } };
}

// 50 rounds of a GraphQL race take up to 17 s alone on the file store (fsync per write): 60 s leaves room on a busy box.
describe.each(KINDS)('races on the $name store', { timeout: 60_000 }, (kind) => {
  let store: GatewayStore;
  beforeAll(async () => {
    store = await kind.open();
  });

  it(`should never lose a revocation to an acceptance racing it (${ROUNDS} rounds)`, async () => {
    const random = mulberry32(SEED);
    const calls = jittered(store, random);
    const deps: TrustedPersonDeps = { store: calls.store, personalDataSecret: SECRET, now: () => NOW };
    const grantee = invitee('u-invitee');
    const tally = new Tally();
    for (let round = 0; round < ROUNDS; round += 1) {
      const { grant, code } = await inviteTrustedPerson('u-owner', student, { phone: PHONE }, null, deps);
      const [accept, revoke] = await race(
        random,
        () => answerOf(() => acceptInvitation(grantee, code, deps)),
        () => answerOf(() => revokeGrant('u-owner', grant.id, deps)),
        // An acceptance looks the code up first (one more store call): the revocation starts somewhere in it.
        calls.afterCalls(Math.floor(random() * 3)),
      );
      const final = (await store.getGrant(grant.id))!;
      const readable = (await store.listGrantsByGrantee(grantee.id)).filter((held) => isGrantActive(held, NOW));
      const revoked =
        revoke.ok && revoke.value.status === 'REVOKED' && final.status === 'REVOKED' && readable.length === 0;
      const order = !revoked
        ? null
        : accept.ok
          ? final.granteeUserId === grantee.id && final.acceptedAt === NOW
            ? 'accept, then revoke'
            : null
          : accept.code === 'BAD_USER_INPUT' && final.granteeUserId === null
            ? 'revoke, then accept'
            : null;
      tally.record(
        round,
        order,
        () =>
          `accept ${JSON.stringify(accept)}, revoke ${JSON.stringify(revoke)}, final ${final.status}/${final.granteeUserId}`,
      );
    }
    tally.check(['accept, then revoke', 'revoke, then accept']);
  });

  it(`should let only one of two concurrent acceptances win (${ROUNDS} rounds)`, async () => {
    const random = mulberry32(SEED + 1);
    const deps: TrustedPersonDeps = {
      store: jittered(store, random).store,
      personalDataSecret: SECRET,
      now: () => NOW,
    };
    // The same named person signed in twice (two users with the same phone): either may accept, once.
    const [first, second] = [invitee('u-first'), invitee('u-second')];
    const tally = new Tally();
    for (let round = 0; round < ROUNDS; round += 1) {
      const { grant, code } = await inviteTrustedPerson('u-owner-2', student, { phone: PHONE }, null, deps);
      const answers = await race(
        random,
        () => answerOf(() => acceptInvitation(first, code, deps)),
        () => answerOf(() => acceptInvitation(second, code, deps)),
      );
      const final = (await store.getGrant(grant.id))!;
      const winners = answers.flatMap((answer, index) => (answer.ok ? [[first, second][index]!] : []));
      const loser = answers.find((answer) => !answer.ok);
      const consistent =
        winners.length === 1 && loser?.ok === false && loser.code === 'BAD_USER_INPUT' && final.status === 'ACTIVE';
      const order = consistent && final.granteeUserId === winners[0]!.id ? `${winners[0]!.id} first` : null;
      tally.record(
        round,
        order,
        () => `answers ${JSON.stringify(answers.map((answer) => answer.ok))}, final grantee ${final.granteeUserId}`,
      );
    }
    tally.check(['u-first first', 'u-second first']);
  });

  it(`should keep the first of two refreshes of one token and never an older one over it (${ROUNDS} rounds)`, async () => {
    const random = mulberry32(SEED + 2);
    const deps = { store: jittered(store, random).store, vault: defaultVault };
    const tally = new Tally();
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `acc_refresh_${kind.name}_${round}`;
      const base: ProviderCredentials = { accessToken: `token-${round}-0`, refreshToken: `refresh-${round}-0` };
      await seedAccount(store, { id, userId: 'u-refresh', provider: 'DNEVNIK', credentials: base });
      const renewals = [1, 2].map((n) => ({
        accessToken: `token-${round}-${n}`,
        refreshToken: `refresh-${round}-${n}`,
      }));
      const written = await race(
        random,
        () => storeRenewedCredentials(deps, id, renewals[0]!, base),
        () => storeRenewedCredentials(deps, id, renewals[1]!, base),
      );
      // A renewal from the original token arriving after both: older than what is stored now.
      const late = await storeRenewedCredentials(
        deps,
        id,
        { accessToken: `token-${round}-late`, refreshToken: `refresh-${round}-late` },
        base,
      );
      const record = (await store.getProviderAccount(id))!;
      const stored = defaultVault.open(record.sealedCredentials, id);
      const winner = written[0] ? 0 : 1;
      const consistent =
        written.filter(Boolean).length === 1 && !late && stored.accessToken === renewals[winner]!.accessToken;
      tally.record(
        round,
        consistent ? `refresh ${winner + 1} first` : null,
        () => `written ${JSON.stringify(written)}, late ${late}, stored ${stored.accessToken}`,
      );
    }
    tally.check(['refresh 1 first', 'refresh 2 first']);
  });

  it(`should keep the news of two new reads of one child racing: no lost field (${ROUNDS} rounds)`, async () => {
    // A store of its own: the rounds' accounts would slow the file store's later rounds (a file per write).
    const own = await kind.open();
    const random = mulberry32(SEED + 4);
    const calls = jittered(own, random);
    const deps = { store: calls.store, idSecret: SECRET, now: () => NOW };
    // One read brings a corrected SNILS but misses the birth date, the other a corrected birth date but
    // misses the SNILS; each a class of its own. Whatever the order, both corrections must be kept.
    const readA = { ...CHILD, snils: 'snils-hash-corrected', birthDate: null, className: '9-А' };
    const readB = { ...CHILD, snils: null, birthDate: '2012-03-05', className: '9-Б' };
    const tally = new Tally();
    for (let round = 0; round < ROUNDS; round += 1) {
      const account = await linkedAccount(own, `acc_reads_${kind.name}_${round}`, [CHILD]);
      const [before] = await own.listStudentLinks(account.id);
      const release = random() < 0.5 ? calls.pairWrites() : () => {};
      const read = (student: ProviderStudent) => () =>
        readAccountChildren(account, { ...deps, loaders: newRead(NOW + 1, student) }).finally(release);
      await race(random, read(readA), read(readB));
      const links = await own.listStudentLinks(account.id);
      const after = links[0]!;
      const kept =
        links.length === 1 &&
        after.studentId === before!.studentId &&
        after.firstSeenAt === before!.firstSeenAt &&
        after.snilsHash === 'snils-hash-corrected' &&
        after.snapshot.birthDate === '2012-03-05';
      const order = !kept ? null : after.snapshot.className === '9-Б' ? 'A, then B' : 'B, then A';
      tally.record(
        round,
        order,
        () => `stored ${JSON.stringify(links.map(({ snapshot, snilsHash }) => ({ ...snapshot, snilsHash })))}`,
      );
    }
    tally.check(['A, then B', 'B, then A']);
  });

  it(`should let a child who left and a read that still saw him end in an order that never resurrects him (${ROUNDS} rounds)`, async () => {
    const own = await kind.open();
    const random = mulberry32(SEED + 5);
    const calls = jittered(own, random);
    const tally = new Tally();
    for (let round = 0; round < ROUNDS; round += 1) {
      const account = await linkedAccount(own, `acc_left_${kind.name}_${round}`, [CHILD, SISTER]);
      const before = (await own.listStudentLinks(account.id)).find((link) => link.snapshot.externalId === '7001')!;
      // Whether the links the other request listed held his: only a request to which he is new may record him.
      let listedHim: boolean | null = null;
      const listing: GatewayStore = {
        ...calls.store,
        listStudentLinks: async (accountId) => {
          const links = await calls.store.listStudentLinks(accountId);
          listedHim = links.some((link) => link.snapshot.externalId === '7001');
          return links;
        },
      };
      const release = random() < 0.5 ? calls.pairWrites() : () => {};
      // A complete read without him, and a read answered just before (he is in another class there). The
      // latter's clock is later, so a link it created anew would show in its first sighting.
      const [left, saw] = await race(
        random,
        () =>
          readAccountChildren(account, {
            store: calls.store,
            idSecret: SECRET,
            now: () => NOW,
            loaders: newRead(NOW + 2, SISTER),
          }).finally(release),
        () =>
          readAccountChildren(account, {
            store: listing,
            idSecret: SECRET,
            now: () => NOW + 10,
            loaders: newRead(NOW + 1, { ...CHILD, className: '9-В' }, SISTER),
          }).finally(release),
      );
      const links = await own.listStudentLinks(account.id);
      const his = links.filter((link: StudentLinkRecord) => link.snapshot.externalId === '7001');
      const changed =
        his.length === 1 && his[0]!.snapshot.className === '9-В' && his[0]!.studentId === before.studentId;
      let order: string | null = null;
      if (links.length === his.length + 1 && left.children.length === 1 && saw.children.length === 2) {
        if (his.length === 0) order = 'removed, then the change not written';
        else if (changed && his[0]!.firstSeenAt === before.firstSeenAt) order = 'changed, then the removal yielded';
        // Only a request that listed the links after the removal may record him anew: to it he is new.
        else if (changed && his[0]!.firstSeenAt === NOW + 10 && listedHim === false)
          order = 'removed, then recorded anew by a request that began after it';
      }
      tally.record(
        round,
        order,
        () =>
          `his links ${JSON.stringify(his.map((link) => [link.snapshot.className, link.firstSeenAt - NOW]))}, listed him ${listedHim}`,
      );
    }
    tally.check(['removed, then the change not written', 'changed, then the removal yielded']);
  });

  // Declared only where it runs: a Sentinel store is the single server's store (see throughGraphql).
  if (kind.throughGraphql !== false)
    describe('through GraphQL', () => {
      let target: TestGateway;
      let gatewayStore: JitteredStore;
      let users = 0;
      const random = mulberry32(SEED + 3);

      beforeAll(async () => {
        gatewayStore = jittered(store, random);
        // Each link starts a structure prefetch in the background (src/prefetch), which reads the store and the
        // diaries beside the racing requests: kept on the memory store, so the races also run against it, and off
        // on the others, where it made each 50-round test several times slower without testing more of the store.
        const prefetch: Record<string, string> = kind.name === 'memory' ? {} : { PREFETCH_STRUCTURE: 'off' };
        // The pace of diary calls is no part of these races, and at the default 50 calls a second per diary the
        // rounds' links and reads (and the prefetches beside them) queued for the bucket: most of the file's
        // time was spent asleep in it (108 s → about 50 s without it). The races' own jitter decides the
        // interleavings, and every pair still checks that both orders happened.
        target = await startTestGateway({ ...prefetch, UPSTREAM_RATE_LIMIT_PER_SECOND: '100000' }, undefined, {
          store: gatewayStore.store,
        });
      });

      /** A person who just signed in, with no diary account yet. */
      async function freshUser(): Promise<{ userId: string; token: string }> {
        users += 1;
        const userId = `usr_race_${kind.name}_${users}`;
        await store.putUser(plainUser(userId, `Race ${users}`));
        return { userId, token: await createSession(store, userId, { ttlMs: null, now: TEST_NOW.getTime() }) };
      }

      const mesh = () => target.gateway.demo!.family.accounts.find((account) => account.provider === 'MESH')!;
      const LINK = operation<{ linkMeshAccount: { account: { id: string } } }>(
        `mutation($token: String!) { linkMeshAccount(input: { token: $token }) { account { id } } }`,
      );
      const UNLINK = operation<{ unlinkProviderAccount: { unlinkedId: string } }>(
        `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`,
      );
      const graphqlAnswer = <TData>(response: GraphqlResponse<TData>): Answer<TData> =>
        response.body.errors
          ? { ok: false, code: String(response.body.errors[0]?.extensions?.code) }
          : { ok: true, value: response.body.data! };

      it(`should never undo an acknowledged unlink by a relink racing it, nor leave its links behind (${ROUNDS} rounds)`, async () => {
        const tally = new Tally();
        for (let round = 0; round < ROUNDS; round += 1) {
          const { userId, token } = await freshUser();
          const linked = await target.graphql(LINK, { token: mesh().token }, token);
          const accountId = dataOf(linked).linkMeshAccount.account.id;
          // The relink reads the diary before it writes: the unlink starts somewhere within its store calls.
          const [relink, unlink] = await race(
            random,
            async () => graphqlAnswer(await target.graphql(LINK, { token: mesh().token }, token)),
            async () => graphqlAnswer(await target.graphql(UNLINK, { id: accountId }, token)),
            gatewayStore.afterCalls(Math.floor(random() * 10)),
          );
          const accounts = (await store.listProviderAccounts(userId)).map((account) => account.id);
          const orphans = await store.listStudentLinks(accountId);
          const relinkedId = relink.ok ? relink.value.linkMeshAccount.account.id : null;
          let order: string | null = null;
          if (unlink.ok && orphans.length === 0 && relinkedId !== null) {
            if (relinkedId === accountId && accounts.length === 0) order = 'relink, then unlink';
            else if (
              relinkedId !== accountId &&
              accounts.join() === relinkedId &&
              (await store.listStudentLinks(relinkedId)).length > 0
            ) {
              order = 'unlink, then link anew';
            }
          }
          tally.record(
            round,
            order,
            () =>
              `relink ${JSON.stringify(relink)}, unlink ${JSON.stringify(unlink)}, accounts [${accounts.join()}], orphan links ${orphans.length}`,
          );
        }
        tally.check(['relink, then unlink', 'unlink, then link anew']);
      });

      it(`should make one account of one diary account linked twice at once (${ROUNDS} rounds)`, async () => {
        const tally = new Tally();
        for (let round = 0; round < ROUNDS; round += 1) {
          const { userId, token } = await freshUser();
          // Every other round, both links have read the user's accounts before either writes.
          const release = random() < 0.5 ? gatewayStore.pairWrites() : () => {};
          const link = async () =>
            graphqlAnswer(await target.graphql(LINK, { token: mesh().token }, token).finally(release));
          const answers = await race(random, link, link);
          const accounts = (await store.listProviderAccounts(userId)).map((account) => account.id);
          const ids = answers.map((answer) => (answer.ok ? answer.value.linkMeshAccount.account.id : null));
          const consistent =
            ids[0] !== null &&
            ids[0] === ids[1] &&
            accounts.join() === ids[0] &&
            (await store.listStudentLinks(ids[0])).length > 0;
          tally.record(
            round,
            consistent ? 'one account' : null,
            () => `answers ${JSON.stringify(ids)}, accounts [${accounts.join()}]`,
          );
        }
        tally.check(['one account']);
      });

      it(`should keep the first of a confirm and a reject of one suggestion, and refuse the other (${ROUNDS} rounds)`, async () => {
        const SUGGESTIONS = operation<{ viewer: { studentMatchSuggestions: { id: string }[] } }>(
          `{ viewer { studentMatchSuggestions { id } } }`,
        );
        const decide = (verb: 'confirm' | 'reject') =>
          `mutation($id: ID!) { ${verb}StudentMatch(suggestionId: $id) { suggestionId } }`;
        const tally = new Tally();
        for (let round = 0; round < ROUNDS; round += 1) {
          const { userId, token } = await freshUser();
          // The demo family's accounts, as linked by this user: the two Артёмs make a suggestion. Only the
          // diaries' main installations: seeded without its tenant, the region's МЭШ account would be asked of
          // Moscow's МЭШ, which does not know it.
          const accounts = target.gateway.demo!.family.accounts.filter((account) => account.tenant === undefined);
          for (const [index, account] of accounts.entries()) {
            await seedAccount(store, {
              id: `acc_${userId}_${index}`,
              userId,
              provider: account.provider,
              credentials: demoAccountCredentials(account),
              linkedAt: index,
            });
          }
          const listed = await target.graphql(SUGGESTIONS, {}, token);
          const suggestionId = noErrors(listed).viewer.studentMatchSuggestions[0]!.id;
          const [confirm, reject] = await race(
            random,
            async () => graphqlAnswer(await target.graphql(decide('confirm'), { id: suggestionId }, token)),
            async () => graphqlAnswer(await target.graphql(decide('reject'), { id: suggestionId }, token)),
          );
          const decisions = (await store.listMatchDecisions(userId)).map((decision) => decision.decision);
          let order: string | null = null;
          if (
            confirm.ok !== reject.ok &&
            [confirm, reject].some((answer) => !answer.ok && answer.code === 'BAD_USER_INPUT')
          ) {
            const winner = confirm.ok ? 'CONFIRMED' : 'REJECTED';
            if (decisions.join() === winner) order = `${winner} first`;
          }
          tally.record(
            round,
            order,
            () => `confirm ${JSON.stringify(confirm)}, reject ${JSON.stringify(reject)}, stored [${decisions.join()}]`,
          );
        }
        tally.check(['CONFIRMED first', 'REJECTED first']);
      });
    });
});
