/**
 * What the gateway remembers between requests: people, their sessions, their linked diary accounts, which
 * gateway student each diary child is, the parent's decisions about suggested matches, the access parents
 * grant to trusted persons, and calendar feeds. One interface, three implementations (memory for unit
 * tests, a file for the embedded default, Redis for replicas); `test/contract/store-contract.ts` runs
 * against each.
 *
 * Nothing here holds a secret in clear: sessions, invitation codes and calendar-feed tokens are kept as
 * SHA-256 hashes, SNILS as keyed hashes, diary credentials sealed by `src/secrets/credential-vault.ts`.
 */
import type { HolderMatch, PersonIdentity } from '../domain/person.js';
import type { ProviderKind, ProviderStudent } from '../domain/model.js';
import type { MessagePersonRole } from '../domain/messaging.js';

/** A person who can sign in. */
export interface UserRecord {
  id: string;
  displayName: string;
  /** Who vouched for the person: the OpenID issuer and its `sub` (as a string). `null` for the scripted demo. */
  login: { issuer: string; subject: string } | null;
  /** The person as the issuer described them, for matching account holders and invitations. */
  person: PersonIdentity | null;
  /** Keyed hash of the person's phone (`hashPhone`), for invitations by phone. */
  phoneHash: string | null;
  /** The person's children as the issuer listed them (ESIA `kid_*` scopes); anchors for matching. */
  children: PersonIdentity[];
}

/** A session: only the SHA-256 of its token is kept, so a store dump reveals no usable token. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  /** Epoch milliseconds after which the session is refused; `null` for no expiry. */
  expiresAt: number | null;
}

/** A sign-in that went to the issuer and has not come back yet (PKCE verifier, state, nonce). */
export interface PendingLoginRecord {
  /** SHA-256 of the random id in the browser's login cookie. */
  idHash: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to send the browser afterwards (a path on the gateway). */
  returnTo: string;
  /** Epoch milliseconds after which the callback is refused. */
  expiresAt: number;
}

/**
 * A diary link flow in progress (`src/linking`): the parent went to the diary's sign-in page (`kind:
 * 'redirect'`) or was shown the gateway's own Eljur sign-in form (`kind: 'form'`), and has not come back
 * yet. Bound to the user and the gateway session that started it, so a callback or a form post from any
 * other session links nothing. Only hashes of the `state` and the session token are kept.
 */
export interface PendingLinkRecord {
  /** SHA-256 of the attempt's `state` (the redirect's `state`, or the form's one-time token). */
  stateHash: string;
  userId: string;
  /** SHA-256 of the gateway session token the attempt was started with. */
  sessionHash: string;
  tenantId: string;
  kind: 'redirect' | 'form';
  /** The PKCE verifier whose challenge went to the diary; `null` when none was sent (and for forms). */
  codeVerifier: string | null;
  /** The Eljur school chosen before going to Eljur's own sign-in; `null` elsewhere. */
  vendor: string | null;
  /** Where to send the browser once linked (a path on the gateway). */
  returnTo: string;
  /** Epoch milliseconds after which the attempt is refused. */
  expiresAt: number;
}

/** A diary account linked by a user. */
export interface ProviderAccountRecord {
  id: string;
  userId: string;
  provider: ProviderKind;
  /**
   * The tenant (installation of the diary) the account lives on, e.g. `mesh-mosreg`; absent on records
   * written before tenants existed, which belong to the platform's primary tenant (`src/tenants`).
   */
  tenant?: string;
  /** The holder's name as the diary gives it. */
  displayName: string;
  /** Credentials sealed by the credential vault (authenticated encryption bound to `id`). */
  sealedCredentials: string;
  /** The account holder for matching (SNILS as a keyed hash only). */
  holder: PersonIdentity;
  /** How the holder compared with the signed-in person when the account was linked. */
  holderMatch: HolderMatch;
  /** Epoch milliseconds. */
  linkedAt: number;
}

/**
 * Which gateway student a diary child is, with the child's last good profile, so the student still
 * appears (marked by an error) while its diary is down. `snapshot.snils` is always `null` here: the store
 * keeps only `snilsHash`.
 */
