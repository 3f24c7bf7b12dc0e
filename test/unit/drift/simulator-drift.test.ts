import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { applyDrift, checkedDriftRule, type DriftKind } from '../../../adapters/simulation/drift.js';
import { createLogger } from '../../../src/logging/logger.js';
import { createGatewayMetrics } from '../../../src/observability/metrics.js';
import { createSchemaDriftReporter } from '../../../src/observability/schema-drift.js';
import { metricValue } from '../../support/metrics.js';

// The simulators' drift modes: one field of one route changes its shape, as a diary might without notice.

const body = () => ({
  days: [
    { date: '2026-11-20', teachers: [{ id: 7n, name: 'A' }], count: 2 },
    { date: '2026-11-21', teachers: [{ id: 8n, name: 'B' }], count: 3 },
  ],
});

describe('applyDrift', () => {
  it.each<[DriftKind, unknown]>([
    ['container', { '0': { id: 7n, name: 'A' } }],
    ['wrapped', { value: [{ id: 7n, name: 'A' }] }],
    ['null', null],
  ])('should change the first match’s shape (%s) and leave the rest and the original alone', (kind, expected) => {
    const original = body();
    const { body: drifted, drifted: count } = applyDrift(original, {
      route: 'schedules',
      path: 'days[].teachers',
      kind,
    });
    expect(count).toBe(1);
    expect((drifted as ReturnType<typeof body>).days.map((day) => day.teachers)).toEqual([
      expected,
      [{ id: 8n, name: 'B' }],
    ]);
    expect(original).toEqual(body());
  });

  it('should swap numbers and texts both ways, and remove a key or a list item', () => {
    expect(
      (applyDrift(body(), { route: 'r', path: 'days[].count', kind: 'type', matches: 'all' }).body as any).days.map(
        (day: any) => day.count,
      ),
    ).toEqual(['2', '3']);
    expect((applyDrift({ value: '5' }, { route: 'r', path: 'value', kind: 'type' }).body as any).value).toBe(5);
    expect((applyDrift({ value: 'Н' }, { route: 'r', path: 'value', kind: 'type' }).body as any).value).toBe(true);
    expect((applyDrift({ id: 7n }, { route: 'r', path: 'id', kind: 'type' }).body as any).id).toBe('7');
    expect(applyDrift(body(), { route: 'r', path: 'days[].date', kind: 'missing', skip: 1 }).body).toEqual({
      days: [body().days[0], { teachers: [{ id: 8n, name: 'B' }], count: 3 }],
    });
    expect((applyDrift(body(), { route: 'r', path: 'days[]', kind: 'missing' }).body as any).days).toEqual([
      body().days[1],
    ]);
  });

  it('should walk maps with `{}`, as Eljur keys days and lessons', () => {
    const eljur = {
      response: {
        result: {
          students: { '1': { days: { '20261120': { items: { '1': { room: '204' }, '2': { room: '205' } } } } } },
        },
      },
    };
    const { body: drifted, drifted: count } = applyDrift(eljur, {
      route: 'getdiary',
      path: 'response.result.students{}.days{}.items{}.room',
      kind: 'type',
      matches: 'all',
    });
    expect(count).toBe(2);
    expect((drifted as any).response.result.students['1'].days['20261120'].items).toEqual({
      '1': { room: 204 },
      '2': { room: 205 },
    });
  });

  it('should change nothing, and say so, when the path finds nothing', () => {
    expect(applyDrift(body(), { route: 'r', path: 'days[].nope', kind: 'null' })).toEqual({ body: body(), drifted: 0 });
  });

  it('should refuse a rule for a route the simulator does not serve, an unknown kind, or a bad path', () => {
    expect(() => checkedDriftRule({ route: 'nope', path: 'a', kind: 'null' }, ['schedules'])).toThrow(
      /unknown drift route "nope"; expected one of schedules/,
    );
    expect(() => checkedDriftRule({ route: 'schedules', path: 'a', kind: 'melt' as DriftKind }, ['schedules'])).toThrow(
      /unknown drift kind "melt"/,
    );
    expect(() => checkedDriftRule({ route: 'schedules', path: 'a..b', kind: 'null' }, ['schedules'])).toThrow(
      /drift path "a..b"/,
    );
    expect(() => checkedDriftRule({ route: 'schedules', path: 'a', kind: 'null', skip: -1 }, ['schedules'])).toThrow(
      /skip/,
    );
  });
});

describe('createSchemaDriftReporter', () => {
  it('should count by provider, route and template path, and log one line naming route and path', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) }),
    );
    const metrics = createGatewayMetrics({ processMetrics: false });
    const report = createSchemaDriftReporter(metrics, logger);
    report({ provider: 'DNEVNIK', route: 'schedules', schemaPath: 'days[].teachers', dropped: 3 });
    report({ provider: 'DNEVNIK', route: 'schedules', schemaPath: 'days[].teachers', dropped: 1 });
    expect(
      await metricValue(metrics, 'diary_gateway_schema_drift_total', {
        provider: 'DNEVNIK',
        route: 'schedules',
        schema_path: 'days[].teachers',
      }),
    ).toBe(2);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      provider: 'DNEVNIK',
      route: 'schedules',
      schemaPath: 'days[].teachers',
      dropped: 3,
    });
  });
});
