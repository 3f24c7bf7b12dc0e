import { describe, expect, it, vi } from 'vitest';
import { createSessionRateLimit, sessionRateKey } from '../../../src/server/session-rate-limit.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

useStrictFakeTimers(new Date('2026-11-23T09:00:00.000Z'));

describe('createSessionRateLimit', () => {
  it('should allow the per-minute allowance at once, then say when the next request is allowed', async () => {
    const limit = createSessionRateLimit({ perMinute: 3 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limit.check('user:1'));
    expect(decisions).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 20 },
    ]);
  });

  it('should allow again once a request has refilled, never waiting at the edge', async () => {
    const limit = createSessionRateLimit({ perMinute: 60 });
    for (let i = 0; i < 60; i++) await limit.check('user:1');
    expect(await limit.check('user:1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    vi.advanceTimersByTime(1000);
    expect(await limit.check('user:1')).toEqual({ allowed: true });
  });

  it('should count each key separately', async () => {
    const limit = createSessionRateLimit({ perMinute: 1 });
    expect(await limit.check('user:1')).toEqual({ allowed: true });
    expect(await limit.check('user:2')).toEqual({ allowed: true });
    expect(await limit.check('user:1')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('should use a limiter it is given (for a Redis-backed one) and round its wait up to whole seconds', async () => {
    const take = vi.fn(async () => ({ granted: false as const, retryAfterMs: 1200 }));
    const limit = createSessionRateLimit({ perMinute: 10, limiter: { take } });
    expect(await limit.check('address:10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(take).toHaveBeenCalledWith('address:10.0.0.1', 0);
  });
});

describe('sessionRateKey', () => {
  it.each([
    ['a signed-in user, whatever the address', 'usr_1', '127.0.0.1', 'user:usr_1'],
    ['no session', null, '::1', 'address:::1'],
    ['no session and no address', null, undefined, 'address:unknown'],
  ])('should key %s', (_name, userId, address, key) => {
    expect(sessionRateKey(userId, address)).toBe(key);
  });
});
