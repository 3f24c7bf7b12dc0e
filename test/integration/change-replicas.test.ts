/**
 * Change detection across replicas (issue 16): three gateway processes (scale-out.ts) on the shared Redis,
 * in front of the demo's simulators, polling every two seconds. A mark entered in a simulator's seed is
 * found by whichever replica holds the account's lease, and told exactly once to a subscriber on another
 * replica and in every replica's feed; a replica killed hands its accounts over, and an account whose lease
 * a dead replica still holds is polled by nobody until that lease runs out.
 *
 * At first only B detects (`CHANGE_DETECTION=on`), so whatever A's subscriber and C's feed show came from
 * B; then C is redeployed detecting too, and B is killed. Each test is a family of its own (its own
 * parent, linked account and child), so a later test's mark is never found through an earlier test's link.
 */
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SeedChild, SeedMark } from '../../adapters/simulation/seed.js';
import { enterMark as enterSeedMark, FAST_CHANGE_DETECTION } from '../support/seed-marks.js';
import { redisChangeKeys } from '../../src/changes/redis-change-keys.js';
import { noErrors, operation } from '../support/graphql.js';
import { SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import type { Replica } from '../support/replicas.js';
import { linkOn } from '../support/scale-out-family.js';
import { graphqlOn, signInOn, useScaleOut } from '../support/scale-out.js';

/** How often every watched resource is read (the detector's tick is 2 s as well). */
const POLL_MS = 2_000;
/**
 * The lease a replica takes on an account: twice `REQUEST_DEADLINE_MS` (8 s by default) plus 10 s
 * (src/index.ts). A replica killed in the middle of a poll leaves one this long behind.
 */
const LEASE_MS = 26_000;
/** The lease the hand-over test writes as a dead replica would have left it: short, so the test stays quick. */
const DEAD_LEASE_MS = 6_000;

/** A change as the tests read it, from the feed or the subscription. */
interface SeenChange {
  id: string;
  kind: string;
  cursor: string;
  grade?: { value: { raw: string } };
}

const CHANGE_FIELDS = 'id kind cursor ... on GradeChange { grade { value { raw } } }';
const FEED = operation<{ viewer: { changes: { changes: SeenChange[]; cursor: string } } }>(
  `query($since: Cursor) { viewer { changes(since: $since) { changes { ${CHANGE_FIELDS} } cursor } } }`,
);

const shared = useSharedRedis();
let keyPrefix = '';
const world = useScaleOut(
  () => {
    keyPrefix = shared.prefix();
    return {
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      ...FAST_CHANGE_DETECTION,
    };
  },
  { replicaEnvironment: { B: { CHANGE_DETECTION: 'on' } } },
);

function abc(): [Replica, Replica, Replica] {
  const [a, b, c] = world.replicas;
  return [a!, b!, c!];
}

const keys = () => redisChangeKeys(keyPrefix);

function childKeyed(key: string): SeedChild {
  const child = world.family.children.find((candidate) => candidate.key === key);
  if (!child) throw new Error(`the demo family has no child "${key}"`);
  return child;
}

/** Enters a mark in `child`'s diary today (the simulators read the family on every request). */
function enterMark(child: SeedChild, value: string): SeedMark {
  return enterSeedMark(child, value, world.family.today);
}

/** Resolves once `condition` holds, asking every `intervalMs`; fails naming `what` after `timeoutMs`. */
async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits for the account's first poll, the baseline (nothing is told of what was there before): its snapshot. */
async function baselineOf(accountId: string): Promise<void> {
  await waitFor(
    `the first poll of ${accountId}`,
    async () => (await shared.redis.exists(keys().snapshot(accountId))) === 1,
    15_000,
  );
}

/**
 * Waits until `count` more polls of the account have ended: each moves its due time on the schedule
 * (to the next interval on success, a little later on failure), so the moves are the polls.
 */
async function pollsOfAccount(accountId: string, count: number): Promise<void> {
  let last = await shared.redis.zscore(keys().due, accountId);
  let moves = 0;
  await waitFor(
    `${count} more polls of ${accountId}`,
    async () => {
      const now = await shared.redis.zscore(keys().due, accountId);
      if (now !== last) moves += 1;
      last = now;
      return moves >= count;
    },
    (count + 2) * POLL_MS * 2,
  );
}

/** A counter of `replica`'s /metrics, summed over its labels (0 before anything was counted). */
async function counterOn(replica: Replica, name: string): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const lines = text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'));
  return [...lines].reduce((sum, line) => sum + Number(line[1]), 0);
}

const pollsOn = (replica: Replica) => counterOn(replica, 'diary_gateway_change_polls_total');
const detectedOn = (replica: Replica) => counterOn(replica, 'diary_gateway_changes_detected_total');

async function feedOn(replica: Replica, token: string, since: string | null) {
  return noErrors(await graphqlOn(replica, token, FEED, { since })).viewer.changes;
}

