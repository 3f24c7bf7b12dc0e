import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../src/server/client-address.js';

const request = (peer: string | undefined, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress: peer } as Socket,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddress', () => {
  it('should use the connection and ignore X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), 0)).toBe('203.0.113.7');
  });

  it('should take the entry the trusted proxy appended, not one the client wrote', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4" itself; the proxy appended the real peer.
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 198.51.100.9'), 1)).toBe('198.51.100.9');
    expect(clientAddress(request('10.0.0.3', '1.2.3.4, 198.51.100.9, 10.0.0.2'), 2)).toBe('198.51.100.9');
    expect(clientAddress(request('10.0.0.2', ['1.2.3.4', '198.51.100.9']), 1)).toBe('198.51.100.9');
  });

  it('should fall back to the leftmost entry when fewer proxies appended than configured', () => {
    expect(clientAddress(request('10.0.0.2', '198.51.100.9'), 3)).toBe('198.51.100.9');
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('should not let an overlong entry become a bucket key', () => {
    expect(clientAddress(request('10.0.0.2', 'x'.repeat(5000)), 1)).toBe('malformed');
    expect(clientAddress(request(undefined), 0)).toBe('unknown');
  });
});
