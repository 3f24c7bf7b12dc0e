/**
 * The webhook transport over real HTTP (loopback servers): what a receiver's answer means, and the address
 * check made on the address actually connected to, so a name that resolves to a private address at
 * delivery time (DNS rebinding) reaches nothing.
 */
import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import type { ListedChange } from '../../../src/domain/changes.js';
import { checkedLookup, type ResolveAll } from '../../../src/deliveries/outbound.js';
import { createWebhookTransport, outcomeOf } from '../../../src/deliveries/webhook-transport.js';
import { grade } from '../../support/change-fixtures.js';
import { listeningServer } from '../../support/http-server.js';
import { registerTeardown } from '../../support/teardown.js';

const CHANGE: ListedChange = {
  id: 'chg_AAAAAAAAAAAAAAAAAAAAAA',
  type: 'grade',
  kind: 'GRADE_ADDED',
  childId: 'stu_child',
  provider: 'MESH',
  detectedAt: '2026-11-18T10:15:00+03:00',
  grade: grade(),
  previous: null,
  position: '1-0',
  studentId: 'stu_viewer',
  cursor: 'c1.x~1-0',
};

/** Resolves every name to `addresses`. */
const resolvingTo =
  (...addresses: string[]): ResolveAll =>
  (_hostname, callback) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

function lookupOf(
  resolve: ResolveAll,
  all: boolean,
): Promise<{ error: NodeJS.ErrnoException | null; result: unknown }> {
  return new Promise((done) =>
    checkedLookup(resolve, 'public')('hooks.example', { all }, (error, address) => done({ error, result: address })),
  );
}

describe('the checked lookup', () => {
  it('should refuse a name when any of its addresses is not public', async () => {
    for (const resolve of [resolvingTo('127.0.0.1'), resolvingTo('93.184.215.14', '10.0.0.1'), resolvingTo()]) {
      const { error } = await lookupOf(resolve, false);
      expect(error).toMatchObject({ code: 'WEBHOOK_ADDRESS_REFUSED' });
    }
  });

  it('should hand back exactly the public addresses it checked', async () => {
    expect((await lookupOf(resolvingTo('93.184.215.14'), false)).result).toBe('93.184.215.14');
    expect((await lookupOf(resolvingTo('93.184.215.14', '2606:4700::1111'), true)).result).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ] satisfies LookupAddress[]);
  });
});

describe('the webhook transport', () => {
  async function receiverAnswering(status: number, headers: Record<string, string> = {}) {
    const requests: { host: string | undefined; body: string }[] = [];
    let connections = 0;
    const { server, url } = await listeningServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({ host: request.headers.host, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(status, headers).end('x'.repeat(100_000));
      });
    });
    server.on('connection', () => (connections += 1));
    return { port: new URL(url).port, requests, connections: () => connections };
  }

  function transport(policy: 'public' | 'any', resolve: ResolveAll) {
    const made = createWebhookTransport({ policy, now: () => 1_700_000_000_000, resolve });
    registerTeardown(() => made.close());
    return made;
  }

  const target = (url: string) => ({
    id: 'whk_1',
    ownerUserId: 'u1',
    enabled: true,
    url,
    secret: 'whsec_0123456789abcdef',
  });

  it('should connect to the address its lookup checked, with the URL’s host as Host', async () => {
    const receiver = await receiverAnswering(204);
    const outcome = await transport('any', resolvingTo('127.0.0.1')).deliver(
      target(`http://hook.test:${receiver.port}/in`),
      [CHANGE],
      new AbortController().signal,
    );
    expect(outcome).toEqual({ kind: 'delivered', status: 204 });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]!.host).toBe(`hook.test:${receiver.port}`);
    expect(JSON.parse(receiver.requests[0]!.body).change.id).toBe(CHANGE.id);
  });

  it('should refuse a name that resolves to loopback at delivery time, connecting nowhere (DNS rebinding)', async () => {
    const receiver = await receiverAnswering(204);
    const outcome = await transport('public', resolvingTo('127.0.0.1')).deliver(
      target(`https://rebind.example:${receiver.port}/in`),
      [CHANGE],
      new AbortController().signal,
    );
    expect(outcome).toEqual({ kind: 'retry', reason: 'address_refused' });
    expect(receiver.connections()).toBe(0);
  });

  it('should refuse an address literal the policy forbids without connecting', async () => {
    const receiver = await receiverAnswering(204);
    const outcome = await transport('public', resolvingTo('127.0.0.1')).deliver(
      target(`https://[::ffff:127.0.0.1]:${receiver.port}/in`),
      [CHANGE],
      new AbortController().signal,
    );
    expect(outcome).toEqual({ kind: 'retry', reason: 'address_refused' });
    expect(receiver.connections()).toBe(0);
  });

  it('should take a 3xx as a failure, never following it', async () => {
    const elsewhere = await receiverAnswering(204);
    const redirecting = await receiverAnswering(307, { location: `http://127.0.0.1:${elsewhere.port}/` });
    const outcome = await transport('any', resolvingTo('127.0.0.1')).deliver(
      target(`http://127.0.0.1:${redirecting.port}/in`),
      [CHANGE],
      new AbortController().signal,
    );
    expect(outcome).toEqual({ kind: 'retry', reason: 'http_307', status: 307 });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('should read what each status means', () => {
    expect(outcomeOf(200)).toEqual({ kind: 'delivered', status: 200 });
    expect(outcomeOf(299)).toEqual({ kind: 'delivered', status: 299 });
    expect(outcomeOf(410)).toEqual({ kind: 'gone', reason: 'http_410', status: 410 });
    expect(outcomeOf(500)).toEqual({ kind: 'retry', reason: 'http_500', status: 500 });
    expect(outcomeOf(404)).toEqual({ kind: 'retry', reason: 'http_404', status: 404 });
    expect(outcomeOf(429, '120')).toEqual({ kind: 'retry', reason: 'http_429', status: 429, afterMs: 120_000 });
    expect(outcomeOf(503, '99999')).toEqual({ kind: 'retry', reason: 'http_503', status: 503, afterMs: 3_600_000 });
    expect(outcomeOf(503, 'Wed, 21 Oct 2026 07:28:00 GMT')).toEqual({ kind: 'retry', reason: 'http_503', status: 503 });
  });
});
