/**
 * Store races (issue 10, finding 1): conflicting mutations run at the same time, many rounds each, on the
 * memory, file and Redis stores, through the real code paths — `acceptInvitation`/`revokeGrant` and the
 * hook that stores a refreshed token called directly, linking, unlinking and match decisions through the
 * GraphQL mutations of a real gateway (demo simulators). Every store call first waits a random number of
 * event-loop turns (a seeded generator), so each round interleaves the two requests differently.
 *
 * After each round the final state must equal ONE serial order of the answers the two callers got: if
 * the parent was told REVOKED, the grant is revoked and the invitee reads nothing; if an unlink was
 * acknowledged, the account and its links are gone unless the racing link answered with a new account;
 * and so on. A round that matches no serial order is a lost update; the suite expects none, and checks
 * that both orders actually happened (the race was real). Set RACE_SEED to replay a run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantStatus,
  acceptInvitation,
  inviteTrustedPerson,
  revokeGrant,
  type TrustedPersonDeps,
} from '../../src/access/trusted-persons.js';
import { storeRenewedCredentials } from '../../src/accounts/renewed-credentials.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config/config.js';
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import type { StudentRecord } from '../../src/domain/model.js';
import { mulberry32 } from '../../src/demo/generator/random.js';
import { demoAccountCredentials } from '../../src/demo/start-demo.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { hashPhone, normalizePhone } from '../../src/identity/phone.js';
import { createLogger } from '../../src/logging/logger.js';
import { openFileStore } from '../../src/store/file-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { GatewayStore, UserRecord } from '../../src/store/store.js';
import { defaultVault, plainUser, seedAccount } from '../support/accounts.js';
import { disposeAll, startTestGateway, TEST_NOW, type GraphqlResponse, type TestGateway } from '../support/gateway.js';
import { useSharedRedis } from '../support/redis.js';

const shared = useSharedRedis();
const directories: string[] = [];
const toClose: GatewayStore[] = [];
// Registered after useSharedRedis, so it runs first: gateways and stores close before the keys are deleted.
afterAll(async () => {
  await disposeAll();
  for (const store of toClose.splice(0)) await store.close();
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

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
}

const KINDS: StoreKind[] = [
  { name: 'memory', open: async () => createMemoryStore() },
  {
    name: 'file',
    async open() {
      const directory = await mkdtemp(join(tmpdir(), 'dg-races-'));
      directories.push(directory);
      const store = await openFileStore(join(directory, 'store.json'), { logger: createLogger('silent') });
      toClose.push(store);
      return store;
    },
  },
  { name: 'redis', open: async () => createRedisStore({ redis: await shared.connect(), keyPrefix: shared.prefix() }) },
];

const SECRET = loadConfig({}).secrets.personalDataSecret;
const PHONE = '+7 999 123-45-67';
const NOW = Date.now();
const student: StudentRecord = { id: 'student-race', enrollments: [], childIds: ['student-race'], access: 'PARENT' };
const invitee = (id: string): UserRecord => ({
  ...plainUser(id, 'Ольга Петрова'),
  phoneHash: hashPhone(SECRET, normalizePhone(PHONE)!),
});

describe.each(KINDS)('races on the $name store', (kind) => {
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
      const readable = (await store.listGrantsByGrantee(grantee.id)).filter(
        (held) => grantStatus(held, NOW) === 'ACTIVE',
      );
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

  describe('through GraphQL', () => {
    let target: TestGateway;
    let gatewayStore: JitteredStore;
    let users = 0;
    const random = mulberry32(SEED + 3);

    beforeAll(async () => {
      gatewayStore = jittered(store, random);
      target = await startTestGateway({}, undefined, { store: gatewayStore.store });
    });

    /** A person who just signed in, with no diary account yet. */
    async function freshUser(): Promise<{ userId: string; token: string }> {
      users += 1;
      const userId = `usr_race_${kind.name}_${users}`;
      await store.putUser(plainUser(userId, `Race ${users}`));
      return { userId, token: await createSession(store, userId, { ttlMs: null, now: TEST_NOW.getTime() }) };
    }

    const mesh = () => target.gateway.demo!.family.accounts.find((account) => account.provider === 'MESH')!;
    const LINK = `mutation($token: String!) { linkMeshAccount(input: { token: $token }) { account { id } } }`;
    const UNLINK = `mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`;
    const graphqlAnswer = (response: GraphqlResponse): Answer<any> =>
      response.body.errors
        ? { ok: false, code: String(response.body.errors[0]?.extensions?.code) }
        : { ok: true, value: response.body.data };

    it(`should never undo an acknowledged unlink by a relink racing it, nor leave its links behind (${ROUNDS} rounds)`, async () => {
      const tally = new Tally();
      for (let round = 0; round < ROUNDS; round += 1) {
        const { userId, token } = await freshUser();
        const linked = await target.graphql(LINK, { token: mesh().token }, token);
        const accountId = linked.body.data.linkMeshAccount.account.id as string;
        // The relink reads the diary before it writes: the unlink starts somewhere within its store calls.
        const [relink, unlink] = await race(
          random,
          async () => graphqlAnswer(await target.graphql(LINK, { token: mesh().token }, token)),
          async () => graphqlAnswer(await target.graphql(UNLINK, { id: accountId }, token)),
          gatewayStore.afterCalls(Math.floor(random() * 10)),
        );
        const accounts = (await store.listProviderAccounts(userId)).map((account) => account.id);
        const orphans = await store.listStudentLinks(accountId);
        const relinkedId = relink.ok ? (relink.value.linkMeshAccount.account.id as string) : null;
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
            `relink ${JSON.stringify(relink)}, unlink ${JSON.stringify(unlink)}, accounts [${accounts}], orphan links ${orphans.length}`,
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
        const ids = answers.map((answer) => (answer.ok ? (answer.value.linkMeshAccount.account.id as string) : null));
        const consistent =
          ids[0] !== null &&
          ids[0] === ids[1] &&
          accounts.join() === ids[0] &&
          (await store.listStudentLinks(ids[0]!)).length > 0;
        tally.record(
          round,
          consistent ? 'one account' : null,
          () => `answers ${JSON.stringify(ids)}, accounts [${accounts}]`,
        );
      }
      tally.check(['one account']);
    });

    it(`should keep the first of a confirm and a reject of one suggestion, and refuse the other (${ROUNDS} rounds)`, async () => {
      const SUGGESTIONS = `{ viewer { studentMatchSuggestions { id } } }`;
      const decide = (verb: 'confirm' | 'reject') =>
        `mutation($id: ID!) { ${verb}StudentMatch(suggestionId: $id) { suggestionId } }`;
      const tally = new Tally();
      for (let round = 0; round < ROUNDS; round += 1) {
        const { userId, token } = await freshUser();
        // The demo family's accounts, as linked by this user: the two Артёмs make a suggestion.
        for (const [index, account] of target.gateway.demo!.family.accounts.entries()) {
          await seedAccount(store, {
            id: `acc_${userId}_${index}`,
            userId,
            provider: account.provider,
            credentials: demoAccountCredentials(account),
            linkedAt: index,
          });
        }
        const listed = await target.graphql(SUGGESTIONS, {}, token);
        expect(listed.body.errors, listed.text).toBeUndefined();
        const suggestionId = listed.body.data.viewer.studentMatchSuggestions[0].id as string;
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
          () => `confirm ${JSON.stringify(confirm)}, reject ${JSON.stringify(reject)}, stored [${decisions}]`,
        );
      }
      tally.check(['CONFIRMED first', 'REJECTED first']);
    });
  });
});
