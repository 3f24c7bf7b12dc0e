/**
 * The Redis store's key layout, under `<keyPrefix>store:` (docs/storage.md describes it): one function per
 * kind of key, so every module of the store spells a key the same way.
 */

/** The keys of a store whose keys start with `prefix` (the gateway's prefix and `store:`). */
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
  };
}

/** The key layout of one store. */
export type RedisStoreKeys = ReturnType<typeof redisStoreKeys>;
