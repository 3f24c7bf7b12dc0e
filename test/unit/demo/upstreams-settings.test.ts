import { describe, expect, it } from 'vitest';
import { loadUpstreamsSettings, UpstreamsSettingsError } from '../../../src/demo/upstreams-settings.js';

/** The problems `environment` is refused with. */
function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadUpstreamsSettings(environment);
  } catch (error) {
    if (error instanceof UpstreamsSettingsError) return error.problems;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('loadUpstreamsSettings', () => {
  it('should default to loopback, localhost, ports 4010–4014 and one gateway at localhost:4000', () => {
    expect(loadUpstreamsSettings({})).toEqual({
      host: '127.0.0.1',
      publicHost: 'localhost',
      issuerPort: 4010,
      ports: { mesh: 4011, meshRegion: 4012, dnevnik: 4013, eljur: 4014 },
      gatewayUrls: ['http://localhost:4000'],
      latencyMs: 0,
    });
  });

  it('should read every gateway of the list, trimmed, without trailing slashes or repeats', () => {
    const settings = loadUpstreamsSettings({
      UPSTREAMS_GATEWAY_URLS: ' http://localhost:4001/ ,https://diary.example.ru/gateway,http://localhost:4001',
    });
    expect(settings.gatewayUrls).toEqual(['http://localhost:4001', 'https://diary.example.ru/gateway']);
    expect(Object.isFrozen(settings.gatewayUrls)).toBe(true);
  });

  it('should take an empty variable for an unset one, and port 0 for a port the system picks', () => {
    expect(
      loadUpstreamsSettings({ UPSTREAMS_HOST: '', UPSTREAMS_MESH_PORT: '0', UPSTREAMS_ELJUR_PORT: '0' }),
    ).toMatchObject({ host: '127.0.0.1', ports: { mesh: 0, eljur: 0 } });
  });

  it.each([
    [{ UPSTREAMS_ISSUER_PORT: '70000' }, /^UPSTREAMS_ISSUER_PORT: /],
    [{ UPSTREAMS_LATENCY_MS: '-1' }, /^UPSTREAMS_LATENCY_MS: /],
    [{ UPSTREAMS_PUBLIC_HOST: 'localhost/evil' }, /^UPSTREAMS_PUBLIC_HOST: must be a host name/],
    [{ UPSTREAMS_GATEWAY_URLS: 'localhost:4001' }, /^UPSTREAMS_GATEWAY_URLS: must be http\(s\) URLs/],
    [{ UPSTREAMS_GATEWAY_URLS: 'ftp://localhost' }, /^UPSTREAMS_GATEWAY_URLS: must be http\(s\) URLs/],
    [{ UPSTREAMS_GATEWAY_URLS: 'http://localhost:4001/?next=x' }, /^UPSTREAMS_GATEWAY_URLS: must be base URLs/],
    [{ UPSTREAMS_GATEWAY_URLS: Array.from({ length: 17 }, (_, i) => `http://g${i}`).join(',') }, /at most 16 gateways/],
    [{ UPSTREAMS_GATEWAY_URLS: 'x'.repeat(5000) }, /^UPSTREAMS_GATEWAY_URLS: is too long/],
    [{ UPSTREAMS_MESH_PORT: '4013' }, /every server needs a port of its own/],
  ])('should refuse %o, naming the variable', (environment, problem) => {
    expect(problemsOf(environment)).toContainEqual(expect.stringMatching(problem));
  });
});
