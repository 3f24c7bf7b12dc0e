import { describe, expect, it } from 'vitest';
import { authenticate, bearerToken, createSession, hashToken } from '../../../src/auth/sessions.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

describe('sessions', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('should read the bearer token of %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });

  it('should authenticate a fresh token and store only its hash', async () => {
    const store = createMemoryStore();
    const token = await createSession(store, 'usr_1', { ttlMs: 60_000, now: 1_000 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await authenticate(store, `Bearer ${token}`, 2_000)).toBe('usr_1');
    expect(await store.findSession(token, 2_000)).toBeNull();
    expect(await store.findSession(hashToken(token), 2_000)).toMatchObject({ userId: 'usr_1' });
  });

  it('should refuse unknown, missing and expired tokens', async () => {
    const store = createMemoryStore();
    const token = await createSession(store, 'usr_1', { ttlMs: 60_000, now: 1_000 });
    expect(await authenticate(store, 'Bearer not-a-token', 2_000)).toBeNull();
    expect(await authenticate(store, undefined, 2_000)).toBeNull();
    expect(await authenticate(store, `Bearer ${token}`, 61_000)).toBeNull();
  });
});
