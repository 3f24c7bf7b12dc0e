import { describe, expect, it } from 'vitest';
import { changesState, isCrossSiteRequest } from '../../../src/server/same-origin.js';

const HOST = { host: 'diary.example:4000' };

describe('isCrossSiteRequest', () => {
  it.each([
    [
      'a browser on the gateway itself (Sec-Fetch-Site)',
      { ...HOST, 'sec-fetch-site': 'same-origin', origin: 'http://diary.example:4000' },
      false,
    ],
    ['a person typing the address (Sec-Fetch-Site: none)', { ...HOST, 'sec-fetch-site': 'none' }, false],
    [
      'another site, told by the browser',
      { ...HOST, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      true,
    ],
    [
      'a sibling subdomain',
      { ...HOST, 'sec-fetch-site': 'same-site', origin: 'http://other.diary.example:4000' },
      true,
    ],
    // Sec-Fetch-Site cannot be set by a page, so it decides even when Origin disagrees.
    [
      'Sec-Fetch-Site cross-site with a matching Origin',
      { ...HOST, 'sec-fetch-site': 'cross-site', origin: 'http://diary.example:4000' },
      true,
    ],
    ['an older browser on the gateway (Origin only)', { ...HOST, origin: 'http://diary.example:4000' }, false],
    ['an older browser on another site (Origin only)', { ...HOST, origin: 'https://evil.example' }, true],
    ['the same host on another port', { ...HOST, origin: 'http://diary.example:5000' }, true],
    ['Origin: null (sandboxed frame)', { ...HOST, origin: 'null' }, true],
    ['an Origin that is not a URL', { ...HOST, origin: 'evil' }, true],
    ['no Origin and no Sec-Fetch-Site (an API client)', { ...HOST, authorization: 'Bearer x' }, false],
  ])('should judge %s', (_name, headers, crossSite) => {
    expect(isCrossSiteRequest(headers, null)).toBe(crossSite);
  });

  it('should compare with PUBLIC_URL when configured, not with the Host a proxy may have rewritten', () => {
    const behindProxy = { host: '10.0.0.5:4000' };
    expect(isCrossSiteRequest({ ...behindProxy, origin: 'https://diary.example' }, 'https://diary.example')).toBe(
      false,
    );
    expect(isCrossSiteRequest({ ...behindProxy, origin: 'http://diary.example' }, 'https://diary.example')).toBe(true);
    expect(isCrossSiteRequest({ ...behindProxy, origin: 'http://10.0.0.5:4000' }, 'https://diary.example')).toBe(true);
  });
});

describe('changesState', () => {
  it.each([
    ['GET', false],
    ['head', false],
    ['OPTIONS', false],
    ['POST', true],
    ['PUT', true],
    ['PATCH', true],
    ['DELETE', true],
  ])('should say %s changes state: %s', (method, expected) => {
    expect(changesState(method)).toBe(expected);
  });
});
