/**
 * Turning notifications on and off through GraphQL, against a real gateway: the VAPID public key (made once
 * and kept in the store, the same for every replica and after a restart; or the configured one), a browser
 * registered, listed without its endpoint or keys, registered again as the same record, removed only by
 * its owner; the bound; malformed subscriptions refused on the field they concern, in Russian too; Web
 * Push off; and no endpoint or key in the store's clear text or the log.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import webPush from 'web-push';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { MAX_PUSH_SUBSCRIPTIONS } from '../../src/push/push-registrations.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { plainUser } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, type TestGateway } from '../support/gateway.js';
import { codeOf, noErrors, operation } from '../support/graphql.js';
import { startPushService, type TestBrowser, type TestPushService } from '../support/push-service.js';
import { tempDir } from '../support/temp-dir.js';

interface ListedSubscription {
  id: string;
  label: string | null;
  pushService: string;
  createdAt: string;
  lastDeliveredAt: string | null;
  lastFailedAt: string | null;
}

const KEY = operation<{ webPushPublicKey: string | null }>('{ webPushPublicKey }');
const REGISTER = operation<{ registerPushSubscription: ListedSubscription }>(
  `mutation($input: PushSubscriptionInput!) {
    registerPushSubscription(input: $input) { id label pushService createdAt lastDeliveredAt lastFailedAt }
  }`,
);
const REMOVE = operation<{ removePushSubscription: boolean }>('mutation($id: ID!) { removePushSubscription(id: $id) }');
const LIST = operation<{ viewer: { pushSubscriptions: ListedSubscription[] } }>(
  '{ viewer { pushSubscriptions { id label pushService createdAt lastDeliveredAt lastFailedAt } } }',
);

/** A browser's subscription as the page sends it. */
const inputOf = (browser: TestBrowser, label?: string) => ({
  endpoint: browser.endpoint,
  p256dh: browser.p256dh,
  auth: browser.auth,
  ...(label === undefined ? {} : { label }),
});

async function signIn(store: GatewayStore, id: string): Promise<string> {
  await store.putUser(plainUser(id, 'Пётр Ильич Смирнов'));
  return createSession(store, id, { ttlMs: null, now: TEST_NOW.getTime() });
}

describe('turning notifications on and off', () => {
  let target: TestGateway;
  let store: GatewayStore;
  let service: TestPushService;
  let publicKey: string;
  let otherToken: string;

  beforeAll(async () => {
    store = createMemoryStore();
    target = await startTestGateway({ WEB_PUSH_ENDPOINTS: 'any' }, () => TEST_NOW, { store });
    service = await startPushService();
    publicKey = noErrors(await target.graphql(KEY)).webPushPublicKey!;
    otherToken = await signIn(store, 'usr_other');
  }, 60_000);

  it('should give one public key, a P-256 point, to anyone, and the same to a second replica on the store', async () => {
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(publicKey, 'base64url')[0]).toBe(4);
    expect(noErrors(await target.graphql(KEY, {}, null)).webPushPublicKey).toBe(publicKey);
    const replica = await startTestGateway({}, () => TEST_NOW, { store });
    expect(noErrors(await replica.graphql(KEY)).webPushPublicKey).toBe(publicKey);
  });

  it('should register a browser, list it without its endpoint or keys, and keep one record when it registers again', async () => {
    const browser = service.subscribe(publicKey);
    const registered = noErrors(
      await target.graphql(REGISTER, { input: inputOf(browser, 'Телефон мамы') }),
    ).registerPushSubscription;
    expect(registered).toEqual({
      id: expect.stringMatching(/^push_[\w-]{22}$/),
      label: 'Телефон мамы',
      pushService: new URL(service.url).host,
      createdAt: '2026-11-23T09:00:00+00:00',
      lastDeliveredAt: null,
      lastFailedAt: null,
    });
    const again = noErrors(await target.graphql(REGISTER, { input: inputOf(browser) })).registerPushSubscription;
    expect(again).toEqual({ ...registered, label: null });
    const listed = await target.graphql(LIST);
    expect(noErrors(listed).viewer.pushSubscriptions).toEqual([again]);
    expect(listed.text).not.toContain(browser.endpoint);
    expect(listed.text).not.toContain(browser.auth);
    expect(noErrors(await target.graphql(LIST, {}, otherToken)).viewer.pushSubscriptions).toEqual([]);
  });

  it('should let only the owner remove a browser, and answer false once it is gone', async () => {
    const browser = service.subscribe(publicKey);
    const { id } = noErrors(await target.graphql(REGISTER, { input: inputOf(browser) })).registerPushSubscription;
    expect(noErrors(await target.graphql(REMOVE, { id }, otherToken)).removePushSubscription).toBe(false);
    expect(noErrors(await target.graphql(LIST)).viewer.pushSubscriptions.map((record) => record.id)).toContain(id);
    expect(noErrors(await target.graphql(REMOVE, { id })).removePushSubscription).toBe(true);
    expect(noErrors(await target.graphql(REMOVE, { id })).removePushSubscription).toBe(false);
    expect(noErrors(await target.graphql(LIST)).viewer.pushSubscriptions.map((record) => record.id)).not.toContain(id);
  });

  it(`should keep at most ${MAX_PUSH_SUBSCRIPTIONS} browsers a person, saying so in Russian, and take one after a removal`, async () => {
    const token = await signIn(store, 'usr_many');
    const ids: string[] = [];
    for (let index = 0; index < MAX_PUSH_SUBSCRIPTIONS; index += 1)
      ids.push(
        noErrors(await target.graphql(REGISTER, { input: inputOf(service.subscribe(publicKey)) }, token))
          .registerPushSubscription.id,
      );
    const refused = await target.graphql(REGISTER, { input: inputOf(service.subscribe(publicKey)) }, token);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'pushSubscriptions',
      maximum: MAX_PUSH_SUBSCRIPTIONS,
    });
    const russian = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'ru', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: REGISTER, variables: { input: inputOf(service.subscribe(publicKey)) } }),
    });
    expect(((await russian.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /^Уведомления уже включены на 10 устройствах/,
    );
    noErrors(await target.graphql(REMOVE, { id: ids[0] }, token));
    noErrors(await target.graphql(REGISTER, { input: inputOf(service.subscribe(publicKey)) }, token));
  });

  it('should refuse a malformed subscription on the field it concerns, and anyone not signed in', async () => {
    const browser = service.subscribe(publicKey);
    const argumentOf = async (input: Record<string, unknown>) =>
      (await target.graphql(REGISTER, { input: { ...inputOf(browser), ...input } })).body.errors?.[0]?.extensions;
    expect(await argumentOf({ p256dh: 'AAAA' })).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.p256dh' });
    expect(await argumentOf({ auth: 'AAAA' })).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.auth' });
    expect(await argumentOf({ endpoint: 'mailto:x@example.ru' })).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'input.endpoint',
    });
    expect(await argumentOf({ endpoint: `https://push.example/${'a'.repeat(3000)}` })).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(codeOf(await target.graphql(REGISTER, { input: inputOf(browser) }, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await target.graphql(LIST, {}, null))).toBe('UNAUTHENTICATED');
  });

  it('should keep endpoints and keys only sealed, and log none of them', async () => {
    const browser = service.subscribe(publicKey);
    const { id } = noErrors(await target.graphql(REGISTER, { input: inputOf(browser) })).registerPushSubscription;
    const stored = JSON.stringify(await store.getPushSubscription(id));
    for (const secret of [browser.endpoint, browser.auth, browser.p256dh, new URL(browser.endpoint).pathname])
      expect(stored).not.toContain(secret);
    expect(target.logs()).not.toContain(browser.auth);
    expect(target.logs()).not.toContain(new URL(browser.endpoint).pathname);
  });

  it('should refuse an http push service unless told to accept one (tests), as browsers only give https', async () => {
    const strict = await startTestGateway({}, () => TEST_NOW, { store });
    const answer = await strict.graphql(REGISTER, { input: inputOf(service.subscribe(publicKey)) });
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.endpoint' });
    // https, but at a private or loopback address: every send would be refused, so the registration is.
    for (const endpoint of ['https://10.1.2.3/push/x', 'https://[::1]/push/x', 'https://push.localhost/x']) {
      const refused = await strict.graphql(REGISTER, { input: { ...inputOf(service.subscribe(publicKey)), endpoint } });
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.endpoint' });
    }
  });
});

