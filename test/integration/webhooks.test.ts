/**
 * Webhooks end to end (issue 16, "Delivery: Webhooks for integrators"): a real gateway over the demo's
 * simulators (real HTTP), marks entered in the diaries and found by the detector, delivered as signed POSTs
 * to receivers that are real HTTP servers in this process: one that fails (500s, then hangs past the
 * attempt's timeout) and recovers gets every change once, in order per student; a hanging receiver does not
 * hold up a healthy one; a trusted person's webhook gets only the child shared with them, and nothing once
 * the access is revoked; the delivery log shows every attempt; the secret is in no answer and no log line.
 *
 * Deliveries run when the test says (`gateway.deliverChanges()`, `DELIVERIES=off` in the background), on the
 * test's clock, so a back-off is waited out by moving the clock, never by sleeping.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedChild } from '../../adapters/simulation/seed.js';
import { createSession } from '../../src/auth/sessions.js';
import { verifyWebhookSignature } from '../../src/deliveries/webhook-signature.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { codeOf, noErrors, operation } from '../support/graphql.js';
import { listeningServer } from '../support/http-server.js';
import { enterMark } from '../support/seed-marks.js';

const GRADES_FRESH_MS = 2 * 60_000;
/** Longer than any back-off step the tests meet (`DELIVERY_RETRY_BASE_MS` 1 s, doubling). */
const PAST_BACKOFF_MS = 10 * 60_000;

/** One request a receiver got, and how it answered. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  change: { id: string; kind: string; studentId: string; grade?: { value: { raw: string } } };
  answered: number | 'hung';
}

/** How a receiver answers its next requests. */
type Behaviour = 'ok' | 'fail' | 'hang' | 'gone';

/** A receiver: a real HTTP server that records what it got and answers as told. */
async function receiver() {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let behaviour: Behaviour = 'ok';
  let onRequest: () => void = () => {};
  const { url } = await listeningServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: Received = {
        headers: request.headers,
        body,
        change: (JSON.parse(body) as { change: Received['change'] }).change,
        answered: behaviour === 'hang' ? 'hung' : behaviour === 'ok' ? 204 : behaviour === 'gone' ? 410 : 500,
      };
      received.push(entry);
      onRequest();
      if (entry.answered === 'hung') hanging.push(response);
      else response.writeHead(entry.answered).end(behaviour === 'fail' ? 'try later' : '');
    });
  });
  return {
    url: `${url}/hook`,
    received,
    set: (next: Behaviour) => void (behaviour = next),
    /** Resolves at the next request this receiver gets. */
    nextRequest: () => new Promise<void>((resolve) => (onRequest = resolve)),
    /** Cuts every request left hanging. */
    release: () => hanging.splice(0).forEach((response) => response.socket?.destroy()),
    /** The changes answered with 2xx, in the order they came. */
    delivered: () => received.filter((entry) => entry.answered === 204).map((entry) => entry.change),
  };
}

const CREATE = operation<{ createWebhook: { webhook: { id: string; status: string }; secret: string | null } }>(
  `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id status url } secret } }`,
);
const LOG = operation<{
  viewer: {
    webhooks: {
      id: string;
      status: string;
      failingSince: string | null;
      lastDeliveredAt: string | null;
      deliveries: {
        deliveries: {
          id: string;
          changeId: string;
          attempt: number;
          outcome: string;
          httpStatus: number | null;
          error: string | null;
        }[];
        hasMore: boolean;
      };
    }[];
  };
}>(`query($first: Int, $after: ID) { viewer { webhooks { id status failingSince lastDeliveredAt
      deliveries(first: $first, after: $after) { deliveries { id changeId attempt outcome httpStatus error durationMs attemptedAt } hasMore } } } }`);

let gateway: TestGateway;
let store: GatewayStore;
let time: ReturnType<typeof movingTime>;

function childOf(firstName: string): SeedChild {
  return gateway.gateway.demo!.family.children.find((child) => child.firstName === firstName)!;
}

/** Lets the cached copies age past their fresh window, then polls every account (as the schedule would). */
async function detect(): Promise<void> {
  time.advance(GRADES_FRESH_MS + 1000);
  await gateway.gateway.detectChanges();
}

async function register(url: string, token = gateway.gateway.demo!.token, secret?: string) {
  const response = await gateway.graphql(CREATE, { input: { url, ...(secret ? { secret } : {}) } }, token);
  return noErrors(response).createWebhook;
}

beforeAll(async () => {
  time = movingTime();
  store = createMemoryStore();
  gateway = await startTestGateway(
    { WEBHOOK_ALLOWED_URLS: 'any', WEBHOOK_TIMEOUT_MS: '500', DELIVERY_RETRY_BASE_MS: '1000' },
    time.now,
    { store },
  );
  await gateway.gateway.detectChanges();
}, 60_000);

