/**
 * The whole content of an in-process store as one plain object, so the memory store and the file store
 * share one implementation: the memory store works on a `StoreState`, the file store loads one from its
 * file and writes it back after every change. `exportStoreState` / `importStoreState` convert it to and
 * from the JSON document the file holds (records only: map keys and indexes are rebuilt on import).
 * Pending logins and pending links are the exception: they live in the state but never in the document
 * (see `exportStoreState`).
 */
import {
  calendarFeedRetainedUntil,
  grantRetainedUntil,
  type CalendarFeedRecord,
  type GatewaySecretRecord,
  type PushSubscriptionRecord,
  type GrantRecord,
  type MatchDecisionRecord,
  type MessageSendRecord,
  type PendingLinkRecord,
  type PendingLoginRecord,
  type ProviderAccountRecord,
  type SessionRecord,
  type StudentLinkRecord,
  type UserRecord,
  type WebhookRecord,
} from './store.js';

/** Every record of an in-process store, keyed as the store looks them up. */
export interface StoreState {
  users: Map<string, UserRecord>;
  /** Derived index `loginKey(issuer, subject)` → user id; rebuilt on import, never serialised. */
  logins: Map<string, string>;
  /** By token hash. */
  sessions: Map<string, SessionRecord>;
  /** By id hash, oldest first (insertion order); in memory only, never serialised. */
  pendingLogins: Map<string, PendingLoginRecord>;
  /** Link flows in progress by state hash, oldest first; in memory only, never serialised (like pending logins). */
  pendingLinks: Map<string, PendingLinkRecord>;
  /** By account id. */
  accounts: Map<string, ProviderAccountRecord>;
  /** By `studentLinkKey(link)`. */
  studentLinks: Map<string, StudentLinkRecord>;
  /** By `matchDecisionKey(decision)`. */
  matchDecisions: Map<string, MatchDecisionRecord>;
  /** By grant id. */
  grants: Map<string, GrantRecord>;
  /** By feed id. */
  calendarFeeds: Map<string, CalendarFeedRecord>;
  /** By subscription id. */
  pushSubscriptions: Map<string, PushSubscriptionRecord>;
  /** By name. */
  gatewaySecrets: Map<string, GatewaySecretRecord>;
  /** By webhook id. */
  webhooks: Map<string, WebhookRecord>;
  /** By send id. */
  messageSends: Map<string, MessageSendRecord>;
}

/**
 * The version of {@link SerializedStoreState}; bump it (and teach `parseStoreDocument` the old one) on any
 * change. 2 added `calendarFeeds`; 3 `webhooks`, `pushSubscriptions` and `gatewaySecrets`; 4 `messageSends`.
 * An older document reads as one without the collections added after it (`COLLECTION_SINCE` in
 * `store-document.ts`).
 */
export const STORE_STATE_VERSION = 4;

/** Older versions this gateway still reads (and writes back as {@link STORE_STATE_VERSION}). */
export const READABLE_STORE_STATE_VERSIONS: readonly number[] = [1, 2, 3, STORE_STATE_VERSION];

/**
 * The JSON document of a store: its format version and every record, collection by collection.
 * `pendingLogins` is always written empty (and ignored when read): it stays in the format so files of
 * older and newer gateways of this version read each other.
 */
export interface SerializedStoreState {
  version: typeof STORE_STATE_VERSION;
  users: UserRecord[];
  sessions: SessionRecord[];
  pendingLogins: PendingLoginRecord[];
  accounts: ProviderAccountRecord[];
  studentLinks: StudentLinkRecord[];
  matchDecisions: MatchDecisionRecord[];
  grants: GrantRecord[];
  calendarFeeds: CalendarFeedRecord[];
  pushSubscriptions: PushSubscriptionRecord[];
  gatewaySecrets: GatewaySecretRecord[];
  webhooks: WebhookRecord[];
  messageSends: MessageSendRecord[];
}

// The NUL separator cannot occur in issuer URLs, ids or hashes, so two different pairs never share a key.
/** Key of the login index. */
export const loginKey = (issuer: string, subject: string): string => `${issuer}\u0000${subject}`;
/** A link is one per (account, diary, diary child id). */
export const linkKey = (accountId: string, provider: string, externalId: string): string =>
  `${accountId}\u0000${provider}\u0000${externalId}`;
/** The {@link linkKey} of a link. */
export const studentLinkKey = (link: StudentLinkRecord): string =>
  linkKey(link.accountId, link.snapshot.provider, link.snapshot.externalId);
/** A decision is one per (user, pair of children). */
export const matchDecisionKey = (decision: MatchDecisionRecord): string =>
  `${decision.userId}\u0000${decision.pairKey}`;

