/**
 * A calendar feed's address: `/calendar/<token>.ics`, where the token is 32 random bytes (256 bits, as
 * unguessable as a session token) in base64url. The address is the only credential a phone calendar can
 * carry, so it is treated like a password: shown once, kept only as its SHA-256, and never logged (the access
 * log and traces name the route `/calendar/:token.ics`, see `src/server/route-template.ts`).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Where every feed lives: `/calendar/<token>.ics`. */
export const FEED_PATH_PREFIX = '/calendar/';

/** The route as logs, metrics and traces name it: never the token itself. */
export const FEED_ROUTE_TEMPLATE = '/calendar/:token.ics';

const TOKEN_BYTES = 32;
/** 32 bytes in base64url, unpadded: 43 characters of `A–Z a–z 0–9 - _`. */
const FEED_PATH = /^\/calendar\/([\w-]{43})\.ics$/;

/** A new random feed token. */
export function newFeedToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A new feed id (`cal_…`): random, so it says nothing about the child or the order feeds were made in. */
export function newFeedId(): string {
  return `cal_${randomBytes(16).toString('base64url')}`;
}

/** The SHA-256 (hex) of a token, as the store keeps it and looks it up. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `path` is under the feeds' prefix (a feed's address or not: the route answers both). */
export function isFeedPath(path: string): boolean {
  return path.startsWith(FEED_PATH_PREFIX);
}

/** The token of a feed's address, or `null` when `path` is not one (wrong shape: no store lookup needed). */
export function feedTokenOf(path: string): string | null {
  return FEED_PATH.exec(path)?.[1] ?? null;
}

/** The addresses of a feed, under the gateway's public address (`PUBLIC_URL`). */
export interface FeedAddresses {
  /** `https://…/calendar/<token>.ics` (http where the gateway is reached over http, as in the demo). */
  url: string;
  /** The same as `webcal://…`, which Apple's calendars open as a subscription. */
  webcalUrl: string;
}

/** The addresses of the feed with `token` under `publicUrl` (a trailing slash is not doubled). */
export function feedAddresses(publicUrl: string, token: string): FeedAddresses {
  let base = publicUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  const url = `${base}${FEED_PATH_PREFIX}${token}.ics`;
  return { url, webcalUrl: url.replace(/^https?:/i, 'webcal:') };
}