describe('the VAPID key pair', () => {
  it('should be the configured one when set', async () => {
    const configured = webPush.generateVAPIDKeys();
    const target = await startTestGateway({
      VAPID_PUBLIC_KEY: configured.publicKey,
      VAPID_PRIVATE_KEY: configured.privateKey,
    });
    expect(noErrors(await target.graphql(KEY)).webPushPublicKey).toBe(configured.publicKey);
  });

  it('should stay the same after a restart on the file store, kept sealed there', async () => {
    const file = join(await tempDir('push-keys-'), 'store.json');
    const first = await startTestGateway({ STORE: 'file', STORE_FILE: file });
    const key = noErrors(await first.graphql(KEY)).webPushPublicKey;
    await first.gateway.close();
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"name":"web-push-vapid"');
    expect(text).not.toContain(key);
    const second = await startTestGateway({ STORE: 'file', STORE_FILE: file });
    expect(noErrors(await second.graphql(KEY)).webPushPublicKey).toBe(key);
  });

  it('should follow a key rotation, and with its key lost leave Web Push off, saying so, and the rest up', async () => {
    const file = join(await tempDir('push-rotation-'), 'store.json');
    const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
    const [oldKey, newKey] = [key('old'), key('new')];
    const start = (keys: string) => startTestGateway({ STORE: 'file', STORE_FILE: file, CREDENTIAL_KEYS: keys });
    const first = await start(oldKey);
    const pair = noErrors(await first.graphql(KEY)).webPushPublicKey;
    await first.gateway.close();
    // During the rotation the pair is sealed again with the new key at start, so the old key may go.
    const during = await start(`${newKey},${oldKey}`);
    expect(noErrors(await during.graphql(KEY)).webPushPublicKey).toBe(pair);
    await during.gateway.close();
    const after = await start(newKey);
    expect(noErrors(await after.graphql(KEY)).webPushPublicKey).toBe(pair);
    await after.gateway.close();
    const lost = await start(key('other'));
    expect(noErrors(await lost.graphql(KEY)).webPushPublicKey).toBeNull();
    expect(lost.logs()).toContain('Web Push is off until the key that sealed it is listed again');
    expect((await lost.graphql('{ viewer { students { id } } }')).body.errors).toBeUndefined();
  });

  it('should be absent with Web Push off, and registrations refused', async () => {
    const target = await startTestGateway({ WEB_PUSH: 'off', WEB_PUSH_ENDPOINTS: 'any' });
    expect(noErrors(await target.graphql(KEY)).webPushPublicKey).toBeNull();
    const service = await startPushService();
    const answer = await target.graphql(REGISTER, {
      input: inputOf(service.subscribe(webPush.generateVAPIDKeys().publicKey)),
    });
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(/WEB_PUSH=off/);
  });
});
