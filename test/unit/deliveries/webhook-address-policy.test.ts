import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress } from '../../../src/deliveries/webhook-address-policy.js';

describe('the webhook address policy', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local (metadata)'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF'],
    ['192.0.2.1', 'documentation'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'Teredo'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
  ])('should refuse %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450::1',
  ])('should take the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('should refuse what is not an address', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });

  it.each([
    ['https://2130706433/hook', 'decimal IPv4'],
    ['https://0x7f.1/hook', 'hexadecimal IPv4'],
    ['https://0177.0.0.1/hook', 'octal IPv4'],
    ['https://127.1/hook', 'short IPv4'],
    ['https://[::ffff:127.0.0.1]/hook', 'bracketed IPv4-mapped'],
    ['https://[::1]:8443/hook', 'IPv6 loopback with a port'],
    ['https://localhost/hook', 'localhost'],
    ['https://api.localhost/hook', 'a name under localhost'],
    ['https://169.254.169.254/latest/meta-data', 'the metadata service'],
  ])('should refuse %s (%s) when registered under `public`', (url) => {
    expect(checkWebhookUrl(url, 'public')).toEqual({ refused: 'private-address' });
  });

  it('should take https only, without credentials, and bound the length', () => {
    expect(checkWebhookUrl('http://hooks.example.com/x', 'public')).toEqual({ refused: 'not-https' });
    expect(checkWebhookUrl('ftp://hooks.example.com/x', 'any')).toEqual({ refused: 'not-https' });
    expect(checkWebhookUrl('https://user:pass@hooks.example.com/x', 'public')).toEqual({ refused: 'credentials' });
    expect(checkWebhookUrl('not a url', 'public')).toEqual({ refused: 'not-a-url' });
    expect(checkWebhookUrl(`https://hooks.example.com/${'a'.repeat(2048)}`, 'public')).toEqual({ refused: 'too-long' });
    expect('url' in checkWebhookUrl('https://hooks.example.com/x?y=1', 'public')).toBe(true);
  });

  it('should take loopback and http under `any` (tests, closed networks)', () => {
    expect('url' in checkWebhookUrl('http://127.0.0.1:8080/hook', 'any')).toBe(true);
  });
});
