/**
 * The address a request came from, for the per-address allowances. Behind reverse proxies the
 * connection comes from the nearest proxy, so every family would share one allowance; with
 * `TRUSTED_PROXY_HOPS` set, the address is read from `X-Forwarded-For` instead, counting from the right:
 * each trusted proxy appends the address it received the request from, so the entries a client writes
 * itself are on the left and are never used (the client cannot pick its own bucket).
 */
import type { IncomingMessage } from 'node:http';

/** Longest address kept as a bucket key: an IPv6 address with a zone fits; anything longer is not an address. */
const MAX_ADDRESS_LENGTH = 64;

/**
 * The client's address: the connection's peer with `trustedProxyHops` 0, else the `X-Forwarded-For`
 * entry that many hops to the left of the peer. With fewer entries than hops (a proxy that did not
 * append) the leftmost is used.
 * @example clientAddress(req, 1) // one proxy: the last X-Forwarded-For entry, written by that proxy
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const chain = [...forwarded, peer];
  const address = chain[Math.max(0, chain.length - 1 - trustedProxyHops)]!;
  return address.length <= MAX_ADDRESS_LENGTH ? address : 'malformed';
}
