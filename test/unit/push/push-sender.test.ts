import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { outcomeOf, sendPush, PUSH_TIME_TO_LIVE_S } from '../../../src/push/push-sender.js';
import type { PushMessage } from '../../../src/push/push-message.js';
import { startPushService } from '../../support/push-service.js';

const vapidKeys = webPush.generateVAPIDKeys();
const options = { vapidKeys, subject: 'mailto:ops@dnevnik.example.ru', timeoutMs: 2000 };
const MESSAGE: PushMessage = {
  title: 'Маша: новая оценка',
  body: 'Алгебра — 5, 18 ноября',
  tag: 'student-stu_1',
  url: 'https://dnevnik.example.ru/',
  changes: [{ id: 'chg_1', kind: 'GRADE_ADDED', studentId: 'stu_1' }],
};

describe('sending a push', () => {
  it('should deliver a message the browser decrypts, signed with the gateway’s key, kept a day', async () => {
    const service = await startPushService();
    const browser = service.subscribe(vapidKeys.publicKey);
    expect(await sendPush(browser, MESSAGE, options)).toEqual({ kind: 'delivered' });
    expect(service.rejected).toEqual([]);
    expect(browser.received).toEqual([
      {
        message: MESSAGE,
        ttl: String(PUSH_TIME_TO_LIVE_S),
        urgency: 'normal',
        subject: 'mailto:ops@dnevnik.example.ru',
        vapidPublicKey: vapidKeys.publicKey,
      },
    ]);
  });

  it('should not be readable by another browser’s keys, nor pass another gateway’s key', async () => {
    const service = await startPushService();
    const browser = service.subscribe(vapidKeys.publicKey);
    const other = service.subscribe(vapidKeys.publicKey);
    // Sent to `browser`'s address but encrypted for `other`: the browser cannot decrypt it.
    await sendPush({ ...other, endpoint: browser.endpoint }, MESSAGE, options);
    // Signed with a key the browser did not subscribe with.
    await sendPush(browser, MESSAGE, { ...options, vapidKeys: webPush.generateVAPIDKeys() });
    expect(browser.received).toEqual([]);
    expect(service.rejected).toHaveLength(2);
  });

  it('should call a subscription gone at 404, 410 and 403, and retry later at 429, 5xx and a dead address', async () => {
    const service = await startPushService();
    const browser = service.subscribe(vapidKeys.publicKey);
    service.answerNext(browser, 410, 404, 403, 429, 503, 'hang');
    const outcomes = [];
    for (let attempt = 0; attempt < 6; attempt += 1)
      outcomes.push(await sendPush(browser, MESSAGE, { ...options, timeoutMs: 300 }));
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['gone', 'gone', 'gone', 'retry', 'retry', 'retry']);
    expect(outcomes[3]).toEqual({ kind: 'retry', reason: 'http_429', afterMs: 2000 });
    const refused = await sendPush({ ...browser, endpoint: 'http://127.0.0.1:9/push/x' }, MESSAGE, options);
    expect(refused.kind).toBe('retry');
    expect(browser.received).toEqual([]);
  });

  it('should read Retry-After as seconds or as a date', () => {
    expect(outcomeOf(503, '120')).toEqual({ kind: 'retry', reason: 'http_503', afterMs: 120_000 });
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const dated = outcomeOf(429, inAMinute);
    expect(dated.kind === 'retry' && dated.afterMs! > 50_000 && dated.afterMs! <= 60_000).toBe(true);
    expect(outcomeOf(500, 'soon')).toEqual({ kind: 'retry', reason: 'http_500' });
    expect(outcomeOf(201)).toEqual({ kind: 'delivered' });
  });
});
