import { describe, expect, it } from 'vitest';
import {
  boundedCallbackQuery,
  boundedParam,
  isLinkPath,
  loggableProviderCode,
  parseLinkPath,
  tenantIdOf,
} from '../../../src/linking/link-query.js';

describe('link paths', () => {
  it('should own every path under /link and nothing beside it', () => {
    expect(isLinkPath('/link')).toBe(true);
    expect(isLinkPath('/link/mesh/callback')).toBe(true);
    expect(isLinkPath('/links')).toBe(false);
    expect(isLinkPath('/linking')).toBe(false);
    expect(isLinkPath('/graphql')).toBe(false);
  });

  it('should name the overview, each platform’s start and callback, and nothing else', () => {
    expect(parseLinkPath('/link')).toEqual({ route: 'overview' });
    expect(parseLinkPath('/link/')).toEqual({ route: 'overview' });
    expect(parseLinkPath('/link/mesh')).toEqual({ route: 'start', platform: 'MESH' });
    expect(parseLinkPath('/link/dnevnik/callback')).toEqual({ route: 'callback', platform: 'DNEVNIK' });
    expect(parseLinkPath('/link/eljur')).toEqual({ route: 'start', platform: 'ELJUR' });
    for (const path of [
      '/link/MESH',
      '/link/mesh/',
      '/link/mesh/callback/x',
      '/link/other',
      '/link/mesh/back',
      '/link/__proto__',
    ])
      expect(parseLinkPath(path)).toBeNull();
  });
});

describe('bounded query values', () => {
  it('should take a parameter only when present, non-empty and within its limit', () => {
    const params = new URLSearchParams({ state: 's'.repeat(512), long: 's'.repeat(513), empty: '' });
    expect(boundedParam(params, 'state', 512)).toHaveLength(512);
    expect(boundedParam(params, 'long', 512)).toBeNull();
    expect(boundedParam(params, 'empty', 512)).toBeNull();
    expect(boundedParam(params, 'absent', 512)).toBeNull();
  });

  it('should take tenant ids as the registry spells them, and nothing else', () => {
    expect(tenantIdOf('mesh-mosreg')).toBe('mesh-mosreg');
    expect(tenantIdOf('a'.repeat(40))).toBe('a'.repeat(40));
    for (const value of [null, 'a', 'a'.repeat(41), 'Mesh', 'mesh_mosreg', '<script>', 'mesh mosreg', 'constructor!'])
      expect(tenantIdOf(value)).toBeNull();
  });

  it('should hand an adapter at most 32 parameters of sane size, leaving out the oversized ones', () => {
    const raw = new URLSearchParams();
    raw.append('code', 'c'.repeat(4_096));
    raw.append('token', 't'.repeat(4_097));
    raw.append('x'.repeat(65), 'long name');
    for (let index = 0; index < 40; index++) raw.append(`p${index}`, 'v');
    const bounded = boundedCallbackQuery(raw);
    expect(bounded.get('code')).toHaveLength(4_096);
    expect(bounded.has('token')).toBe(false);
    expect(bounded.has('x'.repeat(65))).toBe(false);
    expect([...bounded.keys()]).toHaveLength(32);
  });

  it('should log a diary’s error code only when it looks like one', () => {
    expect(loggableProviderCode('access_denied')).toBe('access_denied');
    expect(loggableProviderCode(null)).toBeNull();
    expect(loggableProviderCode('secret code=abc')).toBe('other');
    expect(loggableProviderCode('x'.repeat(65))).toBe('other');
  });
});
