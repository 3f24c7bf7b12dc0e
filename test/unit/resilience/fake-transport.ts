/**
 * A scripted `HttpTransport` for policy tests: each call takes the next scripted outcome (an answer with
 * a status, or a network failure); the last outcome repeats. It records every request it received.
 */
import { vi } from 'vitest';
import {
  UpstreamNetworkError,
  type NetworkFailure,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../../../src/upstream/transport.js';

/** An answer (`{ status, headers? }`) or a network failure (`{ failure }`). */
export type Scripted = { status: number; headers?: Record<string, string> } | { failure: NetworkFailure };

/** Creates a transport that plays `script` in order, repeating its last entry. */
export function scriptedTransport(...script: Scripted[]) {
  const queue = [...script];
  const requests: UpstreamRequest[] = [];
  const transport = vi.fn(async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    requests.push(request);
    const next = (queue.length > 1 ? queue.shift() : queue[0])!;
    if ('failure' in next) throw new UpstreamNetworkError(next.failure, `scripted ${next.failure}`);
    return { status: next.status, headers: next.headers ?? {}, body: `{"status":${next.status}}` };
  });
  return { transport, requests };
}

/** A GET to `host` (two hosts let tests tell breakers apart). */
export function get(host = 'school.example', signal?: AbortSignal): UpstreamRequest {
  return { method: 'GET', url: new URL(`https://${host}/api/marks`), headers: {}, signal };
}

/** Settles `promise` into a value or an error, so a test can advance fake timers before looking. */
export function settle<T>(promise: Promise<T>): { result: () => { value?: T; error?: unknown } | undefined } {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  return { result: () => outcome };
}
