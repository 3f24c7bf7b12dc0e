/**
 * Side answers: calls whose answer only enriches a result built from another one (МЭШ's family `schedule`
 * route numbers the event calendar's lessons and names their teachers). Issue 11 §1: data from one route is
 * never lost because another route failed — so when a side call fails in any way, the result is built
 * without it and says so, instead of failing whole:
 *
 * - an answer that arrived but cannot be read is drift of its route (`unlessUnreadable`), as before;
 * - any other failure of the diary (5xx, a timeout, an open breaker, a refusal of that route) is a
 *   {@link SideAnswerFailure}: a typed warning served beside the result with the failure's own code, and a
 *   mark that keeps the result fresh only briefly in the cache (`UpstreamCache`), since the route may be
 *   back in a minute while a drifted format stays drifted.
 */
import type { UpstreamScope } from '../domain/adapter.js';
import type { SideAnswerFailure, SideFailureCode } from '../domain/model.js';
import { ProviderError } from '../errors/gateway-error.js';
import { unlessUnreadable, type AnswerSource, type DriftReceiver } from './tolerant-decode.js';

/** Whoever wants to know what a result was built without: an `UpstreamScope`, or a collector. */
export interface SideAnswerReceiver extends DriftReceiver {
  reportSideFailure?(failure: SideAnswerFailure): void;
}

/** Where a side answer comes from and what it feeds. */
export interface SideAnswerSource extends AnswerSource {
  /** The fields left null (or as the core answer has them) without it, as `Type.field`: `Lesson.number`. */
  missing: readonly string[];
}

const SIDE_FAILURE_CODES: ReadonlySet<string> = new Set<SideFailureCode>([
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_TIMEOUT',
  'PROVIDER_AUTH_FAILED',
]);

function isSideFailure(error: unknown): error is ProviderError & { code: SideFailureCode } {
  return error instanceof ProviderError && SIDE_FAILURE_CODES.has(error.code);
}

/**
 * Reads a side answer: its value, or `fallback` when the call failed — reported to `receiver` as drift when
 * the answer was unreadable, as a {@link SideAnswerFailure} when the diary failed to give it. Anything else
 * (a bug, an error of the gateway's own) still fails the call.
 */
export async function sideAnswer<T>(
  source: SideAnswerSource,
  receiver: SideAnswerReceiver,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await unlessUnreadable(source, receiver, read, fallback);
  } catch (error) {
    if (!isSideFailure(error)) throw error;
    receiver.reportSideFailure?.({
      provider: source.provider,
      route: source.route,
      code: error.code,
      missing: [...source.missing],
    });
    return fallback;
  }
}

/**
 * The failures, one per provider, route and code (what each left missing joined), in the order first met:
 * a route that failed on several days, or in several months, is one warning.
 */
export function mergeSideFailures(failures: Iterable<SideAnswerFailure>): SideAnswerFailure[] {
  const merged = new Map<string, SideAnswerFailure>();
  for (const failure of failures) {
    const key = `${failure.provider}\u0000${failure.route}\u0000${failure.code}`;
    const known = merged.get(key);
    merged.set(
      key,
      known ? { ...known, missing: [...new Set([...known.missing, ...failure.missing])] } : { ...failure },
    );
  }
  return [...merged.values()];
}

/** Collects the side failures reported while one result is built. */
export class SideFailureCollector implements SideAnswerReceiver {
  private readonly seen: SideAnswerFailure[] = [];

  /** Keeps a failure reported while the result is built. */
  reportSideFailure(failure: SideAnswerFailure): void {
    this.seen.push(failure);
  }

  /** The failures, merged (see {@link mergeSideFailures}). */
  list(): SideAnswerFailure[] {
    return mergeSideFailures(this.seen);
  }
}

/** The same scope with side failures reported to `collector` (drift goes wherever `scope` sends it). */
export function scopeReportingSideFailuresTo(scope: UpstreamScope, collector: SideFailureCollector): UpstreamScope {
  return { ...scope, reportSideFailure: (failure) => collector.reportSideFailure(failure) };
}