export interface StudentLinkRecord {
  /** The child's own id, derived from its diary and diary id (`deriveStudentId`). */
  studentId: string;
  accountId: string;
  snapshot: ProviderStudent;
  snilsHash: string | null;
  /** Epoch milliseconds when the gateway first saw this child; the earliest member names a merged student. */
  firstSeenAt: number;
  /**
   * When a complete read of the diary first listed none of the account's children (epoch ms of that
   * diary answer); absent while the child is listed. An empty list may be a glitch, so the link is removed
   * only when a later complete read, long enough after this one, is empty too (`src/students/departed-children.ts`).
   */
  missingSince?: number;
}

/** A parent's answer to a suggested match of two students. */
export interface MatchDecisionRecord {
  userId: string;
  /** The two child ids (`StudentLinkRecord.studentId`), sorted and joined by `|`. */
  pairKey: string;
  decision: 'CONFIRMED' | 'REJECTED';
  decidedAt: number;
}

/** How an invitation names the invitee. Exactly one way; SNILS and phone only as keyed hashes. */
export type InviteeRecord =
  | { kind: 'SNILS'; snilsHash: string }
  | { kind: 'PHONE'; phoneHash: string; /** `+7 *** ***-45-67`. */ label: string }
  | { kind: 'FULL_NAME'; fullName: string };

/** Read access to one child, granted by a parent to a trusted person. */
export interface GrantRecord {
  id: string;
  ownerUserId: string;
  /** The shared child: any child id of the student when invited (merges keep it resolvable). */
  studentId: string;
  invitee: InviteeRecord;
  /** SHA-256 of the invitation code. */
  codeHash: string;
  /** `EXPIRED` is not stored: it is read off `expiresAt`. */
  status: 'PENDING' | 'ACTIVE' | 'REVOKED';
  granteeUserId: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
  /**
   * What the trusted person may read besides the diary (schema `GrantScope`); absent in grants stored before
   * scopes existed, which read as none.
   */
  extraScopes?: GrantScope[];
}

/** A scope a grant adds to reading the diary (schema `GrantScope`). */
export type GrantScope = 'MESSAGES';

/**
 * A calendar feed (`src/feeds`): an address phone calendars subscribe to, showing one child's lessons,
 * homework and holidays to whoever holds it. Like a session, only the SHA-256 of its random token is kept,
 * so a store dump opens no feed. Revocation is final: a revoked feed is never found by its token again.
 */
export interface CalendarFeedRecord {
  id: string;
  /** The person who made the feed; it shows what they may see of the child, checked on every fetch. */
  ownerUserId: string;
  /** The child, as the owner named it (any child id of the student: merges keep it resolvable). */
  studentId: string;
  /** SHA-256 (hex) of the token in the feed's address. */
  tokenHash: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of a recent fetch (written at most once an hour); `null` until the first. */
  lastFetchedAt: number | null;
  /** Epoch milliseconds; `null` while the feed is live. */
  revokedAt: number | null;
}

/**
 * A browser in which a person turned notifications on (Web Push, `src/push`). Its endpoint and keys let
 * anyone who holds them send to the browser, so they are kept only sealed (`sealedTarget`, opened with the
 * context {@link pushTargetContext}); the owner's list shows the push service's host and the label.
 */
export interface PushSubscriptionRecord {
  id: string;
  /** The person who turned notifications on: the browser is told what this person may see, checked on every send. */
  ownerUserId: string;
  /** SHA-256 (hex) of the endpoint: the same browser registering again updates its record. */
  endpointHash: string;
  /** `{ endpoint, p256dh, auth }` sealed by the credential vault with {@link pushTargetContext}. */
  sealedTarget: string;
  /** The push service's host (`fcm.googleapis.com`), shown to the owner. */
  pushService: string;
  /** The name the family gave the browser; `null` without one. */
  label: string | null;
  /** Epoch milliseconds of the registration (or the last registration again). */
  createdAt: number;
  /** Epoch milliseconds the push service last accepted a notification; `null` before the first. */
  lastDeliveredAt: number | null;
  /** Epoch milliseconds of the last failed attempt; `null` when the last attempt succeeded or none failed. */
  lastFailedAt: number | null;
}

