/**
 * Following the change feed while the page is open (loaded lazily: the first paint does not pay for it).
 * The subscription `Changes(since)` runs over the gateway's WebSocket at `/graphql` on this origin, signed
 * in by the page's `dg_session` cookie (the gateway takes it from its own pages only). It starts from the
 * end of the feed when the page opened (`ChangeFeedEnd`), so what the dashboard already shows is not told
 * again; after a lost connection it subscribes again from the cursor of the last change it took
 * ({@link FeedPosition}), after a growing wait, so nothing is lost and nothing is told twice.
 *
 * Why `graphql-ws`'s own client: it is the reference client of the protocol the gateway speaks
 * (`graphql-transport-ws`), small (about 4 KiB gzipped), with no dependencies. Its own retries are off:
 * they would subscribe again with the first `since`, and the page must resume from its latest cursor.
 *
 * The document is sent as the registered text of the client's manifest, so a gateway that runs registered
 * operations only (`PERSISTED_OPERATIONS=only`) admits it.
 */
import { createClient, type Client } from 'graphql-ws/client';
import {
  ChangeFeedEndDocument,
  ChangesDocument,
  operationSource,
  type ChangeFeedEndQuery,
  type ChangesSubscription,
  type ChangesSubscriptionVariables,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { Language } from '../i18n.js';
import { announceChanges, type ChangeAnnouncement, type LiveChange } from './change-words.js';
import { FeedPosition, HIDDEN_GRACE_MS, isFinalClose, LONGEST_RETRY_MS, retryDelayMs } from './feed-position.js';

/** What the page hands the follower. */
export interface LiveFeedOptions {
  /** The page's language now (the announcements are written in it). */
  language(): Language;
  /** Each child's first name by `Student.id`, as the dashboard shows them now. */
  names(): ReadonlyMap<string, string>;
  /** New changes came, of `kinds` (one per change, oldest first): reload what they touch and announce `announcement`. */
  onChanges(announcement: ChangeAnnouncement, kinds: readonly string[]): void;
}

/** A running follower. */
export interface LiveFeed {
  /** Stops following for good (signed out, the page closed). */
  stop(): void;
}

/** Changes arriving this close together are told as one announcement (a replay after a reconnection). */
const GATHER_MS = 1_500;
/** The most pages of the feed read to find its end (200 changes each; the feed keeps 500 per child). */
const MOST_END_PAGES = 25;

/** The feed's end now: its cursor after the last change kept. */
async function feedEnd(language: Language): Promise<string | null> {
  let since: string | null = null;
  for (let page = 0; page < MOST_END_PAGES; page += 1) {
    const { data }: { data: ChangeFeedEndQuery } = await clientFor(language).request(ChangeFeedEndDocument, { since });
    since = data.viewer.changes.cursor;
    if (!data.viewer.changes.hasMore) break;
  }
  return since;
}

/** `ws://` or `wss://` and this page's host: the gateway's `/graphql`. */
function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

/** Starts following; the returned handle stops it. */
export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  let stopped = false;
  let position: FeedPosition | null = null;
  let client: Client | null = null;
  let unsubscribe: (() => void) | null = null;
  let attempt = 0;
  /** When the current socket was acknowledged (`performance.now()`); `null` before. */
  let connectedAt: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let gatherTimer: ReturnType<typeof setTimeout> | undefined;
  const gathered: LiveChange[] = [];

  const flush = () => {
    gatherTimer = undefined;
    const batch = gathered.splice(0);
    if (batch.length > 0)
      options.onChanges(
        announceChanges(batch, options.names(), options.language()),
        batch.map((change) => change.kind),
      );
  };

  const take = (change: LiveChange) => {
    attempt = 0;
    if (!position!.take(change)) return;
    gathered.push(change);
    gatherTimer ??= setTimeout(flush, GATHER_MS);
  };

  const disconnect = () => {
    unsubscribe?.();
    unsubscribe = null;
    void client?.dispose();
    client = null;
  };

  const retryLater = () => {
    // A socket that served for a while before it went is a fresh start; one refused again and again (the
    // gateway accepting the socket but refusing the subscription) keeps waiting longer each time.
    if (connectedAt !== null && performance.now() - connectedAt > LONGEST_RETRY_MS) attempt = 0;
    connectedAt = null;
    disconnect();
    if (stopped || document.visibilityState === 'hidden') return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(begin, retryDelayMs(attempt++));
  };

  const connect = () => {
    if (stopped || client) return;
    client = createClient({
      url: socketUrl(),
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: () => {
          connectedAt = performance.now();
        },
      },
    });
    const source = operationSource(ChangesDocument);
    const variables: ChangesSubscriptionVariables = { since: position!.cursor };
    unsubscribe = client.subscribe<ChangesSubscription>(
      { query: source.text, variables, ...(source.operationName ? { operationName: source.operationName } : {}) },
      {
        next: ({ data }) => {
          if (data) take(data.changes);
        },
        // A close event (the socket went away) or the gateway's refusal of the subscription (a list of
        // errors: busy, rate-limited): tried again later, unless the close says it would be refused again.
        error: (reason: unknown) => {
          const code = (reason as { code?: unknown } | null)?.code;
          if (typeof code === 'number' && isFinalClose(code)) stop();
          else retryLater();
        },
        // The gateway ended the subscription (a session signed out elsewhere ends it): nothing to resume.
        complete: () => stop(),
      },
    );
  };

  const begin = () => {
    if (position) return connect();
    feedEnd(options.language()).then(
      (end) => {
        position = new FeedPosition(end);
        connect();
      },
      () => retryLater(),
    );
  };

  // A hidden page (another tab, a locked phone) keeps its socket for a while, then lets it go; shown again,
  // it resumes from its cursor and tells what came meanwhile.
  const onVisibility = () => {
    clearTimeout(hiddenTimer);
    if (document.visibilityState === 'hidden') {
      hiddenTimer = setTimeout(() => {
        clearTimeout(retryTimer);
        disconnect();
      }, HIDDEN_GRACE_MS);
    } else if (!client && !stopped) {
      clearTimeout(retryTimer);
      begin();
    }
  };

  const stop = () => {
    stopped = true;
    clearTimeout(retryTimer);
    clearTimeout(hiddenTimer);
    clearTimeout(gatherTimer);
    document.removeEventListener('visibilitychange', onVisibility);
    disconnect();
  };

  document.addEventListener('visibilitychange', onVisibility);
  begin();
  return { stop };
}
