import { describe, expect, it } from 'vitest';
import { DiaryClientError } from '../../client/src/index.js';
import { CLIENT_KEY_LENGTH, createDraft, failureCode, newClientKey, nothingSent } from '../../web/src/mail/draft.js';

/** A key maker that counts: `key-1`, `key-2`… (long enough for the gateway's 8). */
function countingKeys(): () => string {
  let made = 0;
  return () => `draft-key-${++made}`;
}

/** A send the test settles by hand, recording the key of each attempt. */
function manualSend() {
  const keys: string[] = [];
  const pending: { resolve: (value: string) => void; reject: (error: unknown) => void }[] = [];
  return {
    keys,
    send: (clientKey: string) => {
      keys.push(clientKey);
      return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
    },
    settle: (outcome: { ok: string } | { error: unknown }) => {
      const next = pending.shift()!;
      if ('ok' in outcome) next.resolve(outcome.ok);
      else next.reject(outcome.error);
    },
  };
}

const refusal = (code: string) => new DiaryClientError(code, 'refused');

describe('newClientKey', () => {
  it('makes keys the gateway takes: 22 characters of A-Z a-z 0-9 _ -', () => {
    for (let round = 0; round < 50; round += 1) expect(newClientKey()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(CLIENT_KEY_LENGTH).toBeGreaterThanOrEqual(8);
    expect(CLIENT_KEY_LENGTH).toBeLessThanOrEqual(64);
  });

  it('takes each byte of the random source to one character, every one equally likely', () => {
    const bytes = (target: Uint8Array) => target.map((_, index) => index * 64 + 63);
    expect(newClientKey(bytes)).toBe('_'.repeat(CLIENT_KEY_LENGTH));
    expect(newClientKey((target) => target.fill(0))).toBe('A'.repeat(CLIENT_KEY_LENGTH));
  });

  it('makes a different key each time', () => {
    expect(new Set(Array.from({ length: 100 }, () => newClientKey())).size).toBe(100);
  });
});

describe('a draft', () => {
  it('sends a retry after a lost answer with the same key', async () => {
    const draft = createDraft(countingKeys());
    const remote = manualSend();
    const first = draft.send(remote.send);
    remote.settle({ error: new DiaryClientError('NETWORK_ERROR', 'offline') });
    await expect(first).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    const retry = draft.send(remote.send);
    remote.settle({ ok: 'sent' });
    await expect(retry).resolves.toBe('sent');
    expect(remote.keys).toEqual(['draft-key-1', 'draft-key-1']);
  });

  it('keeps the key after every failure that may have sent the message', async () => {
    const draft = createDraft(countingKeys());
    const remote = manualSend();
    for (const code of [
      'SEND_OUTCOME_UNKNOWN',
      'IDEMPOTENCY_KEY_REUSED',
      'PROVIDER_TIMEOUT',
      'PROVIDER_UNAVAILABLE',
      'INTERNAL_SERVER_ERROR',
    ]) {
      const attempt = draft.send(remote.send);
      remote.settle({ error: refusal(code) });
      await expect(attempt).rejects.toMatchObject({ code });
    }
    const thrown = draft.send(remote.send);
    remote.settle({ error: new TypeError('no code at all') });
    await expect(thrown).rejects.toBeInstanceOf(TypeError);
    expect(new Set(remote.keys)).toEqual(new Set(['draft-key-1']));
    expect(draft.key).toBe('draft-key-1');
  });

  it('joins a second press while the first is on its way: one attempt, one answer', async () => {
    const draft = createDraft(countingKeys());
    const remote = manualSend();
    const first = draft.send(remote.send);
    const second = draft.send(remote.send);
    expect(second).toBe(first);
    remote.settle({ ok: 'sent once' });
    await expect(second).resolves.toBe('sent once');
    expect(remote.keys).toEqual(['draft-key-1']);
  });

  it('takes a new key only when the gateway said nothing was sent, so a corrected draft can go', async () => {
    const draft = createDraft(countingKeys());
    const remote = manualSend();
    const refused = draft.send(remote.send);
    remote.settle({ error: refusal('PROVIDER_REFUSED') });
    await expect(refused).rejects.toMatchObject({ code: 'PROVIDER_REFUSED' });
    expect(draft.key).toBe('draft-key-2');
    const corrected = draft.send(remote.send);
    remote.settle({ ok: 'sent' });
    await corrected;
    expect(remote.keys).toEqual(['draft-key-1', 'draft-key-2']);
  });
});

describe('nothingSent', () => {
  it('is true for refusals before or by the diary, and false when the message may have gone', () => {
    for (const code of ['PROVIDER_REFUSED', 'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_SUPPORTED_BY_PROVIDER', 'RATE_LIMITED'])
      expect(nothingSent(code), code).toBe(true);
    for (const code of [
      'NETWORK_ERROR',
      'BAD_RESPONSE',
      'SEND_OUTCOME_UNKNOWN',
      'IDEMPOTENCY_KEY_REUSED',
      'PROVIDER_TIMEOUT',
    ])
      expect(nothingSent(code), code).toBe(false);
    expect(nothingSent(null)).toBe(false);
  });

  it('reads the code of a client error and nothing else', () => {
    expect(failureCode(refusal('PROVIDER_REFUSED'))).toBe('PROVIDER_REFUSED');
    expect(failureCode(new Error('plain'))).toBeNull();
    expect(failureCode(null)).toBeNull();
  });
});
