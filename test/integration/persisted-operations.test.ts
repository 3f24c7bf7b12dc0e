/**
 * Persisted operations (docs/persisted-operations.md): the manifest the client's codegen emits, the three
 * `PERSISTED_OPERATIONS` modes, and automatic persisted queries (APQ) in process and shared over Redis.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as generated from '../../client/src/generated/graphql.js';
import { operationSource } from '../../client/src/index.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { MAX_STORED_QUERY_CHARS } from '../../src/server/persisted-query-store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { metricValue } from '../support/metrics.js';
import { keysUnder } from '../support/redis.js';
import { REDIS_TOPOLOGIES, useRedisTopology } from '../support/redis-topologies.js';
import { tempDir } from '../support/temp-dir.js';

const MANIFEST_FILE = 'client/src/generated/persisted-documents.json';
const OPERATIONS_DIR = 'client/src/operations';
const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The registered `Tenants` operation (needs no session): its id and the text the client sends. */
const TENANTS = operationSource(generated.TenantsDocument);
const TENANTS_HASH = TENANTS.documentId!.slice('sha256:'.length);
/** An operation no manifest holds. */
const AD_HOC = '{ tenants { id name } }';

/** Posts `body` as JSON to the gateway's `/graphql`, with the demo parent's token. */
async function post(
  gateway: TestGateway,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${gateway.gateway.demo!.token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
const withText = (query: string) => ({ query, ...byHash(sha256(query)) });

/** The first error message of an answer. */
const answerMessage = (answer: { body: any }): string => answer.body.errors?.[0]?.message ?? '';

/** The first error code of an answer, or `null`. */
const codeOf = (answer: { body: any }): string | null => answer.body.errors?.[0]?.extensions?.code ?? null;

describe('the manifest the client codegen emits', () => {
  it('should key each operation by the SHA-256 of exactly the text the client sends for it', () => {
    const documents = Object.entries(generated).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBeGreaterThan(10);
    const sentIds = new Set<string>();
    for (const [name, document] of documents) {
      const source = operationSource(document);
      expect(source.documentId, name).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(manifest[source.documentId!], name).toBe(source.text);
      expect(`sha256:${sha256(source.text)}`, name).toBe(source.documentId);
      sentIds.add(source.documentId!);
    }
    expect(new Set(Object.keys(manifest))).toEqual(sentIds);
  });

  it('should register every operation written in client/src/operations, and nothing else', () => {
    const written = readdirSync(OPERATIONS_DIR)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(readFileSync(join(OPERATIONS_DIR, file), 'utf8')).definitions)
      .flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [definition.name!.value] : []));
    const registered = Object.values(manifest).flatMap((text) =>
      parse(text).definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? [definition.name!.value] : [],
      ),
    );
    expect(registered.sort()).toEqual(written.sort());
    expect(written).toContain('Dashboard');
  });

  it('should stop the start when an entry is not its hash’s text, naming the file and the entry', async () => {
    const file = join(await tempDir('dg-manifest-'), 'persisted-documents.json');
    const [[key, text]] = Object.entries(manifest) as [[string, string]];
    await writeFile(file, JSON.stringify({ [key]: text.replace('{', '{ __typename ') }));
    const starting = startTestGateway({ PERSISTED_OPERATIONS: 'allow', PERSISTED_OPERATIONS_FILE: file });
    await expect(starting).rejects.toThrow(`PERSISTED_OPERATIONS_FILE ${file}: ${key} is not the SHA-256 of its text`);
  });

  it('should stop the start without a manifest unless the mode is off, which never reads it', async () => {
    const missing = join(await tempDir('dg-manifest-'), 'missing.json');
    await expect(
      startTestGateway({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: missing }),
    ).rejects.toThrow(`PERSISTED_OPERATIONS_FILE ${missing}: cannot be read (ENOENT)`);
    const off = await startTestGateway({ PERSISTED_OPERATIONS_FILE: missing });
    expect((await post(off, { query: AD_HOC })).status).toBe(200);
  });

  it('should refuse a mode it does not know', () => {
    expect(() => loadConfig({ PERSISTED_OPERATIONS: 'strict' })).toThrow(ConfigError);
    expect(loadConfig({}).persistedOperations).toEqual({ mode: 'off', manifestFile: MANIFEST_FILE });
  });
});

