import { describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/auth/sessions.js';
import { LinkFlowError } from '../../../src/linking/link-errors.js';
import { PENDING_LINK_TTL_MS, pkceChallenge, startAttempt, takeAttempt } from '../../../src/linking/pending-attempt.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const OWNER = { userId: 'u1', sessionHash: 'session-hash-1' };
const NOW = 1_700_000_000_000;
const FIELDS = { tenantId: 'mesh-moscow', kind: 'redirect', usesPkce: true, vendor: null, returnTo: '/link' } as const;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(LinkFlowError);
  return (error as LinkFlowError).code;
}

describe('pending link attempts', () => {
  it('should keep only the hash of a random state, with a PKCE verifier whose challenge goes to the diary', async () => {
    const store = createMemoryStore();
    const attempt = await startAttempt(store, OWNER, FIELDS, NOW);
    expect(attempt.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(attempt.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(attempt.codeChallenge).toBe(pkceChallenge(attempt.codeVerifier));
    // RFC 7636 appendix B.
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const stored = await store.takePendingLink(hashToken(attempt.state), NOW);
    expect(stored).toEqual({
      stateHash: hashToken(attempt.state),
      userId: 'u1',
      sessionHash: 'session-hash-1',
      tenantId: 'mesh-moscow',
      kind: 'redirect',
      codeVerifier: attempt.codeVerifier,
      vendor: null,
      returnTo: '/link',
      expiresAt: NOW + PENDING_LINK_TTL_MS,
    });
    expect(JSON.stringify(stored)).not.toContain(attempt.state);
  });

  it('should keep no verifier and send no challenge when the diary takes no PKCE', async () => {
    const store = createMemoryStore();
    const attempt = await startAttempt(store, OWNER, { ...FIELDS, usesPkce: false, vendor: 'school1' }, NOW);
    expect(attempt).toMatchObject({ codeVerifier: '', codeChallenge: '' });
    expect(await takeAttempt(store, attempt.state, 'redirect', OWNER, NOW)).toMatchObject({
      codeVerifier: null,
      vendor: 'school1',
    });
  });

  it('should give an attempt out once, to the session that started it, within ten minutes', async () => {
    const store = createMemoryStore();
    const first = await startAttempt(store, OWNER, FIELDS, NOW);
    expect((await takeAttempt(store, first.state, 'redirect', OWNER, NOW)).userId).toBe('u1');
    expect(await codeOf(takeAttempt(store, first.state, 'redirect', OWNER, NOW))).toBe('LINK_STATE_INVALID');
    expect(await codeOf(takeAttempt(store, null, 'redirect', OWNER, NOW))).toBe('LINK_STATE_INVALID');

    const late = await startAttempt(store, OWNER, FIELDS, NOW);
    const expired = takeAttempt(store, late.state, 'redirect', OWNER, NOW + PENDING_LINK_TTL_MS);
    expect(await codeOf(expired)).toBe('LINK_STATE_INVALID');

    const form = await startAttempt(store, OWNER, { ...FIELDS, kind: 'form' }, NOW);
    expect(await codeOf(takeAttempt(store, form.state, 'redirect', OWNER, NOW))).toBe('LINK_STATE_INVALID');
  });

  it('should refuse another session, another user or none, and use the attempt up doing so', async () => {
    const store = createMemoryStore();
    for (const other of [{ ...OWNER, sessionHash: 'session-hash-2' }, { ...OWNER, userId: 'u2' }, null]) {
      const attempt = await startAttempt(store, OWNER, FIELDS, NOW);
      expect(await codeOf(takeAttempt(store, attempt.state, 'redirect', other, NOW))).toBe('LINK_SESSION_MISMATCH');
      expect(await codeOf(takeAttempt(store, attempt.state, 'redirect', OWNER, NOW))).toBe('LINK_STATE_INVALID');
    }
  });
});
