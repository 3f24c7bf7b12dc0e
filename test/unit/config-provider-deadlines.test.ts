/**
 * `PROVIDER_DEADLINES_MS` (issue 15): each diary's own deadline within a request, read and checked at start
 * with messages that name the variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('PROVIDER_DEADLINES_MS', () => {
  it('should be empty by default, so every diary has the request deadline', () => {
    expect(loadConfig({}).providerDeadlinesMs).toEqual({});
  });

  it('should read one deadline per diary, skipping empty entries', () => {
    expect(loadConfig({ PROVIDER_DEADLINES_MS: 'ELJUR=3000, MESH = 5000,' }).providerDeadlinesMs).toEqual({
      ELJUR: 3000,
      MESH: 5000,
    });
  });

  it('should take a deadline equal to REQUEST_DEADLINE_MS', () => {
    const config = loadConfig({ REQUEST_DEADLINE_MS: '4000', PROVIDER_DEADLINES_MS: 'DNEVNIK=4000' });
    expect(config.providerDeadlinesMs).toEqual({ DNEVNIK: 4000 });
  });

  it.each([
    ['KUNDELIK=3000', /PROVIDER_DEADLINES_MS: entry 1 must start with a diary \(MESH, DNEVNIK, ELJUR\)/],
    ['ELJUR=3000,MESH', /PROVIDER_DEADLINES_MS: entry 2 \(MESH\) needs whole milliseconds after =/],
    ['ELJUR=3.5', /PROVIDER_DEADLINES_MS: entry 1 \(ELJUR\) needs whole milliseconds/],
    ['ELJUR=0', /PROVIDER_DEADLINES_MS: entry 1 \(ELJUR\) must be between 1 and 120000 ms/],
    ['ELJUR=1000,ELJUR=2000', /PROVIDER_DEADLINES_MS: ELJUR appears twice/],
    ['MESH=9000', /PROVIDER_DEADLINES_MS: MESH=9000 is longer than REQUEST_DEADLINE_MS \(8000\)/],
    ['x'.repeat(1025), /PROVIDER_DEADLINES_MS: is too long/],
  ])('should refuse %j naming the variable', (spec, message) => {
    expect(() => loadConfig({ PROVIDER_DEADLINES_MS: spec })).toThrow(ConfigError);
    expect(() => loadConfig({ PROVIDER_DEADLINES_MS: spec })).toThrow(message);
  });

  it('should read PREFETCH_STRUCTURE, on by default', () => {
    expect(loadConfig({}).prefetchStructure).toBe(true);
    expect(loadConfig({ PREFETCH_STRUCTURE: 'off' }).prefetchStructure).toBe(false);
    expect(() => loadConfig({ PREFETCH_STRUCTURE: 'sometimes' })).toThrow(/PREFETCH_STRUCTURE/);
  });
});
