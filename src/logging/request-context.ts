/**
 * The request a piece of work belongs to, carried through its awaits by `AsyncLocalStorage`, so every log
 * line written while serving a request names it (`requestId`) without each call passing it along, and an
 * error sent to the client can carry the same id for the operator to search by.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known of the request being served. */
export interface RequestContext {
  /** The request's id: the client's `X-Request-Id` when well-formed, else one the gateway made. */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` as part of the request `context`: everything it starts, awaited or not, sees it. */
export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The id of the request being served, or `undefined` outside one (start-up, timers of no request). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
