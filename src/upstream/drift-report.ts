/**
 * How the drift found while decoding answers reaches the result built from them: each decoded answer
 * carries its drift, a consumer passes it on to whoever builds the result (a scope or a collector), and
 * an answer that only enriches another may be lost as drift instead of failing the result.
 */
import type { UpstreamScope } from '../domain/adapter.js';
import type { SchemaDrift } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import { UnreadableAnswerError, type AnswerSource } from './schema-mismatch.js';
import { ROOT_PATH } from './schema-walk.js';
import { structureOf } from './structure.js';

/** Told once of every drift a decode finds (and of the mismatch that made an answer unreadable). */
export type DriftSink = (drift: SchemaDrift) => void;

/** Whoever wants the drifts behind a result: an `UpstreamScope` (`reportDrift`) or a collector. */
export interface DriftReceiver {
  reportDrift?(drift: SchemaDrift): void;
}

/** A decoded answer and what had to be left out of it. */
export interface Decoded<T> {
  value: T;
  drift: readonly SchemaDrift[];
}

/** Passes a decoded answer's drifts to `receiver` and returns its value: how a consumer takes what it uses. */
export function reportedValue<T>(decoded: Decoded<T>, receiver: DriftReceiver): T {
  for (const drift of decoded.drift) receiver.reportDrift?.(drift);
  return decoded.value;
}

/**
 * Reads an answer that only *enriches* the one a result is built from (subject names for grades, bell
 * times for lessons): when it is unreadable (`PROVIDER_BAD_RESPONSE`), the result is built without it and
 * the loss is reported as drift of `source.route`, so data from one route is never lost because another
 * route failed to decode. Any other failure (the diary down, a refused token) still fails the call.
 */
export async function unlessUnreadable<T>(
  source: AnswerSource,
  receiver: DriftReceiver,
  read: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof GatewayError) || error.code !== 'PROVIDER_BAD_RESPONSE') throw error;
    // An unreadable decode names its own route and path; any other unreadable answer is the route's as a whole.
    const where =
      error instanceof UnreadableAnswerError
        ? { route: error.route, schemaPath: error.schemaPath }
        : { route: source.route, schemaPath: ROOT_PATH };
    receiver.reportDrift?.({ provider: source.provider, ...where, dropped: 1 });
    return fallback;
  }
}

/**
 * The same scope (signal, memo) with drift reported to `receiver`: one per adapter call, so each result
 * gathers the drift of exactly the answers it was built from, while the memo stays shared.
 */
export function scopeReportingTo(scope: UpstreamScope, receiver: DriftReceiver): UpstreamScope {
  return {
    signal: scope.signal,
    once: (key, load) => scope.once(key, load),
    reportDrift: (drift) => receiver.reportDrift?.(drift),
    ...structureOf(scope),
  };
}

/** Collects the drifts reported while one result is built: repeats of one drift object count once. */
export class DriftCollector implements DriftReceiver {
  private readonly seen = new Set<SchemaDrift>();

  /** Keeps a drift reported while the result is built. */
  reportDrift(drift: SchemaDrift): void {
    this.seen.add(drift);
  }

  /** The drifts, merged by provider, route and path (their `dropped` added up), in the order first met. */
  list(): SchemaDrift[] {
    const merged = new Map<string, SchemaDrift>();
    for (const drift of this.seen) {
      const key = `${drift.provider}\u0000${drift.route}\u0000${drift.schemaPath}`;
      const known = merged.get(key);
      merged.set(key, known ? { ...known, dropped: known.dropped + drift.dropped } : { ...drift });
    }
    return [...merged.values()];
  }
}
