/**
 * Reading `CORS_ORIGINS`, the web apps on origins of their own that may call the gateway from a browser
 * (see `GatewayConfig.corsOrigins` and `src/server/cors.ts`).
 */

/** Most origins one gateway lists: an allow-list, not a directory. */
export const MAX_CORS_ORIGINS = 64;
/** Longest entry: a scheme, a 253-character host name and a port fit with room to spare. */
const MAX_ENTRY = 300;
/** A host as the URL parser leaves it: a (punycoded) name or IPv4 address, or an IPv6 address in brackets. */
const HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])$/;

/**
 * `https://app.example.ru,http://localhost:5173` → origins as browsers write them in `Origin`
 * (`scheme://host[:port]`, host lower-cased and punycoded, a default port dropped), in the order given and
 * without repeats. Empty entries (a trailing comma) are skipped, and so is one trailing `/`, which people
 * paste with an address; anything else beyond an origin is refused rather than cut, since a path would
 * suggest a narrower grant than an origin is.
 * @throws Error naming the entry by position (and its origin when it has one, never anything else: an entry
 *   that is not an origin may be something pasted by mistake, a secret included) when one is not an origin.
 */
export function parseCorsOrigins(spec: string): string[] {
  const origins: string[] = [];
  spec.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    if (!entry) return;
    const origin = originOf(entry, index + 1);
    if (!origins.includes(origin)) origins.push(origin);
  });
  if (origins.length > MAX_CORS_ORIGINS) throw new Error(`lists more than ${MAX_CORS_ORIGINS} origins`);
  return origins;
}

function originOf(entry: string, position: number): string {
  if (entry === '*')
    throw new Error(
      `entry ${position} is "*": credentials are never granted to every origin; list each web app's origin`,
    );
  // A browser's `Origin` never holds a wildcard: such an entry would match nothing while looking like a grant.
  if (entry.includes('*'))
    throw new Error(`entry ${position} has a wildcard: list each web app's origin, e.g. https://app.example.ru`);
  const notOrigin = `entry ${position} must be an origin such as https://app.example.ru or http://localhost:5173`;
  if (entry.length > MAX_ENTRY) throw new Error(notOrigin);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(notOrigin);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !HOST.test(url.hostname)) throw new Error(notOrigin);
  // A user name or password would be a secret in the wrong place: refused, and not echoed.
  if (url.username || url.password) throw new Error(`entry ${position} holds a user name or password`);
  const { origin } = url;
  if (!originOnly(entry) || url.pathname !== '/' || url.search || url.hash)
    throw new Error(`entry ${position} (${origin}) must be an origin only: no path, query or fragment`);
  return origin;
}

/** Whether nothing but an optional `/` follows `scheme://host[:port]` in `entry` (as typed, before parsing). */
function originOnly(entry: string): boolean {
  const authority = entry.slice(entry.indexOf('://') + 3);
  // The WHATWG parser reads `\` as `/` in http(s) addresses: it ends the host too.
  const end = authority.search(/[/?#\\]/);
  return end === -1 || authority.slice(end) === '/';
}
