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
  /** What the request did, counted while it is served, for its access-log line; absent outside the HTTP edge. */
  readonly activity?: RequestActivity;
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

/**
 * What a request did, counted as it happens by the parts that see it (the diary transport, the cache, sign-in,
 * Apollo), for the one access-log line written when its answer ends (src/server/access-log.ts). Counters only:
 * never a value, a variable, a token or anything of the person.
 */
export interface RequestActivity {
  /** HTTP attempts to a diary (each retry is one). */
  upstreamCalls: number;
  /** Upstream-cache lookups answered by a fresh copy. */
  cacheHits: number;
  /** Lookups that asked the diary (or joined a call already asking it). */
  cacheMisses: number;
  /** Lookups answered by an old copy: while it is refreshed, or because the diary failed. */
  cacheStale: number;
  /** A short, non-reversible id of the session (`sessionLogId` in src/auth/sessions.ts); `null` without one. */
  sessionHash: string | null;
  /** The GraphQL operation as Apollo saw it: the name the client gave, then the document's name and type. */
  operation: { name: string | null; type: string | null } | null;
  /**
   * Whether the answer cache sent a kept answer (`hit`), sent it once its diary data was asked again and found
   * unchanged (`renewed`), or the request ran (`miss`); `null` when not looked up.
   */
  answerCache: 'hit' | 'renewed' | 'miss' | null;
}

/** A request's activity before anything happened. */
export function newRequestActivity(): RequestActivity {
  return {
    upstreamCalls: 0,
    cacheHits: 0,
    cacheMisses: 0,
    cacheStale: 0,
    sessionHash: null,
    operation: null,
    answerCache: null,
  };
}

/** The activity of the request being served, to count in; `undefined` outside one (start-up, tests). */
export function currentRequestActivity(): RequestActivity | undefined {
  return storage.getStore()?.activity;
}