/**
 * The context a push subscription's target is sealed in: its owner and endpoint hash, which a registration
 * again keeps (so the record's id may stay while its target is sealed anew), and which bind the blob to its
 * record: a sealed target copied onto another person's record fails to open.
 */
export function pushTargetContext(record: Pick<PushSubscriptionRecord, 'ownerUserId' | 'endpointHash'>): string {
  return `push:${record.ownerUserId}:${record.endpointHash}`;
}

/**
 * One message send by its client key (`src/messages`): what makes a retried `sendMessage` answer the first
 * send's result instead of sending again. It holds no text and no recipient's name beyond what the answer
 * repeats: the draft is kept only as a digest, to refuse a key reused for another message.
 */
export interface MessageSendRecord {
  /** SHA-256 (hex) of the sender's user id and the client key: the same key of another user is another send. */
  id: string;
  ownerUserId: string;
  /** SHA-256 (hex) of what was asked (account, recipients, subject, text, attachments' digests). */
  draftDigest: string;
  /** Random, made by each claim: the claimer owns the send only when the stored record carries its token. */
  claimToken: string;
  /**
   * `SENDING`: under way (or its replica died mid-send); `SENT`: the diary took it; `UNKNOWN`: the call ended
   * without the diary saying (a timeout after the request went out); `FAILED`: the diary refused it, or the
   * request never left, so the same key may be sent again.
   */
  state: 'SENDING' | 'SENT' | 'UNKNOWN' | 'FAILED';
  /** Once `SENT`: the answer a retry gets (`SendMessagePayload` without `replayed`). */
  result: MessageSendResult | null;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds after which the record is gone (and the key is free again): `createdAt` + 24 hours. */
  expiresAt: number;
}

/** What a send's answer repeats (the schema's `SendMessagePayload` without `replayed`). */
export interface MessageSendResult {
  provider: ProviderKind;
  recipients: { name: string; role: MessagePersonRole | null }[];
  /** ISO 8601 instant. */
  sentAt: string;
}

/**
 * A secret of the gateway itself that every replica must share and that must outlive restarts (the Web Push
 * key pair when none is configured), sealed by the credential vault with the context `gateway-secret:<name>`.
 */
