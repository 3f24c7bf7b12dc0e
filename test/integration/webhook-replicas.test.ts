/**
 * Webhook deliveries across replicas (issue 16): three gateway processes (scale-out.ts) on the shared Redis,
 * B detecting, B and C delivering (`DELIVERIES=on`), A only serving. A webhook registered on A is delivered
 * each change exactly once, by whichever of B and C holds the webhook's lease, while both are woken by every
 * notice and sweep; A delivers nothing.
 */
import { describe, expect, it } from 'vitest';
import type { SeedChild } from '../../adapters/simulation/seed.js';
import { redisChangeKeys } from '../../src/changes/redis-change-keys.js';
import { noErrors } from '../support/graphql.js';
import { listeningServer } from '../support/http-server.js';
import { SHARED_REDIS_URL, useSharedRedis } from '../support/redis.js';
import type { Replica } from '../support/replicas.js';
import { linkOn } from '../support/scale-out-family.js';
import { graphqlOn, signInOn, useScaleOut } from '../support/scale-out.js';
import { enterMark, FAST_CHANGE_DETECTION } from '../support/seed-marks.js';

const POLL_MS = 2_000;

const shared = useSharedRedis();
let keyPrefix = '';
const world = useScaleOut(
  () => {
    keyPrefix = shared.prefix();
    return {
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      ...FAST_CHANGE_DETECTION,
      WEBHOOK_ALLOWED_URLS: 'any',
    };
  },
  { replicaEnvironment: { B: { CHANGE_DETECTION: 'on', DELIVERIES: 'on' }, C: { DELIVERIES: 'on' } } },
);

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A counter of `replica`'s /metrics with `labels` in its label set, summed (0 before anything was counted). */
async function counterOn(replica: Replica, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  const lines = text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\d+)$`, 'gm'));
  return [...lines].filter((line) => line[1]!.includes(labels)).reduce((sum, line) => sum + Number(line[2]), 0);
}

function child(key: string): SeedChild {
  return world.family.children.find((candidate) => candidate.key === key)!;
}

describe('webhook deliveries on three replicas, B and C delivering', () => {
  it('should deliver each change exactly once, by one replica at a time', async () => {
    const [a, b, c] = world.replicas as [Replica, Replica, Replica];
    const received: string[] = [];
    const { url } = await listeningServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { change: { id: string } }).change.id);
        response.writeHead(204).end();
      });
    });
    const token = await signInOn(a, world.nextParent());
    const account = await linkOn(world, a, token, 'mesh-mosreg');
    await waitFor(
      'the first poll',
      async () => (await shared.redis.exists(redisChangeKeys(keyPrefix).snapshot(account.id))) === 1,
      15_000,
    );
    noErrors(
      await graphqlOn(a, token, `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`, {
        input: { url: `${url}/hook` },
      }),
    );

    enterMark(child('polina'), '5', world.family.today);
    await waitFor('the first delivery', () => received.length >= 1, 10 * POLL_MS);
    enterMark(child('polina'), '4', world.family.today);
    enterMark(child('polina'), '3', world.family.today);
    await waitFor('three deliveries', () => received.length >= 3, 10 * POLL_MS);
    // Every notice above woke both B and C at once. Three more polls of the account (each moves its due
    // time) later, nothing was delivered again.
    const due = () => shared.redis.zscore(redisChangeKeys(keyPrefix).due, account.id);
    let last = await due();
    let polls = 0;
    await waitFor(
      'three more polls',
      async () => {
        const now = await due();
        if (now !== last) polls += 1;
        last = now;
        return polls >= 3;
      },
      12 * POLL_MS,
    );

    expect(received).toHaveLength(3);
    expect(new Set(received).size).toBe(3);
    const delivered = await Promise.all(
      [a, b, c].map((replica) => counterOn(replica, 'diary_gateway_deliveries_total', 'outcome="delivered"')),
    );
    expect(delivered[0]).toBe(0);
    expect(delivered[1]! + delivered[2]!).toBe(3);
  }, 90_000);
});
