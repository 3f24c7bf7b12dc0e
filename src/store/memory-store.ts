/**
 * The in-process store: every record in a {@link StoreState}, gone on restart unless someone persists the
 * state. The file store (`file-store.ts`) is this store plus a `persist` hook that writes the state to
 * disk after each change, so both share one implementation of the contract.
 */
import {
  emptyStoreState,
  loginKey,
  matchDecisionKey,
  studentLinkKey,
  type StoreState,
} from './store-state.js';
import type { GatewayStore, GrantRecord } from './store.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The state to work on (the file store passes the one it loaded). @default an empty state */
  state?: StoreState;
  /**
   * Called synchronously after each change is applied to `state`; the change's promise settles with the
   * returned promise, so a change counts as done only once it is persisted. @default nothing to persist
   */
  persist?: () => Promise<void>;
}

const copy = <T>(value: T): T => structuredClone(value);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
const newestGrantsFirst = (a: GrantRecord, b: GrantRecord): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Creates an in-process store. Returned records are copies, as a networked store's would be, and stored
 * records are copies of what callers passed. Expired sessions and pending logins are never returned; they
 * are dropped when read (by the caller's `now`) and by the file store's pruning.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): GatewayStore {
  const state = options.state ?? emptyStoreState();
  const persist = options.persist ?? (async () => {});

  // Each mutation below changes `state` before its first `await`, then returns `persist()`: the file
  // store relies on every applied change being followed synchronously by its persist call.
  return {
    async putUser(user) {
      const previous = state.users.get(user.id);
      if (previous?.login) {
        const key = loginKey(previous.login.issuer, previous.login.subject);
        if (state.logins.get(key) === user.id) state.logins.delete(key);
      }
      state.users.set(user.id, copy(user));
      if (user.login) state.logins.set(loginKey(user.login.issuer, user.login.subject), user.id);
      return persist();
    },
    async getUser(id) {
      const user = state.users.get(id);
      return user ? copy(user) : null;
    },
    async findUserByLogin(issuer, subject) {
      const userId = state.logins.get(loginKey(issuer, subject));
      const user = userId === undefined ? undefined : state.users.get(userId);
      return user ? copy(user) : null;
    },

    async putSession(session) {
      state.sessions.set(session.tokenHash, copy(session));
      return persist();
    },
    async findSession(tokenHash, now) {
      const session = state.sessions.get(tokenHash);
      if (!session) return null;
      if (session.expiresAt !== null && session.expiresAt <= now) {
        // Dropped without persisting: an expired session is never returned, so the file may keep it
        // until the next write prunes it.
        state.sessions.delete(tokenHash);
        return null;
      }
      return copy(session);
    },
    async deleteSession(tokenHash) {
      if (!state.sessions.delete(tokenHash)) return false;
      await persist();
      return true;
    },

    async putPendingLogin(login) {
      state.pendingLogins.set(login.idHash, copy(login));
      return persist();
    },
    async takePendingLogin(idHash, now) {
      const login = state.pendingLogins.get(idHash);
      if (!login) return null;
      state.pendingLogins.delete(idHash);
      await persist();
      return login.expiresAt > now ? login : null;
    },

    async putProviderAccount(account) {
      state.accounts.set(account.id, copy(account));
      return persist();
    },
    async getProviderAccount(id) {
      const account = state.accounts.get(id);
      return account ? copy(account) : null;
    },
    async listProviderAccounts(userId) {
      return [...state.accounts.values()]
        .filter((account) => account.userId === userId)
        .sort((a, b) => a.linkedAt - b.linkedAt || byText(a.id, b.id))
        .map(copy);
    },
    async updateProviderCredentials(accountId, sealedCredentials, expected) {
      const account = state.accounts.get(accountId);
      if (!account || (expected !== undefined && account.sealedCredentials !== expected)) return false;
      state.accounts.set(accountId, { ...account, sealedCredentials });
      await persist();
      return true;
    },
    async listAllProviderAccountIds() {
      return [...state.accounts.keys()];
    },
    async deleteProviderAccount(accountId) {
      const existed = state.accounts.delete(accountId);
      let linksDeleted = false;
      for (const [key, link] of state.studentLinks) {
        if (link.accountId === accountId) {
          state.studentLinks.delete(key);
          linksDeleted = true;
        }
      }
      if (existed || linksDeleted) await persist();
      return existed;
    },

    async putStudentLink(link) {
      state.studentLinks.set(studentLinkKey(link), copy(link));
      return persist();
    },
    async listStudentLinks(accountId) {
      return [...state.studentLinks.values()]
        .filter((link) => link.accountId === accountId)
        .sort((a, b) => a.firstSeenAt - b.firstSeenAt || byText(a.studentId, b.studentId))
        .map(copy);
    },

    async putMatchDecision(decision) {
      state.matchDecisions.set(matchDecisionKey(decision), copy(decision));
      return persist();
    },
    async listMatchDecisions(userId) {
      return [...state.matchDecisions.values()]
        .filter((decision) => decision.userId === userId)
        .sort((a, b) => a.decidedAt - b.decidedAt || byText(a.pairKey, b.pairKey))
        .map(copy);
    },

    async putGrant(grant) {
      state.grants.set(grant.id, copy(grant));
      return persist();
    },
    async getGrant(id) {
      const grant = state.grants.get(id);
      return grant ? copy(grant) : null;
    },
    async findGrantByCodeHash(codeHash) {
      for (const grant of state.grants.values()) {
        if (grant.codeHash === codeHash) return copy(grant);
      }
      return null;
    },
    async listGrantsByOwner(ownerUserId) {
      return [...state.grants.values()].filter((grant) => grant.ownerUserId === ownerUserId).sort(newestGrantsFirst).map(copy);
    },
    async listGrantsByGrantee(granteeUserId) {
      return [...state.grants.values()].filter((grant) => grant.granteeUserId === granteeUserId).sort(newestGrantsFirst).map(copy);
    },

    async close() {},
  };
}