export interface GatewaySecretRecord {
  /** What it is (`web-push-vapid`). */
  name: string;
  sealed: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/**
 * A webhook an integrator registered (`src/deliveries`, docs/webhooks.md): every change of the children its
 * owner sees is POSTed to `url`, signed with the secret. The secret is sealed like diary credentials
 * (`src/secrets`, bound to `webhook:<id>`), never kept in clear. What was delivered and attempted lives in
 * the delivery state, not here: this record changes only when its owner or the engine changes the webhook.
 */
export interface WebhookRecord {
  id: string;
  /** The person (parent or trusted person) whose view of the children the webhook follows. */
  ownerUserId: string;
  /** The `https` address changes are POSTed to. */
  url: string;
  /** A name the owner gave it; `null` without one. */
  label: string | null;
  /** The signing secret, sealed by the credential vault for `webhook:<id>`. */
  sealedSecret: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds of the last change by its owner or the engine. */
  updatedAt: number;
  /** Epoch milliseconds; `null` while the webhook is delivered to. */
  disabledAt: number | null;
  /**
   * Why it is disabled: by its owner; by the gateway after days of failed deliveries (`FAILING`) or because
   * the receiver answered 410 Gone (`GONE`); `null` while enabled.
   */
  disabledReason: 'BY_VIEWER' | 'FAILING' | 'GONE' | null;
}

/**
 * How a caller changes one stored record without losing a concurrent update: it receives the record as
 * stored at this moment (a copy) and returns the record to store instead, or `null` to leave it as it is.
 *
 * It must be synchronous and free of side effects, because a store may call it more than once: the
 * memory and file stores call it once, inside their single-threaded apply, so it always sees the latest
 * state; the Redis store reads, calls it, and writes with a compare-and-set, calling it again on the newer
 * record when another writer got there first. An error it throws aborts the change (nothing is written)
 * and reaches the caller unchanged: that is how a caller refuses a transition the current record does
 * not allow (accepting a revoked invitation, say).
 */
export type RecordChange<T> = (current: T) => T | null;

/**
 * How long a grant is kept once it can no longer give access: this long after it was revoked or after it
 * expired, whichever came first, it is deleted with its indexes (the file and memory stores prune it, the
 * Redis store lets its keys expire). Parents still see a recently revoked or expired invitation in their
 * list for this long; after it, the invitee's name is no longer kept. 30 days.
 */
export const GRANT_RETENTION_MS = 30 * 86_400_000;

/** The moment from which a grant is deleted: see {@link GRANT_RETENTION_MS}. */
export function grantRetainedUntil(grant: Pick<GrantRecord, 'expiresAt' | 'revokedAt'>): number {
  const ended = grant.revokedAt === null ? grant.expiresAt : Math.min(grant.revokedAt, grant.expiresAt);
  return ended + GRANT_RETENTION_MS;
}

/**
 * How long a revoked calendar feed is kept: its owner still sees it in their list (revoked) this long, then
 * it is deleted (the file and memory stores prune it, the Redis store lets its key expire). 30 days.
 */
export const CALENDAR_FEED_RETENTION_MS = 30 * 86_400_000;

/** The moment from which a feed is deleted: never while live, {@link CALENDAR_FEED_RETENTION_MS} after revocation. */
export function calendarFeedRetainedUntil(feed: Pick<CalendarFeedRecord, 'revokedAt'>): number {
  return feed.revokedAt === null ? Number.POSITIVE_INFINITY : feed.revokedAt + CALENDAR_FEED_RETENTION_MS;
}

/**
 * The store contract. Every method is async so a networked store fits behind it. Records returned are
 * copies. Every change that depends on what is stored (a transition of a grant, relinking an account, a
 * first decision) is one atomic method here — a conditional write or a {@link RecordChange} — so two
 * requests racing never lose an update that one of them was told had happened.
 */
export interface GatewayStore {
  /**
   * Inserts or replaces a user by id, with its login index, atomically. A blind write is safe here: the
   * only writer of a user is sign-in, which writes everything it knows about the person from the
   * issuer's answer, so of two sign-ins racing the later write is simply the later sign-in.
   */
  putUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  /** The user who signed in with this issuer and subject, or `null`. */
  findUserByLogin(issuer: string, subject: string): Promise<UserRecord | null>;

  putSession(session: SessionRecord): Promise<void>;
  /** The session for a token hash, or `null` when there is none or it has expired. */
  findSession(tokenHash: string, now: number): Promise<SessionRecord | null>;
  /** Ends a session (sign-out); `false` when there was none. */
  deleteSession(tokenHash: string): Promise<boolean>;

  /**
   * Keeps a sign-in in progress until its `expiresAt`. Anyone can start a sign-in, so this is never a
   * durable write of unbounded size: the file store keeps pending logins in memory only and the memory
   * store keeps at most a bounded number (the oldest dropped first); Redis expires each key.
   */
  putPendingLogin(login: PendingLoginRecord): Promise<void>;
  /** Returns and deletes in one step (a callback is accepted once); `null` when absent or expired. */
  takePendingLogin(idHash: string, now: number): Promise<PendingLoginRecord | null>;

  /**
   * Keeps a link flow in progress until its `expiresAt`. Like pending logins, never a durable write: the
   * memory and file stores keep them in memory only, at most a bounded number in all and per user (the
   * soonest to expire dropped first, so expired ones go first); Redis expires each key.
   */
  putPendingLink(link: PendingLinkRecord): Promise<void>;
  /** Returns and deletes in one step (a callback or form post is accepted once); `null` when absent or expired. */
  takePendingLink(stateHash: string, now: number): Promise<PendingLinkRecord | null>;

