/**
 * Web Push end to end, against a real gateway, the demo simulators and a push service on loopback that
 * decrypts each notification as the browser would: a mark entered in a diary reaches the parent's browser
 * as one Russian notification, and a trusted person's browser only for the child shared with them (and not
 * after the grant is revoked); a push service that fails is tried again after the back-off, and the browser
 * is told once; a browser the push service calls gone is forgotten; a browser turned on later is not sent
 * the feed's past.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedChild } from '../../adapters/simulation/seed.js';
import { createSession } from '../../src/auth/sessions.js';
import type { PushMessage } from '../../src/push/push-message.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { plainUser } from '../support/accounts.js';
import { movingTime, startTestGateway, type TestGateway } from '../support/gateway.js';
import { noErrors, operation } from '../support/graphql.js';
import { startPushService, type TestBrowser, type TestPushService } from '../support/push-service.js';
import { enterMark } from '../support/seed-marks.js';

const GRADES_FRESH_MS = 2 * 60_000;
/** Longer than any back-off step the tests meet (`DELIVERY_RETRY_BASE_MS` 1 s, doubling). */
const PAST_BACKOFF_MS = 10 * 60_000;

const REGISTER = operation<{ registerPushSubscription: { id: string } }>(
  'mutation($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { id } }',
);
const LIST = operation<{
  viewer: { pushSubscriptions: { id: string; lastDeliveredAt: string | null; lastFailedAt: string | null }[] };
}>('{ viewer { pushSubscriptions { id lastDeliveredAt lastFailedAt } } }');

let gateway: TestGateway;
let store: GatewayStore;
let time: ReturnType<typeof movingTime>;
let service: TestPushService;
let publicKey: string;
let grandmaToken: string;
let grandmaGrantId: string;

const childOf = (firstName: string): SeedChild =>
  gateway.gateway.demo!.family.children.find((child) => child.firstName === firstName)!;
const today = () => gateway.gateway.demo!.family.today;

/** Lets the cached copies age past their fresh window, polls every account, then delivers. */
async function detectAndDeliver(): Promise<void> {
  time.advance(GRADES_FRESH_MS + 1000);
  await gateway.gateway.detectChanges();
  await gateway.gateway.deliverChanges();
}

/** A browser of the viewer `token` names, turned on. */
async function browserOf(token?: string): Promise<{ browser: TestBrowser; id: string }> {
  const browser = service.subscribe(publicKey);
  const input = { endpoint: browser.endpoint, p256dh: browser.p256dh, auth: browser.auth };
  return { browser, id: noErrors(await gateway.graphql(REGISTER, { input }, token)).registerPushSubscription.id };
}

const messages = (browser: TestBrowser) => browser.received.map((push) => push.message as PushMessage);

beforeAll(async () => {
  time = movingTime();
  store = createMemoryStore();
  gateway = await startTestGateway(
    { WEB_PUSH_ENDPOINTS: 'any', WEBHOOK_TIMEOUT_MS: '500', DELIVERY_RETRY_BASE_MS: '1000' },
    time.now,
    { store },
  );
  service = await startPushService();
  publicKey = noErrors(await gateway.graphql<{ webPushPublicKey: string }>('{ webPushPublicKey }')).webPushPublicKey;
  await store.putUser(
    plainUser('usr_grandma', 'Галина Петровна Иванова', {
      lastName: 'Иванова',
      firstName: 'Галина',
      middleName: 'Петровна',
      birthDate: null,
      snilsHash: null,
    }),
  );
  grandmaToken = await createSession(store, 'usr_grandma', { ttlMs: null, now: time.now().getTime() });
  const students = noErrors(
    await gateway.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(
      '{ viewer { students { id firstName } } }',
    ),
  ).viewer.students;
  const invited = noErrors(
    await gateway.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
      'mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code grant { id } } }',
      { id: students.find((student) => student.firstName === 'Мария')!.id },
    ),
  ).inviteTrustedPerson;
  grandmaGrantId = invited.grant.id;
  noErrors(
    await gateway.graphql(
      'mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }',
      { code: invited.code },
      grandmaToken,
    ),
  );
  // The first polls are the baseline: nothing before them is a change.
  await gateway.gateway.detectChanges();
}, 60_000);

