/** Reads one sample of a gateway metric, for assertions. */
import type { GatewayMetrics } from '../../src/observability/metrics.js';

/** The value of metric `name` whose labels include `labels`, or `undefined` when there is none. */
export async function metricValue(
  metrics: GatewayMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const values = (metric?.values ?? []) as { value: number; labels: Record<string, string | number> }[];
  return values.find((sample) => Object.entries(labels).every(([key, value]) => String(sample.labels[key]) === value))
    ?.value;
}
