/**
 * The Redis store's key layout, under `<keyPrefix>{store}:` (docs/storage.md describes it): one function per
 * kind of key, so every module of the store spells a key the same way.
 *
 * Why `{store}`: on a Redis Cluster the keys of one script or multi-key command must share a slot, and the
 * store's compare-and-set scripts write several records at once (a user and its login index; an account,
 * the user's account index and its links; a grant, both grant indexes and its code; a calendar feed, its
 * owner's index and its token). A hash tag makes
 * Redis hash only `store`, so every store key lands in one slot. The gateway's prefix stays first, so ACL
 * key patterns such as `~dg:*` still cover it.
 */

/** Where the store's keys live: `<keyPrefix>{store}:`. */
export function storeKeyPrefix(keyPrefix: string): string {
  return `${keyPrefix}{store}:`;
}

/** Where gateways before the Cluster support kept them, `<keyPrefix>store:`; moved at start (redis-layout-migration.ts). */
export function legacyStoreKeyPrefix(keyPrefix: string): string {
  return `${keyPrefix}store:`;
}

/** The keys of a store whose keys start with `p` (see {@link storeKeyPrefix}). */
export function redisStoreKeys(p: string) {
  // Issuers are URLs (with ":"), so both parts are URI-encoded: no two (issuer, subject) pairs share a key.
  return {
    user: (id: string) => `${p}user:${id}`,
    login: (issuer: string, subject: string) =>
      `${p}login:${encodeURIComponent(issuer)}:${encodeURIComponent(subject)}`,
    session: (tokenHash: string) => `${p}session:${tokenHash}`,
    pendingLogin: (idHash: string) => `${p}pending-login:${idHash}`,
    pendingLink: (stateHash: string) => `${p}pending-link:${stateHash}`,
    account: (id: string) => `${p}account:${id}`,
    credentials: (accountId: string) => `${p}account-credentials:${accountId}`,
    userAccounts: (userId: string) => `${p}user-accounts:${userId}`,
    studentLinks: (accountId: string) => `${p}student-links:${accountId}`,
    matchDecisions: (userId: string) => `${p}match-decisions:${userId}`,
    grant: (id: string) => `${p}grant:${id}`,
    ownerGrants: (userId: string) => `${p}owner-grants:${userId}`,
    granteeGrants: (userId: string) => `${p}grantee-grants:${userId}`,
    grantCode: (codeHash: string) => `${p}grant-code:${codeHash}`,
    calendarFeed: (id: string) => `${p}calendar-feed:${id}`,
    ownerCalendarFeeds: (userId: string) => `${p}owner-calendar-feeds:${userId}`,
    calendarFeedToken: (tokenHash: string) => `${p}calendar-feed-token:${tokenHash}`,
    pushSubscription: (id: string) => `${p}push-subscription:${id}`,
    ownerPushSubscriptions: (userId: string) => `${p}owner-push-subscriptions:${userId}`,
    allPushSubscriptions: `${p}push-subscriptions`,
    gatewaySecret: (name: string) => `${p}gateway-secret:${name}`,
    webhook: (id: string) => `${p}webhook:${id}`,
    ownerWebhooks: (userId: string) => `${p}owner-webhooks:${userId}`,
    /** Every webhook id, scored by `createdAt` (the delivery engine's sweep). */
    allWebhooks: `${p}webhooks`,
    /** A message send by its id (a hash of the sender and the client key), expiring with the record. */
    messageSend: (id: string) => `${p}message-send:${id}`,
  };
}

/** The key layout of one store. */
export type RedisStoreKeys = ReturnType<typeof redisStoreKeys>;
