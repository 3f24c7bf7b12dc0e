import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { environmentSchema } from '../../../src/config/environment.js';

/** The problems `loadConfig` reports for `environment`, or `[]` when it loads. */
function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('tracing configuration (OTEL_*)', () => {
  it('should leave tracing off without an endpoint, whatever else is set', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'gateway-a', OTEL_TRACES_SAMPLER_ARG: '0.5' }).tracing).toBeNull();
  });

  it('should append /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, with or without a trailing slash', () => {
    for (const endpoint of ['http://collector:4318', 'http://collector:4318/', 'http://collector:4318//']) {
      expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).tracing).toEqual({
        tracesUrl: 'http://collector:4318/v1/traces',
        serviceName: 'diary-gateway',
        sampleRatio: 1,
      });
    }
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.ru/ingest' }).tracing?.tracesUrl).toBe(
      'https://otel.example.ru/ingest/v1/traces',
    );
  });

  it('should use OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, over the base endpoint', () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom/path',
      OTEL_SERVICE_NAME: 'diary-gateway-staging',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(config.tracing).toEqual({
      tracesUrl: 'http://traces:9999/custom/path',
      serviceName: 'diary-gateway-staging',
      sampleRatio: 0.25,
    });
    expect(Object.isFrozen(config.tracing)).toBe(true);
  });

  it('should refuse a bad endpoint without echoing it (it may hold a key), and a ratio or name out of bounds', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://user:s3cret-key@collector',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_SERVICE_NAME: 'has spaces',
    });
    expect(problems).toHaveLength(3);
    expect(problems.find((problem) => problem.startsWith('OTEL_EXPORTER_OTLP_ENDPOINT:'))).toMatch(/http\(s\) URL/);
    expect(problems.join('\n')).not.toContain('s3cret-key');
    expect(problems.some((problem) => problem.startsWith('OTEL_TRACES_SAMPLER_ARG:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('OTEL_SERVICE_NAME:'))).toBe(true);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://collector/${'x'.repeat(3000)}` })).toEqual([
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: /),
    ]);
  });

  it('should declare every OTEL_* variable it reads in the environment schema', () => {
    expect(Object.keys(environmentSchema.shape).filter((name) => name.startsWith('OTEL_'))).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_SERVICE_NAME',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
  });
});
