/**
 * Each diary's scope within a request (`createDiaryScopes`, issue 15): the request's memo, aborted at the
 * diary's own deadline or the request's, whichever comes first; a diary without one shares the request's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import { createDiaryScopes, createUpstreamScope } from '../../../src/upstream/request-scope.js';

const account = (provider: ProviderAccount['provider'], id = `acc_${provider}`): ProviderAccount => ({
  id,
  provider,
  credentials: {},
});
const DEADLINES: Partial<Record<ProviderAccount['provider'], number>> = { ELJUR: 100, DNEVNIK: 300 };

describe('createDiaryScopes', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should abort a diary’s calls at its own deadline, counted from the request’s start, and no other diary’s', () => {
    vi.useFakeTimers();
    const request = new AbortController();
    const scopeFor = createDiaryScopes(createUpstreamScope(request.signal), (a) => DEADLINES[a.provider], Date.now);
    const mesh = scopeFor(account('MESH'));
    vi.advanceTimersByTime(60);
    // First asked 60 ms in: still ends at 100 ms from the start.
    const eljur = scopeFor(account('ELJUR'));
    const dnevnik = scopeFor(account('DNEVNIK'));
    vi.advanceTimersByTime(39);
    expect(eljur.signal?.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(eljur.signal?.aborted).toBe(true);
    expect(dnevnik.signal?.aborted).toBe(false);
    expect(mesh.signal).toBe(request.signal);
    expect(mesh.signal?.aborted).toBe(false);
  });

  it('should abort every diary when the request is abandoned', () => {
    const request = new AbortController();
    const scopeFor = createDiaryScopes(createUpstreamScope(request.signal), (a) => DEADLINES[a.provider]);
    const eljur = scopeFor(account('ELJUR'));
    request.abort();
    expect(eljur.signal?.aborted).toBe(true);
  });

  it('should share the request’s memo and one timer per deadline', async () => {
    const scopeFor = createDiaryScopes(createUpstreamScope(), (a) => DEADLINES[a.provider]);
    const first = scopeFor(account('ELJUR', 'acc_1'));
    expect(scopeFor(account('ELJUR', 'acc_2'))).toBe(first);
    let loads = 0;
    const load = () => Promise.resolve((loads += 1));
    await first.once('acc_1 marks', load);
    await scopeFor(account('MESH')).once('acc_1 marks', load);
    expect(loads).toBe(1);
  });
});