describe('a webhook whose receiver fails, then recovers', () => {
  it('should get every change once, in order per student, each signed, and log every attempt', async () => {
    const hook = await receiver();
    const { webhook, secret } = await register(hook.url);
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(webhook.status).toBe('ACTIVE');

    const maria = childOf('Мария');
    const sonya = childOf('Софья');
    enterMark(maria, '3', gateway.gateway.demo!.family.today);
    enterMark(sonya, '5', gateway.gateway.demo!.family.today);
    await detect();
    enterMark(maria, '4', gateway.gateway.demo!.family.today);
    await detect();

    hook.set('fail');
    await gateway.gateway.deliverChanges();
    expect(hook.received.map((entry) => entry.answered)).toEqual([500]);
    // In its back-off: nothing is attempted until it ends.
    await gateway.gateway.deliverChanges();
    expect(hook.received).toHaveLength(1);

    time.advance(PAST_BACKOFF_MS);
    hook.set('hang');
    await gateway.gateway.deliverChanges();
    expect(hook.received.map((entry) => entry.answered)).toEqual([500, 'hung']);
    hook.release();

    time.advance(PAST_BACKOFF_MS);
    hook.set('ok');
    await gateway.gateway.deliverChanges();
    await gateway.gateway.deliverChanges();

    const delivered = hook.delivered();
    expect(new Set(delivered.map((change) => change.id)).size).toBe(delivered.length);
    expect(delivered.map((change) => change.grade?.value.raw).sort()).toEqual(['3', '4', '5']);
    const students = new Map<string, string[]>();
    for (const change of delivered)
      students.set(change.studentId, [...(students.get(change.studentId) ?? []), change.grade!.value.raw]);
    expect([...students.values()].sort()).toEqual([['3', '4'], ['5']]);
    // The failed attempts were at the first change, which came again first.
    expect(hook.received[0]!.change.id).toBe(delivered[0]!.id);
    expect(hook.received[1]!.change.id).toBe(delivered[0]!.id);

    for (const entry of hook.received) {
      expect(entry.headers['content-type']).toBe('application/json');
      expect(entry.headers['idempotency-key']).toBe(entry.change.id);
      expect(entry.headers['webhook-id']).toBe(entry.change.id);
      expect(entry.headers['webhook-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      const signature = entry.headers['webhook-signature'] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const t = Number(entry.headers['webhook-timestamp']);
      expect(signature.startsWith(`t=${t},`)).toBe(true);
      expect(verifyWebhookSignature(secret!, signature, entry.body, t)).toBe(true);
      expect(verifyWebhookSignature('whsec_another_secret_entirely', signature, entry.body, t)).toBe(false);
    }

    const log = noErrors(await gateway.graphql(LOG, { first: 10 })).viewer.webhooks.find((w) => w.id === webhook.id)!;
    expect(log.status).toBe('ACTIVE');
    expect(log.failingSince).toBeNull();
    expect(log.lastDeliveredAt).not.toBeNull();
    const attempts = [...log.deliveries.deliveries].reverse();
    expect(attempts.map((a) => [a.changeId, a.attempt, a.outcome, a.httpStatus, a.error])).toEqual([
      [delivered[0]!.id, 1, 'FAILED', 500, 'http_500'],
      [delivered[0]!.id, 2, 'FAILED', null, 'timeout'],
      [delivered[0]!.id, 3, 'DELIVERED', 204, null],
      [delivered[1]!.id, 1, 'DELIVERED', 204, null],
      [delivered[2]!.id, 1, 'DELIVERED', 204, null],
    ]);
    // Pages: newest first, after an attempt's id.
    const firstPage = noErrors(await gateway.graphql(LOG, { first: 2 })).viewer.webhooks.find(
      (w) => w.id === webhook.id,
    )!;
    expect(firstPage.deliveries.hasMore).toBe(true);
    const after = firstPage.deliveries.deliveries[1]!.id;
    const next = noErrors(await gateway.graphql(LOG, { first: 2, after })).viewer.webhooks.find(
      (w) => w.id === webhook.id,
    )!;
    expect(next.deliveries.deliveries.map((a) => a.id)).toEqual(log.deliveries.deliveries.slice(2, 4).map((a) => a.id));

    // The secret is in no answer but the one that made it, and in no log line.
    expect(JSON.stringify(log)).not.toContain(secret);
    expect(gateway.logs()).not.toContain(secret!);
    expect(gateway.logs()).not.toContain(hook.received[0]!.headers['webhook-signature']);
    await gateway.graphql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: webhook.id });
  }, 60_000);
});

