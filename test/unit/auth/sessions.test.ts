import { describe, expect, it } from 'vitest';
import { authenticateRequest, bearerToken, createSession, hashToken } from '../../../src/auth/sessions.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

/** The user a bearer header authenticates as (sessions only, no cookie, no issuer). */
const userOf = async (store: ReturnType<typeof createMemoryStore>, authorization: string | undefined, now: number) =>
  (await authenticateRequest(store, { authorization, cookie: undefined }, now)).userId;

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
    expect(await userOf(store, `Bearer ${token}`, 2_000)).toBe('usr_1');
    expect(await store.findSession(token, 2_000)).toBeNull();
    expect(await store.findSession(hashToken(token), 2_000)).toMatchObject({ userId: 'usr_1' });
  });

  it('should refuse unknown, missing and expired tokens', async () => {
    const store = createMemoryStore();
    const token = await createSession(store, 'usr_1', { ttlMs: 60_000, now: 1_000 });
    expect(await userOf(store, 'Bearer not-a-token', 2_000)).toBeNull();
    expect(await userOf(store, undefined, 2_000)).toBeNull();
    expect(await userOf(store, `Bearer ${token}`, 61_000)).toBeNull();
  });
});

describe('authenticateRequest', () => {
  const now = 2_000;

  async function setUp() {
    const store = createMemoryStore();
    const bearerSession = await createSession(store, 'usr_bearer', { ttlMs: 60_000, now: 1_000 });
    const cookieSession = await createSession(store, 'usr_cookie', { ttlMs: 60_000, now: 1_000 });
    const asked: string[] = [];
    const issuer = async (token: string) => {
      asked.push(token);
      return token === 'issuer-token' ? 'usr_issuer' : null;
    };
    return { store, bearerSession, cookieSession, asked, issuer };
  }

  it('should prefer a bearer session token, then the session cookie, then the issuer', async () => {
    const { store, bearerSession, cookieSession, asked, issuer } = await setUp();
    const cookie = `other=1; dg_session=${cookieSession}`;
    expect(await authenticateRequest(store, { authorization: `Bearer ${bearerSession}`, cookie }, now, issuer)).toEqual(
      {
        userId: 'usr_bearer',
        sessionTokenHash: hashToken(bearerSession),
      },
    );
    expect(await authenticateRequest(store, { authorization: undefined, cookie }, now, issuer)).toEqual({
      userId: 'usr_cookie',
      sessionTokenHash: hashToken(cookieSession),
    });
    expect(asked).toEqual([]);
    expect(
      await authenticateRequest(store, { authorization: 'Bearer issuer-token', cookie: undefined }, now, issuer),
    ).toEqual({
      userId: 'usr_issuer',
      sessionTokenHash: null,
    });
    expect(asked).toEqual(['issuer-token']);
  });

  it('should not ask the issuer without one configured, nor without a bearer token', async () => {
    const { store, asked, issuer } = await setUp();
    expect(
      await authenticateRequest(store, { authorization: 'Bearer issuer-token', cookie: undefined }, now, null),
    ).toEqual({
      userId: null,
      sessionTokenHash: null,
    });
    expect(
      await authenticateRequest(store, { authorization: undefined, cookie: 'dg_session=unknown' }, now, issuer),
    ).toEqual({
      userId: null,
      sessionTokenHash: null,
    });
    expect(asked).toEqual([]);
  });

  it('should refuse expired sessions, by bearer and by cookie', async () => {
    const { store, bearerSession, cookieSession } = await setUp();
    const later = 61_001;
    expect(
      (await authenticateRequest(store, { authorization: `Bearer ${bearerSession}`, cookie: undefined }, later)).userId,
    ).toBeNull();
    expect(
      (await authenticateRequest(store, { authorization: undefined, cookie: `dg_session=${cookieSession}` }, later))
        .userId,
    ).toBeNull();
  });
});