describe('Web Push deliveries', () => {
  it('should tell the parent of every child’s new mark, and a trusted person only of the shared child', async () => {
    const parent = await browserOf();
    const grandma = await browserOf(grandmaToken);
    enterMark(childOf('Мария'), '3', today());
    enterMark(childOf('Софья'), '5', today());
    await detectAndDeliver();

    expect(service.rejected).toEqual([]);
    const [told] = messages(parent.browser) as [PushMessage];
    expect(messages(parent.browser)).toHaveLength(1);
    expect(told.title).toBe('2 новости в дневнике');
    expect(told.tag).toBe('diary');
    expect(told.body).toMatch(/^Мария — новая оценка: .+ — 3, /m);
    expect(told.body).toMatch(/^Софья — новая оценка: .+ — 5, /m);
    expect(told.changes.map((change) => change.kind)).toEqual(['GRADE_ADDED', 'GRADE_ADDED']);
    expect(told.url).toBe(`${gateway.url}/`);
    expect(messages(grandma.browser)).toEqual([
      expect.objectContaining({ title: 'Мария: новая оценка', body: expect.stringMatching(/ — 3, /) }),
    ]);
    expect(parent.browser.received[0]!.ttl).toBe('86400');

    // The changes told are those of the feed, each once.
    const feed = noErrors(
      await gateway.graphql<{ viewer: { changes: { changes: { id: string }[] } } }>(
        '{ viewer { changes { changes { id } } } }',
      ),
    ).viewer.changes.changes.map((change) => change.id);
    expect(feed).toEqual(expect.arrayContaining(told.changes.map((change) => change.id)));
    const listed = noErrors(await gateway.graphql(LIST)).viewer.pushSubscriptions.find((r) => r.id === parent.id)!;
    expect(listed.lastDeliveredAt).not.toBeNull();
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id: parent.id });
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id: grandma.id }, grandmaToken);
  });

  it('should try a failing push service again after the back-off, and tell the browser once', async () => {
    const { browser, id } = await browserOf();
    service.answerNext(browser, 503, 500);
    enterMark(childOf('Мария'), '4', today());
    await detectAndDeliver();
    expect(browser.received).toEqual([]);
    const failing = noErrors(await gateway.graphql(LIST)).viewer.pushSubscriptions.find((r) => r.id === id)!;
    expect(failing.lastFailedAt).not.toBeNull();
    // In its back-off: nothing is sent until it ends.
    await gateway.gateway.deliverChanges();
    expect(service.requests.filter((request) => request.browserId === browser.id)).toHaveLength(1);

    time.advance(PAST_BACKOFF_MS);
    await gateway.gateway.deliverChanges();
    time.advance(PAST_BACKOFF_MS);
    await gateway.gateway.deliverChanges();
    await gateway.gateway.deliverChanges();
    expect(service.requests.filter((request) => request.browserId === browser.id).map((r) => r.status)).toEqual([
      503, 500, 201,
    ]);
    expect(messages(browser)).toEqual([expect.objectContaining({ title: 'Мария: новая оценка' })]);
    const recovered = noErrors(await gateway.graphql(LIST)).viewer.pushSubscriptions.find((r) => r.id === id)!;
    expect(recovered.lastFailedAt).toBeNull();
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id });
  });

  it('should forget a browser the push service calls gone, and not send a new one the feed’s past', async () => {
    const { browser, id } = await browserOf();
    service.answerNext(browser, 410);
    enterMark(childOf('Софья'), '2', today());
    await detectAndDeliver();
    expect(noErrors(await gateway.graphql(LIST)).viewer.pushSubscriptions.map((r) => r.id)).not.toContain(id);

    // Turned on after that mark: told nothing of it, only of what comes next.
    const later = await browserOf();
    await gateway.gateway.deliverChanges();
    expect(later.browser.received).toEqual([]);
    enterMark(childOf('Софья'), '4', today());
    await detectAndDeliver();
    expect(messages(later.browser)).toEqual([
      expect.objectContaining({ title: 'Софья: новая оценка', body: expect.stringMatching(/ — 4, /) }),
    ]);
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id: later.id });
  });

  it('should tell the parent of a teacher’s message without its text, and not a trusted person without MESSAGES', async () => {
    const parent = await browserOf();
    const grandma = await browserOf(grandmaToken);
    gateway.gateway.demo!.simulators.eljur.writeMessage({
      subject: 'Собрание в четверг',
      text: '<p>Личное: обсудим оценки Льва</p>',
    });
    await detectAndDeliver();
    const told = messages(parent.browser);
    expect(told).toEqual([
      expect.objectContaining({ title: 'Дневник: новое сообщение', body: expect.stringMatching(/^от \S/) }),
    ]);
    expect(told[0]!.changes.map((change) => change.kind)).toEqual(['MESSAGE_RECEIVED']);
    // The gateway keeps no mail text, so none travels: the page reads the message from the diary.
    expect(JSON.stringify(told)).not.toMatch(/Личное|Собрание/);
    expect(grandma.browser.received).toEqual([]);
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id: parent.id });
    await gateway.graphql('mutation($id: ID!) { removePushSubscription(id: $id) }', { id: grandma.id }, grandmaToken);
  });

  it('should stop telling a trusted person once the grant is revoked', async () => {
    const grandma = await browserOf(grandmaToken);
    noErrors(
      await gateway.graphql('mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }', {
        id: grandmaGrantId,
      }),
    );
    enterMark(childOf('Мария'), '5', today());
    await detectAndDeliver();
    expect(grandma.browser.received).toEqual([]);
    expect(gateway.logs()).not.toContain(grandma.browser.auth);
    expect(gateway.logs()).not.toContain(new URL(grandma.browser.endpoint).pathname);
  });
});
