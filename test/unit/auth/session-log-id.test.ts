/** The session id of the access log (issue 18): short, stable per session, and no piece of a credential. */
import { describe, expect, it } from 'vitest';
import { authenticateRequest, createSession, hashToken, sessionLogId } from '../../../src/auth/sessions.js';
import { newRequestActivity, runInRequest } from '../../../src/logging/request-context.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

describe('sessionLogId', () => {
  it('should be 12 hex digits, the same for one session, different for another, and no piece of the token or its hash', () => {
    const tokenHash = hashToken('token-one');
    const id = sessionLogId({ userId: 'usr_1', sessionTokenHash: tokenHash });
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(sessionLogId({ userId: 'usr_1', sessionTokenHash: tokenHash })).toBe(id);
    expect(sessionLogId({ userId: 'usr_1', sessionTokenHash: hashToken('token-two') })).not.toBe(id);
    expect(tokenHash).not.toContain(id);
    expect(hashToken(tokenHash)).not.toContain(id);
  });

  it('should name an issuer-token request by its user, and an anonymous one not at all', () => {
    const byUser = sessionLogId({ userId: 'usr_issuer', sessionTokenHash: null });
    expect(byUser).toMatch(/^[0-9a-f]{12}$/);
    expect(hashToken('usr_issuer')).not.toContain(byUser);
    expect(sessionLogId({ userId: null, sessionTokenHash: null })).toBeNull();
  });
});

describe('authenticateRequest and the request activity', () => {
  it("should put the session's log id in the activity of the request being served, and leave it for an anonymous one", async () => {
    const store = createMemoryStore();
    const token = await createSession(store, 'usr_1', { ttlMs: 60_000, now: 1_000 });
    const signedIn = newRequestActivity();
    const identity = await runInRequest({ requestId: 'r-1', activity: signedIn }, () =>
      authenticateRequest(store, { authorization: `Bearer ${token}`, cookie: undefined }, 2_000),
    );
    expect(signedIn.sessionHash).toBe(sessionLogId(identity));
    const anonymous = newRequestActivity();
    await runInRequest({ requestId: 'r-2', activity: anonymous }, () =>
      authenticateRequest(store, { authorization: 'Bearer unknown', cookie: undefined }, 2_000),
    );
    expect(anonymous.sessionHash).toBeNull();
  });
});