/** Follows `Subscription.changes` on `replica` after `since`, keeping every change delivered. */
function follow(replica: Replica, token: string, since: string) {
  const received: SeenChange[] = [];
  const failures: unknown[] = [];
  const client = createClient({
    url: `${replica.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  client.subscribe<{ changes: SeenChange }>(
    { query: `subscription($since: Cursor) { changes(since: $since) { ${CHANGE_FIELDS} } }`, variables: { since } },
    {
      next: ({ data, errors }) => (errors ? failures.push(errors) : received.push(data!.changes)),
      error: (error) => failures.push(error),
      complete: () => {},
    },
  );
  return { received, failures, dispose: () => client.dispose() };
}

describe('change detection on three replicas, one of them (B) detecting', () => {
  it('should tell a subscriber on A a mark detected on B exactly once, and show it once in C’s feed', async () => {
    const [a, b, c] = abc();
    const token = await signInOn(a, world.nextParent());
    const account = await linkOn(world, a, token, 'mesh-mosreg');
    await baselineOf(account.id);
    const before = await feedOn(c, token, null);
    expect(before.changes).toEqual([]);

    const subscriber = follow(a, token, before.cursor);
    try {
      enterMark(childKeyed('polina'), '5');
      await waitFor('the mark on A’s subscription', async () => subscriber.received.length > 0, 5 * POLL_MS);
      // A few more polls of the account, each of which sees the mark again: nothing more is told.
      await pollsOfAccount(account.id, 3);
      expect(subscriber.failures).toEqual([]);
      expect(subscriber.received.map((change) => [change.kind, change.grade?.value.raw])).toEqual([
        ['GRADE_ADDED', '5'],
      ]);
      const onC = await feedOn(c, token, before.cursor);
      expect(onC.changes.map((change) => change.id)).toEqual([subscriber.received[0]!.id]);
    } finally {
      await subscriber.dispose();
    }
    // Found by B alone, appended once: A and C do not poll.
    expect(await detectedOn(b)).toBe(1);
    for (const replica of [a, c]) expect(await pollsOn(replica), replica.name).toBe(0);
  }, 60_000);
});

describe('change detection when a detecting replica dies', () => {
  it('should go on detecting through C when B is killed', async () => {
    const [a, b, c] = abc();
    // C redeployed as a detecting replica: now B and C share the accounts.
    await c.stop();
    await c.start({ CHANGE_DETECTION: 'on' });
    const token = await signInOn(a, world.nextParent());
    const account = await linkOn(world, a, token, 'dnevnik-ru');
    await baselineOf(account.id);
    const { cursor } = await feedOn(a, token, null);

    await b.kill();
    const detectedBefore = await detectedOn(c);
    enterMark(childKeyed('sonya'), '4');
    // Found by C's polls: at once when B died between two polls of the account, else once the lease B left
    // behind runs out.
    await expect
      .poll(async () => (await feedOn(a, token, cursor)).changes.map((change) => change.kind), {
        timeout: LEASE_MS + 5 * POLL_MS,
        interval: 1_000,
      })
      .toEqual(['GRADE_ADDED']);
    await pollsOfAccount(account.id, 2);
    expect((await feedOn(a, token, cursor)).changes).toHaveLength(1);
    expect(await detectedOn(c)).toBe(detectedBefore + 1);
  }, 90_000);

  it('should leave an account a dead replica holds the lease of alone until the lease runs out, then detect once', async () => {
    const [a, , c] = abc();
    const token = await signInOn(a, world.nextParent());
    const account = await linkOn(world, a, token, 'mesh-moscow');
    await baselineOf(account.id);
    const { cursor } = await feedOn(a, token, null);

    // The lease as a replica that died in the middle of a poll leaves it: taken between two polls (NX, as a
    // replica claims it), with an owner no live replica has, running out by itself.
    const lease = keys().lease(account.id);
    await waitFor(
      'a moment between two polls to take the lease',
      async () => (await shared.redis.set(lease, 'a-dead-replica', 'PX', DEAD_LEASE_MS, 'NX')) === 'OK',
      5 * POLL_MS,
      20,
    );
    const pollsBefore = await pollsOn(c);
    enterMark(childKeyed('masha'), '3');

    // Just before the lease runs out: the account has been due for more than a tick, C has gone on polling
    // the other accounts, and nobody has polled this one.
    await waitFor('the lease to near its end', async () => (await shared.redis.pttl(lease)) <= 1_000, DEAD_LEASE_MS);
    expect(await shared.redis.get(lease)).toBe('a-dead-replica');
    expect(Number(await shared.redis.zscore(keys().due, account.id))).toBeLessThan(Date.now() - POLL_MS);
    expect(await pollsOn(c)).toBeGreaterThan(pollsBefore);
    expect((await feedOn(a, token, cursor)).changes).toEqual([]);

    // Once it has run out, C takes the account over.
    await expect
      .poll(async () => (await feedOn(a, token, cursor)).changes.map((change) => change.kind), {
        timeout: 5 * POLL_MS,
        interval: 500,
      })
      .toEqual(['GRADE_ADDED']);
    await pollsOfAccount(account.id, 2);
    expect((await feedOn(a, token, cursor)).changes).toHaveLength(1);
  }, 60_000);
});