describe('a hanging receiver', () => {
  it('should not hold up a healthy one', async () => {
    // A gateway of its own whose attempts wait long: were the engine serial, the healthy receiver would wait
    // for the hanging one's whole timeout, and the test its own.
    const patient = await startTestGateway({ WEBHOOK_ALLOWED_URLS: 'any', WEBHOOK_TIMEOUT_MS: '60000' }, time.now);
    await patient.gateway.detectChanges();
    const slow = await receiver();
    const healthy = await receiver();
    slow.set('hang');
    // The hanging one first: a serial engine would reach the healthy one only after it.
    for (const hook of [slow, healthy])
      noErrors(await patient.graphql(CREATE, { input: { url: hook.url } }, patient.gateway.demo!.token));
    const family = patient.gateway.demo!.family;
    enterMark(
      family.children.find((child) => child.firstName === 'Мария')!,
      '2',
      family.today,
    );
    time.advance(GRADES_FRESH_MS + 1000);
    await patient.gateway.detectChanges();
    const slowGot = slow.nextRequest();
    const healthyGot = healthy.nextRequest();
    const running = patient.gateway.deliverChanges();
    await Promise.all([slowGot, healthyGot]);
    expect(slow.received.map((entry) => entry.answered)).toEqual(['hung']);
    expect(healthy.delivered()).toHaveLength(1);
    slow.release();
    await running;
  }, 30_000);
});

describe('a trusted person’s webhook', () => {
  it('should get only the child shared with them, and nothing once the access is revoked', async () => {
    const grandma = 'usr_grandma_hooks';
    await store.putUser({
      id: grandma,
      displayName: 'Галина Петровна Иванова',
      login: null,
      person: { lastName: 'Иванова', firstName: 'Галина', middleName: 'Петровна', birthDate: null, snilsHash: null },
      phoneHash: null,
      children: [],
    });
    const token = await createSession(store, grandma, { ttlMs: null, now: time.now().getTime() });
    const students = noErrors(
      await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
        '{ viewer { students { id firstName } } }',
      ),
    ).viewer.students;
    const mashaId = students.find((student) => student.firstName === 'Мария')!.id;
    const invited = noErrors(
      await gateway.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
        `mutation($input: InviteTrustedPersonInput!) { inviteTrustedPerson(input: $input) { code grant { id } } }`,
        { input: { studentId: mashaId, fullName: 'Иванова Галина Петровна' } },
      ),
    ).inviteTrustedPerson;
    noErrors(
      await gateway.graphql(
        `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
        { code: invited.code },
        token,
      ),
    );

    const hook = await receiver();
    await register(hook.url, token);
    enterMark(childOf('Мария'), '5', gateway.gateway.demo!.family.today);
    enterMark(childOf('Софья'), '4', gateway.gateway.demo!.family.today);
    await detect();
    await gateway.gateway.deliverChanges();
    expect(hook.delivered().map((change) => [change.studentId, change.grade?.value.raw])).toEqual([[mashaId, '5']]);

    noErrors(
      await gateway.graphql(`mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, {
        id: invited.grant.id,
      }),
    );
    enterMark(childOf('Мария'), '3', gateway.gateway.demo!.family.today);
    await detect();
    await gateway.gateway.deliverChanges();
    expect(hook.received).toHaveLength(1);
  }, 60_000);
});

describe('registering', () => {
  it('should refuse a private address under the default policy, and another viewer’s webhook', async () => {
    const strict = await startTestGateway({});
    const refused = await strict.graphql(CREATE, { input: { url: 'https://169.254.169.254/latest' } });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.extensions?.argument).toBe('url');
    const plain = await strict.graphql(CREATE, { input: { url: 'http://hooks.example.com/x' } });
    expect(codeOf(plain)).toBe('BAD_USER_INPUT');
    const made = noErrors(
      await strict.graphql(CREATE, { input: { url: 'https://hooks.example.com/x', secret: 'integrator-secret-0123' } }),
    ).createWebhook;
    expect(made.secret).toBeNull();
    expect(JSON.stringify(noErrors(await strict.graphql(LOG)))).not.toContain('integrator-secret-0123');
    for (let n = 1; n < 10; n += 1)
      noErrors(await strict.graphql(CREATE, { input: { url: `https://hooks.example.com/${n}` } }));
    const eleventh = await strict.graphql(CREATE, { input: { url: 'https://hooks.example.com/11' } });
    expect(codeOf(eleventh)).toBe('BAD_USER_INPUT');
    expect(eleventh.body.errors?.[0]?.extensions).toMatchObject({ limit: 'webhooks', maximum: 10 });
  });
});
