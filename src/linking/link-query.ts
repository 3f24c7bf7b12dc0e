/**
 * Reading the link routes' paths and query strings, every value bounded before use. A diary's redirect
 * back may carry anything (and a link can be crafted by anyone), so values are taken only within their
 * limits: an over-long `state` is no state, an over-long `code` is no code, and the adapter's
 * `readCallback` sees only parameters of sane size.
 */
import { LINK_INPUT_LIMITS } from '../accounts/credential-shape.js';
import { loggableProviderCode as providerCodeForLog } from '../upstream/provider-code.js';
import type { ProviderKind } from '../domain/model.js';

/** The platform segment of `/link/<platform>` for each diary. */
export const PLATFORM_SEGMENTS: Readonly<Record<ProviderKind, string>> = Object.freeze({
  MESH: 'mesh',
  DNEVNIK: 'dnevnik',
  ELJUR: 'eljur',
});

const PLATFORM_OF_SEGMENT: ReadonlyMap<string, ProviderKind> = new Map(
  (Object.entries(PLATFORM_SEGMENTS) as [ProviderKind, string][]).map(([platform, segment]) => [segment, platform]),
);

/** The limits of the values the routes read (characters). */
export const LINK_QUERY_LIMITS = Object.freeze({
  state: LINK_INPUT_LIMITS.state,
  /** Tenant ids: lower-case letters, digits and `-`, 2–40 characters (`src/tenants/tenant.ts`). */
  tenant: 40,
  vendor: LINK_INPUT_LIMITS.vendor,
  /** `flow=redirect` is all there is. */
  flow: 16,
  /** Each parameter handed to an adapter's `readCallback`: a code or token fits ({@link LINK_INPUT_LIMITS}). */
  callbackValue: LINK_INPUT_LIMITS.code,
  callbackName: 64,
  callbackParameters: 32,
});

/** Which link route a path names. */
export type LinkPath =
  { route: 'overview' } | { route: 'start'; platform: ProviderKind } | { route: 'callback'; platform: ProviderKind };

/** Whether the link routes own `path` (everything under `/link`, so no other route sees it). */
export function isLinkPath(path: string): boolean {
  return path === '/link' || path.startsWith('/link/');
}

/** The route of a path under `/link`, or `null` for one that names nothing. */
export function parseLinkPath(path: string): LinkPath | null {
  if (path === '/link' || path === '/link/') return { route: 'overview' };
  const parts = path.split('/');
  // ['', 'link', '<platform>'] or ['', 'link', '<platform>', 'callback']
  if (parts.length < 3 || parts.length > 4 || parts[1] !== 'link') return null;
  const platform = PLATFORM_OF_SEGMENT.get(parts[2]!);
  if (!platform) return null;
  if (parts.length === 3) return { route: 'start', platform };
  return parts[3] === 'callback' ? { route: 'callback', platform } : null;
}

/** The first value of `name` when it is present, non-empty and at most `max` characters; else `null`. */
export function boundedParam(params: URLSearchParams, name: string, max: number): string | null {
  const value = params.get(name);
  return value === null || value === '' || value.length > max ? null : value;
}

function isTenantCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}

/** A tenant id as the registry spells them, or `null` for anything else (never looked up). */
export function tenantIdOf(value: string | null): string | null {
  if (value === null || value.length < 2 || value.length > LINK_QUERY_LIMITS.tenant) return null;
  for (let index = 0; index < value.length; index++) if (!isTenantCharacter(value.charCodeAt(index))) return null;
  return value;
}

/**
 * The diary's redirect query as an adapter may read it: at most 32 parameters, names of at most 64
 * characters, values of at most 4096; anything larger is left out (and so reads as absent).
 */
export function boundedCallbackQuery(params: URLSearchParams): URLSearchParams {
  const bounded = new URLSearchParams();
  let kept = 0;
  for (const [name, value] of params) {
    if (kept >= LINK_QUERY_LIMITS.callbackParameters) break;
    if (name.length > LINK_QUERY_LIMITS.callbackName || value.length > LINK_QUERY_LIMITS.callbackValue) continue;
    bounded.append(name, value);
    kept += 1;
  }
  return bounded;
}

/** The diary's own error code for the log, when it looks like one (`access_denied`); else `"other"`. */
export function loggableProviderCode(code: string | null): string | null {
  if (code === null) return null;
  return providerCodeForLog(code) ?? 'other';
}
