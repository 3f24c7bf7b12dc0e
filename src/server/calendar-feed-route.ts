/**
 * `GET /calendar/<token>.ics`: a calendar feed (`src/feeds`), for phone calendars that subscribe to it. The
 * token is the only credential such a client carries, so the route works like a sign-in, cheapest check
 * first:
 * 1. `GET` or `HEAD` only (405);
 * 2. the address's allowance, before anything is looked up (429);
 * 3. a path of the wrong shape is 404 without a lookup;
 * 4. the token's own allowance (`CALENDAR_FEED_RATE_LIMIT_PER_MINUTE`, 429), before the store: a leaked
 *    address asked in a loop costs one bucket check per request past it;
 * 5. the feed by the token's SHA-256: unknown and revoked tokens answer the same 404, which tells nothing;
 * 6. the feed's maker must still see the child, through the same directory (and so the same access rule:
 *    their own accounts, or an active grant) as their GraphQL requests — else the same 404;
 * 7. a turn at the admission gate, then the child's lessons, homework and days off through the loaders, so
 *    the upstream cache serves them. A diary that fails serves its last good copy, or leaves its part out;
 *    when no lesson at all could be read, 503 with `Retry-After`, so a phone keeps the copy it has rather
 *    than emptying the child's week;
 * 8. `If-None-Match` with the feed's ETag → 304; else the calendar (gzip when the client takes it), rendered
 *    once per content and kept (`src/feeds/feed-bodies.ts`).
 *
 * Nothing here logs the token or the path: logs and traces name the route `/calendar/:token.ics`
 * (`route-template.ts`), and the route's own lines name the feed by its id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateLanguage } from '../errors/language.js';
import { noteFeedFetched } from '../feeds/calendar-feeds.js';
import { buildFeedDocument } from '../feeds/feed-document.js';
import { feedTokenOf, hashFeedToken } from '../feeds/feed-tokens.js';
import { createContext } from '../graphql/context.js';
import { endCompressed } from './compression.js';
import { takeTurn } from './graphql-route.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { refusalOf, send, sendRateLimited } from './http-replies.js';

/** How long a calendar (or a proxy of the family's own) may keep a copy without asking again. */
const FEED_MAX_AGE_S = 300;
/** When to ask again after the diaries gave no lesson at all. */
const DIARIES_DOWN_RETRY_AFTER_S = 300;
/** When to ask again after the admission gate turned the fetch away. */
const BUSY_RETRY_AFTER_S = 5;

/** Headers of every answer of the route: nothing of it belongs in a search engine or a referrer. */
const PRIVATE_HEADERS = { 'x-robots-tag': 'noindex, nofollow', 'referrer-policy': 'no-referrer' } as const;

/** Serves one request for a path under `/calendar/` from `address` (see the module comment). */
export async function handleCalendarFeed(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  options: HttpEdgeOptions,
  address: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Только GET и HEAD.', { allow: 'GET, HEAD' });
  const language = negotiateLanguage(req.headers['accept-language']);
  const flooded = await refusalOf(options.addressRateLimit, `address:${address}`);
  if (flooded) return sendRateLimited(res, flooded, options, language);
  const token = feedTokenOf(path);
  if (token === null) return notFound(res);
  const tokenHash = hashFeedToken(token);
  const hammered = await refusalOf(options.calendarFeedRateLimit, `calendar-feed:${tokenHash}`);
  if (hammered) return sendRateLimited(res, hammered, options, language);

  const { services } = options;
  const feed = await services.store.findCalendarFeedByTokenHash(tokenHash);
  // The store finds live feeds only; checked again here, so a revoked feed can never be served.
  if (!feed || feed.revokedAt !== null) return notFound(res);
  // The maker's view, built as their own GraphQL requests build it: same directory, same loaders.
  const context = await createContext(services, undefined, { userId: feed.ownerUserId, sessionTokenHash: null });
  const directory = context.directory!;
  const { student } = await directory.findStudent(feed.studentId);
  if (!student) return notFound(res);

  const turn = await takeTurn(options.admission, res);
  if (!turn.admitted) {
    if (turn.reason === 'gone') return;
    return sendText(res, 503, 'Шлюз сейчас перегружен; календарь обновится позже.', {
      'retry-after': String(BUSY_RETRY_AFTER_S),
    });
  }
  try {
    const reader = { loaders: context.loaders, account: (accountId: string) => directory.account(accountId) };
    const document = await buildFeedDocument(feed, student, reader, services.now());
    if (document.failures.length > 0) {
      services.logger.warn(
        { feedId: feed.id, failures: document.failures.map((failure) => failure.code), served: document.ready },
        'calendar feed built without part of a diary’s data (or from old copies)',
      );
    }
    if (!document.ready) {
      return sendText(res, 503, 'Дневник сейчас не отвечает; календарь обновится позже.', {
        'retry-after': String(DIARIES_DOWN_RETRY_AFTER_S),
      });
    }
    await noteFetched(feed, options);
    const { etag } = document;
    const headers = { etag, 'cache-control': `private, max-age=${FEED_MAX_AGE_S}`, ...PRIVATE_HEADERS };
    if (matchesEtag(req.headers['if-none-match'], etag)) return send(res, 304, '', headers);
    res.statusCode = 200;
    for (const [name, value] of Object.entries({
      ...headers,
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="calendar.ics"',
      'x-content-type-options': 'nosniff',
    }))
      res.setHeader(name, value);
    if (method === 'HEAD') return void res.end();
    const render = () => document.render(services.now());
    await endCompressed(res, req.headers, options.calendarFeedBodies?.body(etag, render) ?? render());
  } finally {
    turn.release();
  }
}

/** Notes the fetch (at most hourly); a store that fails here costs the note, never the answer. */
async function noteFetched(feed: Parameters<typeof noteFeedFetched>[0], options: HttpEdgeOptions): Promise<void> {
  const { store, now, logger } = options.services;
  try {
    await noteFeedFetched(feed, { store, now: () => now().getTime() });
  } catch (error) {
    logger.warn(
      { feedId: feed.id, err: { message: (error as Error).message } },
      'could not note a calendar feed fetch',
    );
  }
}

/** Whether `If-None-Match` names `etag`, compared weakly (RFC 9110 §13.1.2: a GET compares weak tags). */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',');
  return tags.some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** The one answer for an address that opens no calendar: unknown, revoked, or its maker no longer sees the child. */
function notFound(res: ServerResponse): void {
  sendText(res, 404, 'Календарь не найден: ссылка неверна или отозвана.', {});
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  send(res, status, `${text}\n`, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...PRIVATE_HEADERS,
    ...headers,
  });
}