  /**
   * Inserts or replaces an account unconditionally (seeding, the demo at start-up). Linking by a parent
   * uses {@link addProviderAccount} and {@link updateProviderAccount} instead, which cannot bring back an
   * account unlinked meanwhile.
   */
  putProviderAccount(account: ProviderAccountRecord): Promise<void>;
  getProviderAccount(id: string): Promise<ProviderAccountRecord | null>;
  /** The user's accounts, oldest link first. */
  listProviderAccounts(userId: string): Promise<ProviderAccountRecord[]>;
  /**
   * An opaque value that changes whenever an account of the user is added or deleted: read it before
   * deciding that a link is new, and pass it to {@link addProviderAccount}.
   */
  providerAccountsVersion(userId: string): Promise<string>;
  /**
   * Stores a new account together with the links of the children it showed, in one step, but only while
   * the user's accounts are still those of `expectedVersion` (from {@link providerAccountsVersion}).
   * `false` when they changed meanwhile (another link or an unlink of this user): nothing is written, and
   * the caller looks again — the diary account may have been linked by a request racing this one.
   */
  addProviderAccount(
    account: ProviderAccountRecord,
    links: readonly StudentLinkRecord[],
    expectedVersion: string,
  ): Promise<boolean>;
  /**
   * Changes an existing account atomically (relinking: new credentials, the holder as the diary now
   * shows it). `null` when the account is gone (unlinked meanwhile): nothing is written, `change` is not
   * called. Otherwise the account as stored afterwards. A change may not alter `id` or `userId`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) when other writers
   * kept changing the account through every retry.
   */
  updateProviderAccount(id: string, change: RecordChange<ProviderAccountRecord>): Promise<ProviderAccountRecord | null>;
  /**
   * Replaces the sealed credentials of an existing account (a refreshed token); `false` when the account
   * is gone (unlinked meanwhile), in which case nothing is written.
   *
   * With `expected`, the replacement is a compare-and-set: it happens only while the stored sealed
   * credentials are exactly `expected`, else nothing is written and the answer is `false`. Resealing
   * under a new key and storing a refreshed token pass it, so a token refreshed or relinked meanwhile is
   * never overwritten by an older one.
   */
  updateProviderCredentials(accountId: string, sealedCredentials: string, expected?: string): Promise<boolean>;
  /**
   * The id of every linked account of every user, in no particular order, each once: for maintenance that
   * must reach all of them (resealing credentials under a new key). Accounts linked or unlinked while it
   * runs may or may not be included.
   */
  listAllProviderAccountIds(): Promise<string[]>;
  /** Deletes an account, its credentials and its student links in one step; `false` when there was none. */
  deleteProviderAccount(accountId: string): Promise<boolean>;

  /**
   * Changes the link of one child (`provider`, `externalId`) of an account atomically: `change` receives
   * the link as stored at this moment (`null` when there is none) and returns the link to store, or `null`
   * to leave things as they are. Only while the account exists: when it is gone (unlinked meanwhile)
   * nothing is written, `change` is not called, and the answer is `null` — a request that read the account
   * just before it was unlinked cannot leave links of it behind. Otherwise the link as stored afterwards
   * (`null`: still none). A stored link's `studentId` and `firstSeenAt` never change (a child's identity is
   * fixed once recorded, so two requests seeing a child first at once agree on it), and the new link must
   * be of this account and child.
   * @throws StoreError `STORE_INVALID_CHANGE` when the change breaks either rule (nothing is written);
   * `STORE_CONFLICT` (Redis) when other writers kept changing the link through every retry; and whatever
   * `change` throws.
   */
  updateStudentLink(
    accountId: string,
    provider: ProviderKind,
    externalId: string,
    change: RecordChange<StudentLinkRecord | null>,
  ): Promise<StudentLinkRecord | null>;
  /**
   * Removes a link only while it is stored exactly as `expected` (a link as {@link listStudentLinks}
   * returned it): `false`, and nothing removed, when it changed since (a request that saw the child wrote
   * it) or is gone. For children a complete read of their diary no longer lists.
   */
  removeStudentLink(expected: StudentLinkRecord): Promise<boolean>;
  listStudentLinks(accountId: string): Promise<StudentLinkRecord[]>;