describe('PERSISTED_OPERATIONS=only', () => {
  it('should refuse anything unregistered before parsing it, with HTTP 400 and PERSISTED_QUERY_NOT_ALLOWED', async () => {
    const gateway = await startTestGateway({ PERSISTED_OPERATIONS: 'only' });
    for (const body of [
      { query: AD_HOC },
      { query: 'this is { not GraphQL' },
      { query: '{ __schema { types { name } } }' },
      byHash(sha256(AD_HOC)),
      { documentId: `sha256:${sha256(AD_HOC)}` },
      withText(AD_HOC),
      {},
    ]) {
      const answer = await post(gateway, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(codeOf(answer), JSON.stringify(body)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(answer.body.data).toBeUndefined();
    }
    // The APQ registration attempt above registered nothing; a family's browser is told in Russian.
    const inRussian = await post(gateway, byHash(sha256(AD_HOC)), { 'accept-language': 'ru-RU,ru;q=0.9' });
    expect(codeOf(inRussian)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(inRussian.body.errors[0].message).toMatch(/^Этот шлюз выполняет только зарегистрированные операции/);
    expect(answerMessage(await post(gateway, { query: AD_HOC }))).toMatch(
      /^This gateway runs registered operations only/,
    );
    expect(
      await metricValue(gateway.gateway.metrics, 'diary_gateway_graphql_errors_total', {
        code: 'PERSISTED_QUERY_NOT_ALLOWED',
      }),
    ).toBe(9);
  });

  it('should run a registered operation by its hash, its documentId or its exact text', async () => {
    const gateway = await startTestGateway({ PERSISTED_OPERATIONS: 'only' });
    for (const body of [byHash(TENANTS_HASH), { documentId: TENANTS.documentId }, { query: TENANTS.text }]) {
      const answer = await post(gateway, { ...body, operationName: 'Tenants' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.tenants.map((tenant: { id: string }) => tenant.id)).toContain('mesh-moscow');
    }
  });

  it('should refuse a registered operation’s text sent with another hash', async () => {
    const gateway = await startTestGateway({ PERSISTED_OPERATIONS: 'only' });
    const answer = await post(gateway, { query: TENANTS.text, ...byHash(sha256(AD_HOC)) });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'BAD_REQUEST']);
  });
});

describe('PERSISTED_OPERATIONS=allow', () => {
  it('should run a registered operation by hash alone without anyone registering it, and ad-hoc queries too', async () => {
    const gateway = await startTestGateway({ PERSISTED_OPERATIONS: 'allow' });
    for (const body of [byHash(TENANTS_HASH), { documentId: TENANTS.documentId }, { query: AD_HOC }]) {
      const answer = await post(gateway, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.data.tenants.length).toBeGreaterThan(0);
    }
  });
});

describe('PERSISTED_OPERATIONS=off (the default)', () => {
  it('should not read the manifest: a registered hash is unknown until a client registers it', async () => {
    const gateway = await startTestGateway();
    expect(codeOf(await post(gateway, byHash(TENANTS_HASH)))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(await post(gateway, { documentId: TENANTS.documentId }))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('automatic persisted queries', () => {
  it('should round-trip: hash alone unknown, then hash and text run and register it, then hash alone runs', async () => {
    const gateway = await startTestGateway();
    const query = 'query Probe { viewer { id displayName } }';
    expect(codeOf(await post(gateway, byHash(sha256(query))))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(gateway, withText(query));
    expect(registered.body.errors).toBeUndefined();
    const again = await post(gateway, byHash(sha256(query)));
    expect(again.body).toEqual(registered.body);
    expect(codeOf(await post(gateway, { query, ...byHash(sha256(AD_HOC)) }))).toBe('BAD_REQUEST');
  });

  it('should not keep a text with a secret written inline, nor a text over the size bound', async () => {
    const gateway = await startTestGateway();
    const inline = 'mutation { acceptTrustedPersonInvitation(code: "0000-0000") { grantId } }';
    const variable = 'mutation Accept($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }';
    const large = `{ tenants { id } }\n# ${'x'.repeat(MAX_STORED_QUERY_CHARS)}`;
    await post(gateway, withText(inline));
    await post(gateway, { ...withText(variable), variables: { code: '0000-0000' } });
    await post(gateway, withText(large));
    expect(codeOf(await post(gateway, byHash(sha256(inline))))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(await post(gateway, byHash(sha256(large))))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(await post(gateway, { ...byHash(sha256(variable)), variables: { code: '0000-0000' } }))).not.toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });

  describe.each(REDIS_TOPOLOGIES)('over %s Redis', (kind) => {
    const shared = useRedisTopology(kind);

    it('should let a second gateway run by hash what a client registered with the first', async () => {
      const keyPrefix = shared.prefix();
      const environment = { ...shared.environment, REDIS_KEY_PREFIX: keyPrefix };
      const first = await startTestGateway(environment);
      const second = await startTestGateway(environment);
      const query = 'query Shared { tenants { id provider } }';
      expect(codeOf(await post(second, byHash(sha256(query))))).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await post(first, withText(query));
      expect(registered.body.errors).toBeUndefined();
      await expect
        .poll(() => keysUnder(shared.redis, `${keyPrefix}apq:`))
        .toEqual([`${keyPrefix}apq:${sha256(query)}`]);
      expect(await shared.redis.get(`${keyPrefix}apq:${sha256(query)}`)).toBe(query);
      const ttl = await shared.redis.ttl(`${keyPrefix}apq:${sha256(query)}`);
      expect(ttl).toBeGreaterThan(24 * 3600 - 60);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
      expect((await post(second, byHash(sha256(query)))).body).toEqual(registered.body);
    });

    it('should write nothing to Redis under only, where clients cannot register', async () => {
      const keyPrefix = shared.prefix();
      const gateway = await startTestGateway({
        ...shared.environment,
        REDIS_KEY_PREFIX: keyPrefix,
        PERSISTED_OPERATIONS: 'only',
      });
      expect((await post(gateway, { query: TENANTS.text, ...byHash(TENANTS_HASH) })).status).toBe(200);
      expect(codeOf(await post(gateway, withText(AD_HOC)))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(await keysUnder(shared.redis, `${keyPrefix}apq:`)).toEqual([]);
    });
  });
});
