/**
 * Where the adapters' schema drift becomes visible to operators: one Prometheus count and one log line
 * per drifted part of an upstream answer (adapters call it once per answer, when they decode it; copies
 * served from cache are not counted again). Families see the same drift as `PROVIDER_SCHEMA_DRIFT` beside
 * their data; this is the operators' side of it.
 *
 * Nothing here can carry personal data: a drift names a provider, a route and a template path built from
 * the payload schema (`days[].teachers`), never a value, an id or a name from the answer.
 */
import type { SchemaDrift } from '../domain/model.js';
import type { Logger } from '../logging/logger.js';
import type { DriftSink } from '../upstream/tolerant-decode.js';
import type { GatewayMetrics } from './metrics.js';

/** Creates the sink the adapters get as `onSchemaDrift`: counts `schema_drift_total` and logs one warning. */
export function createSchemaDriftReporter(metrics: Pick<GatewayMetrics, 'schemaDrift'>, logger: Logger): DriftSink {
  return (drift: SchemaDrift) => {
    metrics.schemaDrift.inc({ provider: drift.provider, route: drift.route, schema_path: drift.schemaPath });
    logger.warn(
      { provider: drift.provider, route: drift.route, schemaPath: drift.schemaPath, dropped: drift.dropped },
      'a diary answer drifted from its schema; the unreadable part was left out',
    );
  };
}