  /**
   * Records the decision for (userId, pairKey) only if the pair is still undecided: the first decision
   * wins. `false` when a decision was already stored (nothing is written).
   */
  addMatchDecision(decision: MatchDecisionRecord): Promise<boolean>;
  listMatchDecisions(userId: string): Promise<MatchDecisionRecord[]>;

  /**
   * Stores a new grant. Ids are random, so an existing id means a bug, not a race.
   * @throws StoreError `STORE_CONFLICT` when a grant with this id exists (nothing is written).
   */
  createGrant(grant: GrantRecord): Promise<void>;
  /**
   * Changes a grant atomically (accepting, revoking), its indexes with it. `null` when there is no grant
   * with this id (`change` is not called); otherwise the grant as stored afterwards. A change may not
   * alter `id`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) when other writers
   * kept changing the grant through every retry; and whatever `change` throws.
   */
  updateGrant(id: string, change: RecordChange<GrantRecord>): Promise<GrantRecord | null>;
  getGrant(id: string): Promise<GrantRecord | null>;
  findGrantByCodeHash(codeHash: string): Promise<GrantRecord | null>;
  /** Grants the user made, newest first. */
  listGrantsByOwner(ownerUserId: string): Promise<GrantRecord[]>;
  /** Grants the user accepted, newest first. */
  listGrantsByGrantee(granteeUserId: string): Promise<GrantRecord[]>;

  /**
   * Stores a new calendar feed while its owner keeps at most `maxPerOwner` feeds, in one step: when the
   * owner already has that many, their feeds revoked longest ago are deleted to make room; when too few of
   * them are revoked, nothing is written and the answer is `false`. Of concurrent creations by one owner,
   * none can take the owner past the bound.
   * @throws StoreError `STORE_CONFLICT` when a feed with this id exists, or (Redis) when other writers kept
   * changing the owner's feeds through every retry; nothing is written.
   */
  createCalendarFeed(feed: CalendarFeedRecord, maxPerOwner: number): Promise<boolean>;
  /**
   * Changes a calendar feed atomically (revoking it, noting a fetch). `null` when there is no feed with this
   * id (`change` is not called); otherwise the feed as stored afterwards. A change may not alter `id`,
   * `ownerUserId`, `studentId` or `tokenHash`, nor bring back a revoked feed (clear or move `revokedAt`).
   * Revoking removes the feed from {@link findCalendarFeedByTokenHash} in the same step.
   * @throws StoreError `STORE_INVALID_CHANGE` when the change breaks a rule; `STORE_CONFLICT` (Redis) when
   * other writers kept changing the feed through every retry; and whatever `change` throws.
   */
  updateCalendarFeed(id: string, change: RecordChange<CalendarFeedRecord>): Promise<CalendarFeedRecord | null>;
  /** The live (not revoked) feed whose token has this SHA-256, or `null`. */
  findCalendarFeedByTokenHash(tokenHash: string): Promise<CalendarFeedRecord | null>;
  /** The feeds the user made, newest first: live ones, and revoked ones until their retention ends. */
  listCalendarFeeds(ownerUserId: string): Promise<CalendarFeedRecord[]>;

