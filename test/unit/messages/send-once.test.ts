import { describe, expect, it } from 'vitest';
import {
  ProviderRefusedError,
  ProviderTimeoutError,
  ProviderUnavailableError,
} from '../../../src/errors/gateway-error.js';
import { sendOnce } from '../../../src/messages/send-once.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { MessageSendResult } from '../../../src/store/store.js';

const RESULT: MessageSendResult = {
  provider: 'ELJUR',
  recipients: [{ name: 'Петрова Ольга Ивановна', role: 'CLASS_TEACHER' }],
  sentAt: '2026-12-07T10:00:00+03:00',
};

const request = (digest = 'draft-a', now = 1_000, clientKey = 'key-00000001') => ({
  ownerUserId: 'u1',
  clientKey,
  draftDigest: digest,
  now,
});

/** A diary that counts what it was asked to send. */
function diary(answer: () => Promise<MessageSendResult> = async () => RESULT) {
  const calls = { count: 0 };
  return { calls, send: () => ((calls.count += 1), answer()) };
}

describe('sending once per client key', () => {
  it('should send once and answer a retry with the first result, marked replayed', async () => {
    const store = createMemoryStore();
    const { calls, send } = diary();
    expect(await sendOnce(store, request(), send)).toEqual({ result: RESULT, replayed: false });
    expect(await sendOnce(store, request('draft-a', 5_000), send)).toEqual({ result: RESULT, replayed: true });
    expect(calls.count).toBe(1);
  });

  it('should send once when two requests with one key race', async () => {
    const store = createMemoryStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { calls, send } = diary(async () => (await gate, RESULT));
    const first = sendOnce(store, request(), send);
    const second = sendOnce(store, request(), send).catch((error: unknown) => error);
    release();
    await first;
    expect(await second).toMatchObject({ code: 'SEND_OUTCOME_UNKNOWN' });
    expect(calls.count).toBe(1);
  });

  it('should refuse a key reused for another message', async () => {
    const store = createMemoryStore();
    const { send } = diary();
    await sendOnce(store, request('draft-a'), send);
    await expect(sendOnce(store, request('draft-b'), send)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('should never send again after a send whose outcome the diary left unknown', async () => {
    const store = createMemoryStore();
    for (const failure of [
      new ProviderTimeoutError('ELJUR', 'no answer in 10 s'),
      new ProviderUnavailableError('ELJUR', 'HTTP 502', { upstreamStatus: 502 }),
    ]) {
      const key = `key-${failure.code}`;
      const failing = diary(() => Promise.reject(failure));
      await expect(sendOnce(store, request('d', 1_000, key), failing.send)).rejects.toBe(failure);
      const retry = diary();
      await expect(sendOnce(store, request('d', 2_000, key), retry.send)).rejects.toMatchObject({
        code: 'SEND_OUTCOME_UNKNOWN',
      });
      expect(retry.calls.count).toBe(0);
    }
  });

  it('should let the same message be sent again after the diary refused it', async () => {
    const store = createMemoryStore();
    const refusal = new ProviderRefusedError('ELJUR', 'TEXT_TOO_LONG', 'the text is too long');
    await expect(sendOnce(store, request(), diary(() => Promise.reject(refusal)).send)).rejects.toBe(refusal);
    const retry = diary();
    expect(await sendOnce(store, request('draft-a', 2_000), retry.send)).toEqual({ result: RESULT, replayed: false });
    expect(retry.calls.count).toBe(1);
  });

  it('should free a key after a day', async () => {
    const store = createMemoryStore();
    const { calls, send } = diary();
    await sendOnce(store, request('draft-a', 1_000), send);
    await sendOnce(store, request('draft-b', 1_000 + 24 * 3_600_000), send);
    expect(calls.count).toBe(2);
  });

  it("should keep one user's key apart from another's", async () => {
    const store = createMemoryStore();
    const { calls, send } = diary();
    await sendOnce(store, request('draft-a'), send);
    await sendOnce(store, { ...request('draft-b'), ownerUserId: 'u2' }, send);
    expect(calls.count).toBe(2);
  });
});
