/**
 * The sample Grafana dashboard (docs/grafana/diary-gateway.json) reads only metrics the gateway exports: every
 * metric name in every panel's expressions and every variable's query is one of the gateway's registry
 * (createGatewayMetrics(), with prom-client's process metrics), so a renamed metric breaks this test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
  gridPos?: { h: number; w: number; x: number; y: number };
}
interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string | { query: string }; definition?: string }[] };
}

const DASHBOARD = JSON.parse(readFileSync('docs/grafana/diary-gateway.json', 'utf8')) as Dashboard;
const DATA_SOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

/** Every panel, those inside rows too. */
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
const queryPanels = allPanels(DASHBOARD.panels).filter((panel) => panel.type !== 'row');

/** The metric names an expression reads (ours all start with `diary_gateway_`). */
const metricNamesIn = (expression: string) => expression.match(/\bdiary_gateway_\w+/g) ?? [];

/** Names as a query can spell them: each metric's own, and a histogram's `_bucket`, `_sum` and `_count` series. */
async function exportedSeries(): Promise<Set<string>> {
  const metrics = await createGatewayMetrics().registry.getMetricsAsJSON();
  return new Set(
    metrics.flatMap(({ name, type }) =>
      String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
    ),
  );
}

describe('the Grafana dashboard', () => {
  it('should be a Grafana 10 dashboard whose every query panel reads Prometheus through ${DS_PROMETHEUS}', () => {
    expect(DASHBOARD).toMatchObject({ title: 'diary-gateway', uid: 'diary-gateway' });
    expect(DASHBOARD.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(DASHBOARD.templating.list.find((variable) => variable.name === 'DS_PROMETHEUS')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
    expect(queryPanels.length).toBeGreaterThan(10);
    for (const panel of queryPanels) {
      expect(panel.datasource, panel.title).toEqual(DATA_SOURCE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets!) {
        expect(target.datasource, panel.title).toEqual(DATA_SOURCE);
        expect(metricNamesIn(target.expr ?? ''), panel.title).not.toEqual([]);
      }
    }
  });

  it('should read only metrics the gateway exports, in every panel and every variable', async () => {
    const exported = await exportedSeries();
    const used = [
      ...queryPanels.flatMap((panel) =>
        panel.targets!.flatMap((target) => metricNamesIn(target.expr!).map((name) => [panel.title, name])),
      ),
      ...DASHBOARD.templating.list.flatMap((variable) =>
        metricNamesIn(JSON.stringify(variable.query ?? '')).map((name) => [`variable ${variable.name}`, name]),
      ),
    ];
    expect(used.filter(([, name]) => !exported.has(name!))).toEqual([]);
  });

  it('should show what an operator asks first: operations, errors, diaries, breakers, retries, the cache and the process', () => {
    const used = new Set(
      queryPanels.flatMap((panel) => panel.targets!.flatMap((target) => metricNamesIn(target.expr!))),
    );
    for (const name of [
      'diary_gateway_graphql_operation_duration_seconds_bucket',
      'diary_gateway_graphql_operation_duration_seconds_count',
      'diary_gateway_http_request_duration_seconds_count',
      'diary_gateway_graphql_errors_total',
      'diary_gateway_upstream_request_duration_seconds_bucket',
      'diary_gateway_upstream_errors_total',
      'diary_gateway_upstream_retries_total',
      'diary_gateway_upstream_circuit_state',
      'diary_gateway_cache_events_total',
      'diary_gateway_cache_entries',
      'diary_gateway_cache_bytes',
      'diary_gateway_process_resident_memory_bytes',
      'diary_gateway_process_cpu_seconds_total',
      'diary_gateway_nodejs_eventloop_lag_p99_seconds',
    ])
      expect(used, name).toContain(name);
  });

  it('should lay its panels out inside the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const panel of allPanels(DASHBOARD.panels)) {
      const { h, w, x, y } = panel.gridPos!;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row++)
        for (let column = x; column < x + w; column++) {
          expect(cells.has(`${row}:${column}`), panel.title).toBe(false);
          cells.add(`${row}:${column}`);
        }
    }
  });
});