  /**
   * Registers a browser for notifications in one step: when the owner already has a record with the same
   * `endpointHash`, it is updated (its id, `lastDeliveredAt` and `lastFailedAt` kept; target, service,
   * label and `createdAt` taken from `subscription`); otherwise `subscription` is stored while the owner
   * keeps fewer than `maxPerOwner`. Resolves with the record as stored, or `null` (nothing written) when the
   * owner is at the bound. Of concurrent registrations by one owner, none can take the owner past it.
   * @throws StoreError `STORE_CONFLICT` when a new record's id is taken, or (Redis) when other writers kept
   * changing the owner's subscriptions through every retry.
   */
  savePushSubscription(
    subscription: PushSubscriptionRecord,
    maxPerOwner: number,
  ): Promise<PushSubscriptionRecord | null>;
  /**
   * Changes a push subscription atomically (noting a delivery or a failure). `null` when there is none with
   * this id (`change` is not called). A change may not alter `id`, `ownerUserId` or `endpointHash`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) when other writers
   * kept changing it through every retry; and whatever `change` throws.
   */
  updatePushSubscription(
    id: string,
    change: RecordChange<PushSubscriptionRecord>,
  ): Promise<PushSubscriptionRecord | null>;
  /** The subscription with this id, or `null`. */
  getPushSubscription(id: string): Promise<PushSubscriptionRecord | null>;
  /** Deletes the subscription when `ownerUserId` owns it; `false` when there is none of theirs with this id. */
  deletePushSubscription(id: string, ownerUserId: string): Promise<boolean>;
  /** The owner's subscriptions, newest first. */
  listPushSubscriptions(ownerUserId: string): Promise<PushSubscriptionRecord[]>;
  /** The id of every push subscription of every person, each once, in no particular order (the deliveries' sweep). */
  listAllPushSubscriptionIds(): Promise<string[]>;

  /**
   * Keeps `secret` when no secret of its name is stored yet, in one step, and resolves with the one stored
   * afterwards: of replicas starting at once, each gets the same (the first one written).
   */
  claimGatewaySecret(secret: GatewaySecretRecord): Promise<GatewaySecretRecord>;
  /**
   * Changes a gateway secret atomically (resealing it under a new key). `null` when there is none of this
   * name (`change` is not called). A change may not alter `name`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) when other writers kept
   * changing it through every retry; and whatever `change` throws.
   */
  updateGatewaySecret(name: string, change: RecordChange<GatewaySecretRecord>): Promise<GatewaySecretRecord | null>;

  /**
   * Stores a new webhook while its owner keeps fewer than `maxPerOwner`, in one step: `false` (nothing
   * written) when the owner already has that many. Of concurrent creations by one owner, none can take the
   * owner past the bound.
   * @throws StoreError `STORE_CONFLICT` when a webhook with this id exists, or (Redis) when other writers
   * kept changing the owner's webhooks through every retry; nothing is written.
   */
  createWebhook(webhook: WebhookRecord, maxPerOwner: number): Promise<boolean>;
  /**
   * Changes a webhook atomically (its address, label, secret, disabling). `null` when there is none with this
   * id (`change` is not called); otherwise the webhook as stored afterwards. A change may not alter `id`,
   * `ownerUserId` or `createdAt`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) when other writers kept
   * changing it through every retry; and whatever `change` throws.
   */
  updateWebhook(id: string, change: RecordChange<WebhookRecord>): Promise<WebhookRecord | null>;
  /** Deletes a webhook with its index entries in one step; `false` when there was none. */
  deleteWebhook(id: string): Promise<boolean>;
  getWebhook(id: string): Promise<WebhookRecord | null>;
  /** The webhooks the user registered, newest first. */
  listWebhooks(ownerUserId: string): Promise<WebhookRecord[]>;
  /** The id of every webhook of every user, each once, in no particular order (the delivery engine's sweep). */
  listAllWebhookIds(): Promise<string[]>;

  /**
   * Keeps `send` when no live record of its id is stored (none, one past its `expiresAt`, or one `FAILED` with
   * the same `draftDigest`), in one step, and resolves with the record stored afterwards: the caller sends only
   * when that is its own (its `claimToken`). Of two
   * claims racing, one wins. Records are deleted once expired (Redis lets the key expire).
   */
  claimMessageSend(send: MessageSendRecord, now: number): Promise<MessageSendRecord>;
  /**
   * Changes a send's record atomically (`SENDING` to `SENT`, `UNKNOWN` or `FAILED`). `null` when there is none
   * (or it expired). A change may not alter `id`, `ownerUserId`, `draftDigest`, `claimToken`, `createdAt` or
   * `expiresAt`.
   * @throws StoreError `STORE_INVALID_CHANGE` when it tries; `STORE_CONFLICT` (Redis) as for other updates.
   */
  updateMessageSend(id: string, change: RecordChange<MessageSendRecord>): Promise<MessageSendRecord | null>;

  /** Releases connections or flushes pending writes. */
  close(): Promise<void>;
}
