/**
 * Issue 10, finding 11: the gateway while its Redis store is down. A real gateway (demo family, real
 * simulators) on a private redis-server that the test stops and starts again:
 * - a family whose session this process verified before the stop still gets its dashboard (the store's
 *   recent reads from memory, the diary data from the upstream cache's in-process tier);
 * - anything that needs the store answers 503 `SERVICE_UNAVAILABLE` with `Retry-After`, from GraphQL and
 *   from `/auth/*`, never 500; a GraphQL answer that still has data keeps its 200;
 * - once Redis is back, the store answers again and memory is no longer used.
 */
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, operation } from '../support/graphql.js';
import { startRedisServer, type PrivateRedis } from '../support/redis.js';

const DASHBOARD = operation<{ viewer: { students: { id: string }[] } }>(/* GraphQL */ `
  {
    viewer {
      id
      displayName
      providerAccounts {
        id
        provider
      }
      students {
        id
        fullName
        grades(from: "2026-11-16", to: "2026-11-22") {
          id
          date
          value {
            raw
          }
          subject {
            name
          }
        }
        homework(from: "2026-11-23", to: "2026-11-29") {
          id
          text
        }
      }
    }
  }
`);
const INVITE = operation<{ inviteTrustedPerson: { code: string } }>(/* GraphQL */ `
  mutation ($studentId: ID!) {
    inviteTrustedPerson(input: { studentId: $studentId, fullName: "Иванова Галина Петровна" }) {
      code
    }
  }
`);

let redis: PrivateRedis;
let gateway: TestGateway;

beforeAll(async () => {
  redis = await startRedisServer();
  gateway = await startTestGateway({ STORE: 'redis', REDIS_URL: redis.url });
});

/**
 * Every key with its value and expiry. A production Redis keeps its data across a restart
 * (`appendonly yes`, docs/storage.md); the private test server persists nothing, so the test carries
 * the data across the restart itself.
 */
async function snapshot(url: string): Promise<{ key: string; ttl: number; value: Buffer }[]> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    const entries = [];
    for (const key of keys) {
      const value = await client.dumpBuffer(key);
      const ttl = await client.pttl(key);
      if (value) entries.push({ key, ttl: ttl > 0 ? ttl : 0, value });
    }
    return entries;
  } finally {
    client.disconnect();
  }
}

async function restore(url: string, entries: { key: string; ttl: number; value: Buffer }[]): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    for (const { key, ttl, value } of entries) await client.restore(key, ttl, value, 'REPLACE');
  } finally {
    client.disconnect();
  }
}

async function post(path: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${gateway.url}${path}`, { method: 'POST', headers });
}

describe('while the Redis store is down', () => {
  it('should serve verified families from memory, answer 503 SERVICE_UNAVAILABLE for the rest, and recover', async () => {
    // ── Before: a dashboard read with the demo session (verified and read by this process).
    const before = await gateway.graphql(DASHBOARD);
    expect(before.status).toBe(200);
    expect(before.body.errors).toBeUndefined();
    expect(dataOf(before).viewer.students.length).toBeGreaterThan(0);
    const studentId = dataOf(before).viewer.students[0]!.id;
    const kept = await snapshot(redis.url);

    await redis.stop();

    // ── The same family: the same dashboard, from memory.
    const during = await gateway.graphql(DASHBOARD);
    expect(during.status).toBe(200);
    expect(during.body.errors).toBeUndefined();
    expect(during.body.data).toEqual(before.body.data);
    expect(gateway.logs()).toContain('the store is unavailable');

    // ── A token this process never verified: 503 with Retry-After, never a 500, never UNAUTHENTICATED.
    const stranger = await gateway.graphql(DASHBOARD, {}, 'a-token-nobody-has-seen');
    expect(stranger.status).toBe(503);
    expect(stranger.body.errors?.[0]).toEqual({
      message: "The gateway's storage is briefly unavailable, so this could not be done now. Try again in 5 s.",
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 },
    });
    const strangerRaw = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer another-unseen-token' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(strangerRaw.status).toBe(503);
    expect(strangerRaw.headers.get('retry-after')).toBe('5');

    // ── Writes fail: nothing is buffered to be written later. No data at all: 503 with Retry-After.
    const invite = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.gateway.demo!.token}` },
      body: JSON.stringify({ query: INVITE, variables: { studentId } }),
    });
    expect(invite.status).toBe(503);
    expect(invite.headers.get('retry-after')).toBe('5');
    const inviteBody = (await invite.json()) as { data: unknown; errors: { extensions: { code: string } }[] };
    expect(inviteBody.data).toBeNull();
    expect(inviteBody.errors.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

    // ── A read nobody made before the outage (the parent's own invitations): no data, so 503. (An answer
    // that keeps some data keeps its 200: test/unit/server/unavailable-status.test.ts.)
    const none = await gateway.graphql('{ viewer { trustedPersons { id } } }');
    expect(none.status).toBe(503);
    expect(none.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    // ── /auth/*: the same code, as JSON or a page, with Retry-After.
    const logout = await post('/auth/logout', {
      authorization: 'Bearer a-token-nobody-has-seen',
      accept: 'application/json',
    });
    expect(logout.status).toBe(503);
    expect(logout.headers.get('retry-after')).toBe('5');
    expect(((await logout.json()) as { error: unknown }).error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    const probe = await fetch(`${gateway.url}/auth/session`, {
      headers: { cookie: 'dg_session=a-cookie-nobody-has-seen' },
    });
    expect(probe.status).toBe(503);
    expect(probe.headers.get('retry-after')).toBe('5');
    expect(gateway.logs()).not.toContain('"level":50'); // nothing was an unexpected (500) error

    // ── Back: Redis restarts with its data; the gateway reconnects by itself.
    await redis.start();
    await restore(redis.url, kept);
    await vi.waitFor(
      async () => {
        const again = await gateway.graphql('{ viewer { id } }', {}, 'a-token-nobody-has-seen');
        expect(again.status).toBe(200);
        expect(again.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(gateway.logs()).toContain('the store answers again');
    const after = await gateway.graphql(DASHBOARD);
    expect(after.status).toBe(200);
    expect(after.body.data).toEqual(before.body.data);
    const invited = await gateway.graphql(INVITE, { studentId });
    expect(invited.body.errors).toBeUndefined();
    expect(dataOf(invited).inviteTrustedPerson.code).toEqual(expect.any(String));
  });
});
