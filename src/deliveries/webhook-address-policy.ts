/**
 * Which addresses a webhook may reach (docs/webhooks.md, "Addresses"). A webhook's URL is chosen by a
 * user, so without a policy the gateway would POST wherever it is told: its own admin ports, the cloud's
 * metadata service (169.254.169.254), Redis on the private network. With `WEBHOOK_ALLOWED_URLS=public` (the
 * default) only `https` URLs are taken, and every address the host resolves to must be a public unicast
 * one; the check is made again at every delivery on the very address connected to (`webhook-transport.ts`
 * resolves, checks and connects to that address), so a name that resolves to a public address when it is
 * registered and to 127.0.0.1 later (DNS rebinding) reaches nothing. `any` lifts both rules, for tests and
 * closed networks.
 *
 * Node's `BlockList` holds the ranges (IANA's special-purpose registries); addresses that carry an IPv4
 * address inside an IPv6 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by the IPv4 address they carry.
 */
import { BlockList, isIP } from 'node:net';

/** `public`: https and public addresses only; `any`: whatever the URL says (tests, closed networks). */
export type WebhookUrlPolicy = 'public' | 'any';

/** The longest webhook URL accepted (also the schema's stated cap). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const V4_RANGES: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const V6_RANGES: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo among them)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [network, prefix] of V4_RANGES) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of V6_RANGES) blocked.addSubnet(network, prefix, 'ipv6');

/** The 8 groups of an IPv6 address, as numbers (`::` expanded, a dotted IPv4 tail read as two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const tail4 = text.slice(text.lastIndexOf(':') + 1);
  if (tail4.includes('.')) {
    const [a, b, c, d] = tail4.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), `null` when it carries none. */
function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0))
    return zeros(0, 8) || (zeros(0, 7) && g[7] === 1) ? null : v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

/** Whether `address` (an IP address as text) is a public unicast address a webhook may reach. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address.split('%')[0]!);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  const carried = embeddedIPv4(address);
  if (carried !== null) return isPublicAddress(carried);
  return !blocked.check(address.split('%')[0]!, 'ipv6');
}

/** Why a URL was refused, for the `BAD_USER_INPUT` message (never the URL itself: it may hold a secret). */
export type UrlRefusal = 'not-a-url' | 'too-long' | 'not-https' | 'credentials' | 'private-address';

/**
 * Checks a URL as given when a webhook is registered or changed: its form (https, no user:password), and a
 * host written as an IP address against the ranges. A host name is judged at each delivery, when it is resolved.
 */
export function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): { url: URL } | { refused: UrlRefusal } {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return { refused: 'too-long' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { refused: 'not-a-url' };
  }
  if (url.protocol !== 'https:' && !(policy === 'any' && url.protocol === 'http:')) return { refused: 'not-https' };
  if (url.username !== '' || url.password !== '') return { refused: 'credentials' };
  if (policy === 'public') {
    const host = hostOf(url);
    if (isIP(host) !== 0 && !isPublicAddress(host)) return { refused: 'private-address' };
    if (host === 'localhost' || host.endsWith('.localhost')) return { refused: 'private-address' };
  }
  return { url };
}

/** The URL's host as an address or name: IPv6 without its brackets. The URL parser has already turned `0x7f.1`, `2130706433` and `0177.0.0.1` into dotted IPv4. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}
