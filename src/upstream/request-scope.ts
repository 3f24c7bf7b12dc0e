/**
 * The per-request `UpstreamScope`: one abort signal for every diary call of a GraphQL request (its
 * deadline), and a memo that shares identical upstream calls within the request. The memo is never
 * shared between requests, so one family's data cannot leak into another's answer.
 */
import { setMaxListeners } from 'node:events';
import type { ProviderAccount, UpstreamScope } from '../domain/adapter.js';
import { joinMemoSlot, journalMemoLoad, type MemoSlot } from './call-journal.js';

/**
 * Creates a scope with a fresh memo over the given signal (none: calls are never abandoned). `journaled`: a load
 * shared through the memo tells every result built on it which calls it made (`call-journal.ts`), for the loaders
 * of a gateway that renews its cached copies; other work (sign-in, mutations) and a gateway that renews nothing
 * keep a plain memo, with none of the journal's work.
 */
export function createUpstreamScope(signal?: AbortSignal, journaled = false): UpstreamScope {
  if (!journaled) return plainScope(signal);
  const memo = new Map<string, MemoSlot<unknown>>();
  return {
    signal,
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      let slot = memo.get(key) as MemoSlot<T> | undefined;
      if (!slot) {
        slot = journalMemoLoad(load);
        memo.set(key, slot);
      }
      return joinMemoSlot(slot);
    },
  };
}

/** A scope whose memo shares each load's promise and nothing else. */
function plainScope(signal: AbortSignal | undefined): UpstreamScope {
  const memo = new Map<string, Promise<unknown>>();
  return {
    signal,
    once<T>(key: string, load: () => Promise<T>): Promise<T> {
      let pending = memo.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = load();
        memo.set(key, pending);
      }
      return pending;
    },
  };
}

/** Creates a scope whose calls are abandoned once `deadlineMs` has passed (`journaled`: see {@link createUpstreamScope}). */
export function createRequestScope(deadlineMs: number, journaled = false): UpstreamScope {
  const signal = AbortSignal.timeout(deadlineMs);
  // Every diary call of the request listens on this one signal; a dashboard makes dozens in parallel.
  setMaxListeners(0, signal);
  return createUpstreamScope(signal, journaled);
}

/**
 * Each diary's scope within a request: the request's memo and signal, with the diary's own deadline added
 * (`deadlineMsOf`, counted from when this is called, which is when the request's scope is made). A diary
 * without one (`undefined`) gets the request's scope itself. Accounts with the same deadline share one
 * timer; a diary's timeout aborts its calls only, so the answer goes out without waiting for it.
 */
export function createDiaryScopes(
  request: UpstreamScope,
  deadlineMsOf: (account: ProviderAccount) => number | undefined,
  clock: () => number = () => performance.now(),
): (account: ProviderAccount) => UpstreamScope {
  const startedAt = clock();
  const byDeadline = new Map<number, UpstreamScope>();
  return (account) => {
    const deadlineMs = deadlineMsOf(account);
    if (deadlineMs === undefined) return request;
    let scope = byDeadline.get(deadlineMs);
    if (!scope) {
      // A diary first called late in the request still ends at its deadline from the request's start.
      const own = timeoutSignal(Math.max(0, deadlineMs - (clock() - startedAt)));
      const signal = request.signal ? AbortSignal.any([request.signal, own]) : own;
      setMaxListeners(0, signal);
      scope = { ...request, signal };
      byDeadline.set(deadlineMs, scope);
    }
    return scope;
  };
}

/**
 * `AbortSignal.timeout` on a plain timer (so tests can move time): aborted with a `TimeoutError` after
 * `ms`; the timer never keeps the process alive.
 */
function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The diary deadline passed', 'TimeoutError')), ms).unref();
  return controller.signal;
}