/** An empty state. */
export function emptyStoreState(): StoreState {
  return {
    users: new Map(),
    logins: new Map(),
    sessions: new Map(),
    pendingLogins: new Map(),
    pendingLinks: new Map(),
    accounts: new Map(),
    studentLinks: new Map(),
    matchDecisions: new Map(),
    grants: new Map(),
    calendarFeeds: new Map(),
    pushSubscriptions: new Map(),
    gatewaySecrets: new Map(),
    webhooks: new Map(),
    messageSends: new Map(),
  };
}

/**
 * The state as a JSON-ready document. Records are shared, not copied: serialise it before the next change.
 * Pending logins are left out: anyone can start a sign-in, and no anonymous request may cause a durable
 * write (4,000 `GET /auth/login` once grew a store file to 1.1 MB, each rewriting it whole). A restart
 * costs a sign-in in progress a retry, nothing more.
 */
export function exportStoreState(state: StoreState): SerializedStoreState {
  return {
    version: STORE_STATE_VERSION,
    users: [...state.users.values()],
    sessions: [...state.sessions.values()],
    pendingLogins: [],
    accounts: [...state.accounts.values()],
    studentLinks: [...state.studentLinks.values()],
    matchDecisions: [...state.matchDecisions.values()],
    grants: [...state.grants.values()],
    calendarFeeds: [...state.calendarFeeds.values()],
    pushSubscriptions: [...state.pushSubscriptions.values()],
    gatewaySecrets: [...state.gatewaySecrets.values()],
    webhooks: [...state.webhooks.values()],
    messageSends: [...state.messageSends.values()],
  };
}

/**
 * Rebuilds a state from a document (already checked by the caller to be of this version and shape).
 * Records are taken over as they are, so pass a freshly parsed document. Pending logins in the document
 * (written by an older gateway) are dropped: see {@link exportStoreState}.
 */
export function importStoreState(document: SerializedStoreState): StoreState {
  const state = emptyStoreState();
  for (const user of document.users) {
    state.users.set(user.id, user);
    if (user.login) state.logins.set(loginKey(user.login.issuer, user.login.subject), user.id);
  }
  for (const session of document.sessions) state.sessions.set(session.tokenHash, session);
  for (const account of document.accounts) state.accounts.set(account.id, account);
  for (const link of document.studentLinks) state.studentLinks.set(studentLinkKey(link), link);
  for (const decision of document.matchDecisions) state.matchDecisions.set(matchDecisionKey(decision), decision);
  for (const grant of document.grants) state.grants.set(grant.id, grant);
  for (const feed of document.calendarFeeds) state.calendarFeeds.set(feed.id, feed);
  for (const record of document.pushSubscriptions) state.pushSubscriptions.set(record.id, record);
  for (const secret of document.gatewaySecrets) state.gatewaySecrets.set(secret.name, secret);
  for (const webhook of document.webhooks) state.webhooks.set(webhook.id, webhook);
  for (const send of document.messageSends) state.messageSends.set(send.id, send);
  return state;
}

/**
 * Makes `target` hold exactly what `source` holds (the file store's rollback after a failed write), except
 * pending logins and links: they are never in the file, so rolling back to the file keeps those of `target`.
 */
export function replaceStoreState(target: StoreState, source: StoreState): void {
  for (const name of Object.keys(target) as (keyof StoreState)[]) {
    if (name === 'pendingLogins' || name === 'pendingLinks') continue;
    const into = target[name] as Map<string, unknown>;
    into.clear();
    for (const [key, value] of source[name] as Map<string, unknown>) into.set(key, value);
  }
}

/**
 * Drops sessions, pending logins and pending links that expired at `now`, grants past their retention
 * (`grantRetainedUntil`: 30 days after they were revoked or expired), calendar feeds past theirs (30 days
 * after revocation) and message sends that expired (their key is free again); returns how many. None of them can give access again, so keeping them would only grow
 * the store (and its file) with personal data.
 */
export function pruneExpired(state: StoreState, now: number): number {
  let pruned = 0;
  for (const [key, session] of state.sessions) {
    if (session.expiresAt !== null && session.expiresAt <= now) {
      state.sessions.delete(key);
      pruned += 1;
    }
  }
  for (const pending of [state.pendingLogins, state.pendingLinks]) {
    for (const [key, record] of pending) {
      if (record.expiresAt <= now) {
        pending.delete(key);
        pruned += 1;
      }
    }
  }
  // Grants have no index beyond this map (lookups scan it), so deleting the record removes them whole.
  for (const [id, grant] of state.grants) {
    if (grantRetainedUntil(grant) <= now) {
      state.grants.delete(id);
      pruned += 1;
    }
  }
  for (const [id, feed] of state.calendarFeeds) {
    if (calendarFeedRetainedUntil(feed) <= now) {
      state.calendarFeeds.delete(id);
      pruned += 1;
    }
  }
  for (const [id, send] of state.messageSends) {
    if (send.expiresAt <= now) {
      state.messageSends.delete(id);
      pruned += 1;
    }
  }
  return pruned;
}
