/**
 * The per-request `UpstreamScope`: one abort signal for every diary call of a GraphQL request (its
 * deadline), and a memo that shares identical upstream calls within the request. The memo is never
 * shared between requests, so one family's data cannot leak into another's answer.
 */
import { setMaxListeners } from 'node:events';
import type { UpstreamScope } from '../domain/adapter.js';

/** Creates a scope with a fresh memo over the given signal (none: calls are never abandoned). */
export function createUpstreamScope(signal?: AbortSignal): UpstreamScope {
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

/** Creates a scope whose calls are abandoned once `deadlineMs` has passed. */
export function createRequestScope(deadlineMs: number): UpstreamScope {
  const signal = AbortSignal.timeout(deadlineMs);
  // Every diary call of the request listens on this one signal; a dashboard makes dozens in parallel.
  setMaxListeners(0, signal);
  return createUpstreamScope(signal);
}
