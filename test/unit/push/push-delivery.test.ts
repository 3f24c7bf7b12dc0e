import { randomBytes } from 'node:crypto';
import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import type { ListedChange } from '../../../src/domain/changes.js';
import { createPushRegistry, createPushTransport } from '../../../src/push/push-delivery.js';
import { registerPushSubscription } from '../../../src/push/push-registrations.js';
import { createCredentialVault } from '../../../src/secrets/credential-vault.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { grade } from '../../support/change-fixtures.js';
import { startPushService } from '../../support/push-service.js';

const vault = createCredentialVault([{ id: 'k1', key: randomBytes(32) }]);
const vapidKeys = webPush.generateVAPIDKeys();
const CHANGE: ListedChange = {
  id: 'chg_AAAAAAAAAAAAAAAAAAAAAA',
  type: 'grade',
  kind: 'GRADE_ADDED',
  childId: 'child_1',
  provider: 'MESH',
  detectedAt: '2026-11-18T12:45:00+03:00',
  grade: grade(),
  previous: null,
  position: '1-0',
  studentId: 'stu_1',
  cursor: 'c1.x~1-0',
};

/** A store holding one browser of `usr_1` on `service`, and the transport with `policy`. */
async function setUp(policy: 'public' | 'any') {
  const store = createMemoryStore();
  const service = await startPushService();
  const browser = service.subscribe(vapidKeys.publicKey);
  const record = await registerPushSubscription(
    'usr_1',
    { endpoint: browser.endpoint, p256dh: browser.p256dh, auth: browser.auth },
    { store, vault, now: () => 1_000, enabled: true, allowHttp: true },
  );
  const transport = createPushTransport({
    store,
    vault,
    vapidKeys,
    subject: () => 'mailto:ops@dnevnik.example.ru',
    pageUrl: () => 'https://dnevnik.example.ru/',
    names: async () => new Map([['stu_1', 'Маша']]),
    policy,
    timeoutMs: 2000,
    now: () => 2_000,
  });
  const target = (await createPushRegistry(store).get(record.id))!;
  return { store, service, browser, transport, target, signal: new AbortController().signal };
}

describe('the push transport', () => {
  it('should send one notification and note the delivery on the record', async () => {
    const { store, browser, transport, target, signal } = await setUp('any');
    expect(await transport.deliver(target, [CHANGE], signal)).toEqual({ kind: 'delivered' });
    expect(browser.received.map((push) => (push.message as { title: string }).title)).toEqual(['Маша: новая оценка']);
    expect((await store.getPushSubscription(target.id))?.lastDeliveredAt).toBe(2_000);
    await transport.close();
  });

  it('should refuse a push service at a loopback address under the public policy, sending nothing', async () => {
    const { store, service, transport, target, signal } = await setUp('public');
    expect(await transport.deliver(target, [CHANGE], signal)).toEqual({ kind: 'retry', reason: 'address_refused' });
    expect(service.requests).toEqual([]);
    expect((await store.getPushSubscription(target.id))?.lastFailedAt).toBe(2_000);
    await transport.close();
  });

  it('should call a browser whose sealed subscription no longer opens gone', async () => {
    const { transport, target, signal } = await setUp('any');
    const damaged = { ...target, record: { ...target.record, ownerUserId: 'usr_other' } };
    expect(await transport.deliver(damaged, [CHANGE], signal)).toEqual({
      kind: 'gone',
      reason: 'unreadable_subscription',
    });
    await transport.close();
  });

  it('should class a network failure without its message', async () => {
    const { store, browser, transport, target, signal } = await setUp('any');
    await store.deletePushSubscription(target.id, 'usr_1');
    const unreachable = await registerPushSubscription(
      'usr_1',
      {
        endpoint: 'http://127.0.0.1:9/push/x',
        p256dh: browser.p256dh,
        auth: randomBytes(16).toString('base64url'),
      },
      { store, vault, now: () => 1_000, enabled: true, allowHttp: true },
    );
    const outcome = await transport.deliver((await createPushRegistry(store).get(unreachable.id))!, [CHANGE], signal);
    expect(outcome).toEqual({ kind: 'retry', reason: 'connection_refused' });
    await transport.close();
  });
});
