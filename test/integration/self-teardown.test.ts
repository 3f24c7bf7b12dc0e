/**
 * Test support lets go of what a test started without the suite asking (issue 12): a gateway, a server,
 * an issuer, a Redis server or client, a temporary folder. Started in a test, each is gone when the next
 * test begins; started in `beforeAll`, it serves every test of the file. The shared Redis' keys and
 * connection go at the end of the file: checked by running the file's teardowns by hand in the last test.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { listeningServer } from '../support/http-server.js';
import { startTestIssuer } from '../support/oidc-issuer.js';
import { connectSharedRedis, keysUnder, redisClient, startRedisServer, useSharedRedis } from '../support/redis.js';
import { tearDownFileResources } from '../support/teardown.js';
import { tempDir } from '../support/temp-dir.js';

const shared = useSharedRedis();

/** Whether anything answers HTTP at `url` (a refused connection is `false`). */
async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    async (response) => {
      await response.body?.cancel();
      return true;
    },
    () => false,
  );
}

let kept: TestGateway;
beforeAll(async () => {
  kept = await startTestGateway();
});

describe('started in a test', () => {
  const left: { gateway?: string; server?: string; issuer?: string; folder?: string; redis?: string } = {};
  let client: ReturnType<typeof redisClient> | undefined;

  it('should be up while the test runs', async () => {
    left.gateway = (await startTestGateway()).url;
    left.server = (await listeningServer((_req, res) => res.end('ok'))).url;
    left.issuer = (await startTestIssuer()).issuerUrl;
    left.folder = await tempDir('dg-self-teardown-');
    await writeFile(join(left.folder, 'note.txt'), 'kept only while the test runs');
    const redis = await startRedisServer();
    left.redis = redis.url;
    client = redisClient(redis.url);
    expect(await client.ping()).toBe('PONG');
    for (const url of [`${left.gateway}/healthz`, left.server, `${left.issuer}/.well-known/openid-configuration`])
      expect(await answers(url)).toBe(true);
  });

  it('should be gone when the next test begins', async () => {
    expect(await answers(`${left.gateway!}/healthz`)).toBe(false);
    expect(await answers(left.server!)).toBe(false);
    expect(await answers(`${left.issuer!}/.well-known/openid-configuration`)).toBe(false);
    expect(existsSync(left.folder!)).toBe(false);
    expect(client!.status).toBe('end');
    const probe = redisClient(left.redis!, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {}); // refused: the private redis-server was stopped
    await expect(probe.connect()).rejects.toThrow();
  });
});

describe('started in beforeAll', () => {
  it('should serve the first test', async () => {
    expect(await answers(`${kept.url}/healthz`)).toBe(true);
  });

  it('should serve the next test too', async () => {
    expect(await answers(`${kept.url}/healthz`)).toBe(true);
  });
});

describe('the shared Redis', () => {
  const prefix = shared.prefix();

  it('should keep a key written under a prefix handed out', async () => {
    await shared.redis.set(`${prefix}note`, 'x');
    expect(await keysUnder(shared.redis, prefix)).toEqual([`${prefix}note`]);
  });

  it('should lose every key under it, and its connection, at the end of the file (run here by hand)', async () => {
    const connection = shared.redis;
    await tearDownFileResources();
    expect(await answers(`${kept.url}/healthz`)).toBe(false);
    await expect.poll(() => connection.status).toBe('end');
    const other = await connectSharedRedis();
    try {
      expect(await keysUnder(other, prefix)).toEqual([]);
    } finally {
      other.disconnect();
    }
  });
});
