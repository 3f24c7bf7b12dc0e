/**
 * The two cookies of browser sign-in. `dg_login` carries the random id of a pending login from
 * `/auth/login` to `/auth/callback` (so it is scoped to `/auth` and lives 10 minutes); `dg_session` carries
 * the gateway session token. Both are `HttpOnly` (no script reads them) and `SameSite=Lax`: sent on the
 * top-level redirect back from the issuer, not on cross-site subrequests. `Secure` when the gateway's
 * public URL is https.
 */

/** The pending-login cookie. */
export const LOGIN_COOKIE = 'dg_login';
/** The session cookie. */
export const SESSION_COOKIE = 'dg_session';

/** Cookie attributes the gateway sets. */
export interface CookieOptions {
  path: string;
  /** Seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
  secure: boolean;
}

/** A `Set-Cookie` value. Values are base64url tokens, so they need no quoting or escaping. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${value}`,
    'HttpOnly',
    'SameSite=Lax',
    `Path=${options.path}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** A `Set-Cookie` value that deletes the cookie (same name and path, `Max-Age=0`). */
export function clearCookie(name: string, options: Omit<CookieOptions, 'maxAgeSeconds'>): string {
  return serializeCookie(name, '', { ...options, maxAgeSeconds: 0 });
}

/** One cookie's value from a `Cookie` header; the first one wins when a name repeats. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}
