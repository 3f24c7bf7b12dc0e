/**
 * The in-process store: every record in a {@link StoreState}, gone on restart unless someone persists the
 * state. The file store (`file-store.ts`) is this store plus a `persist` hook that writes the state to
 * disk after each change, so both share one implementation of the contract.
 *
 * Atomicity: JavaScript runs one callback at a time, and every change below reads what it depends on,
 * decides (calling a caller's `RecordChange` if any) and applies itself to `state` synchronously, before
 * its first `await`. No other request can run in between, so no update is lost, and a change function
 * always sees the latest state — the file store's single writer only orders the *disk* writes.
 */
import { StoreError } from './store-error.js';
import {
  emptyStoreState,
  loginKey,
  matchDecisionKey,
  pruneExpired,
  studentLinkKey,
  type StoreState,
} from './store-state.js';
import type { GatewayStore, GrantRecord, ProviderAccountRecord } from './store.js';

/** How many sign-ins in progress the memory and file stores keep at most, by default. */
export const DEFAULT_MAX_PENDING_LOGINS = 10_000;

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The state to work on (the file store passes the one it loaded). @default an empty state */
  state?: StoreState;
  /**
   * Called synchronously after each durable change is applied to `state`; the change's promise settles
   * with the returned promise, so a change counts as done only once it is persisted. Pending logins are
   * not durable and never call it. @default nothing to persist
   */
  persist?: () => Promise<void>;
  /**
   * The clock that prunes: when given, every change also drops expired sessions and pending logins and
   * grants past their retention (`pruneExpired`). Without it nothing is pruned by time, so a test on a
   * fake clock keeps its records; the file store prunes in its own write loop instead.
   * @default no pruning by time
   */
  now?: () => number;
  /**
   * The most sign-ins in progress kept; starting one more drops the oldest, whose browser then has to
   * start again. Anyone can start a sign-in, so this bounds what anonymous requests can make the process
   * hold. @default 10_000
   */
  maxPendingLogins?: number;
}

const copy = <T>(value: T): T => structuredClone(value);

/** Newest first; ties by id, descending, as Redis' `ZREVRANGE` orders equal scores. */
const newestGrantsFirst = (a: GrantRecord, b: GrantRecord): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const oldestLinkFirst = (a: ProviderAccountRecord, b: ProviderAccountRecord): number =>
  a.linkedAt - b.linkedAt || byText(a.id, b.id);

function invalidChange(what: string): StoreError {
  return new StoreError(
    'STORE_INVALID_CHANGE',
    `A change of ${what} may not alter what identifies it; nothing was written.`,
  );
}

/**
 * Creates an in-process store. Returned records are copies, as a networked store's would be, and stored
 * records are copies of what callers passed. Expired sessions and pending logins are never returned; they
 * are dropped when read (by the caller's `now`) and when pruned.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): GatewayStore {
  const state = options.state ?? emptyStoreState();
  const persist = options.persist ?? (async () => {});
  const maxPendingLogins = options.maxPendingLogins ?? DEFAULT_MAX_PENDING_LOGINS;
  const { now } = options;

  /** Ends every durable change: prunes (with a clock) and persists. Call it synchronously after applying. */
  const changed = (): Promise<void> => {
    if (now) pruneExpired(state, now());
    return persist();
  };

  /** The user's accounts as {@link GatewayStore.providerAccountsVersion} describes them. */
  const accountsVersion = (userId: string): string =>
    [...state.accounts.values()]
      .filter((account) => account.userId === userId)
      .sort(oldestLinkFirst)
      .map((account) => account.id)
      .join('\n');

  return {
    async putUser(user) {
      const previous = state.users.get(user.id);
      if (previous?.login) {
        const key = loginKey(previous.login.issuer, previous.login.subject);
        if (state.logins.get(key) === user.id) state.logins.delete(key);
      }
      state.users.set(user.id, copy(user));
      if (user.login) state.logins.set(loginKey(user.login.issuer, user.login.subject), user.id);
      return changed();
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
      return changed();
    },
    async findSession(tokenHash, at) {
      const session = state.sessions.get(tokenHash);
      if (!session) return null;
      if (session.expiresAt !== null && session.expiresAt <= at) {
        // Dropped without persisting: an expired session is never returned, so the file may keep it
        // until the next write prunes it.
        state.sessions.delete(tokenHash);
        return null;
      }
      return copy(session);
    },
    async deleteSession(tokenHash) {
      if (!state.sessions.delete(tokenHash)) return false;
      await changed();
      return true;
    },

    async putPendingLogin(login) {
      // Not persisted (see `exportStoreState`), and bounded: the Map iterates oldest first.
      state.pendingLogins.delete(login.idHash);
      for (const oldest of state.pendingLogins.keys()) {
        if (state.pendingLogins.size < maxPendingLogins) break;
        state.pendingLogins.delete(oldest);
      }
      state.pendingLogins.set(login.idHash, copy(login));
    },
    async takePendingLogin(idHash, at) {
      const login = state.pendingLogins.get(idHash);
      if (!login) return null;
      state.pendingLogins.delete(idHash);
      return login.expiresAt > at ? login : null;
    },

    async putProviderAccount(account) {
      state.accounts.set(account.id, copy(account));
      return changed();
    },
    async getProviderAccount(id) {
      const account = state.accounts.get(id);
      return account ? copy(account) : null;
    },
    async listProviderAccounts(userId) {
      return [...state.accounts.values()]
        .filter((account) => account.userId === userId)
        .sort(oldestLinkFirst)
        .map(copy);
    },
    async providerAccountsVersion(userId) {
      return accountsVersion(userId);
    },
    async addProviderAccount(account, links, expectedVersion) {
      if (links.some((link) => link.accountId !== account.id))
        throw invalidChange(`the new account ${account.id} (a link of another account)`);
      if (state.accounts.has(account.id) || accountsVersion(account.userId) !== expectedVersion) return false;
      state.accounts.set(account.id, copy(account));
      for (const link of links) state.studentLinks.set(studentLinkKey(link), copy(link));
      await changed();
      return true;
    },
    async updateProviderAccount(id, change) {
      const current = state.accounts.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      if (next.id !== id || next.userId !== current.userId) throw invalidChange(`the account ${id}`);
      state.accounts.set(id, copy(next));
      await changed();
      return copy(next);
    },
    async updateProviderCredentials(accountId, sealedCredentials, expected) {
      const account = state.accounts.get(accountId);
      if (!account || (expected !== undefined && account.sealedCredentials !== expected)) return false;
      state.accounts.set(accountId, { ...account, sealedCredentials });
      await changed();
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
      if (existed || linksDeleted) await changed();
      return existed;
    },

    async putStudentLink(link) {
      if (!state.accounts.has(link.accountId)) return null;
      const key = studentLinkKey(link);
      const existing = state.studentLinks.get(key);
      const stored = existing
        ? { ...copy(link), studentId: existing.studentId, firstSeenAt: existing.firstSeenAt }
        : copy(link);
      state.studentLinks.set(key, stored);
      await changed();
      return copy(stored);
    },
    async listStudentLinks(accountId) {
      return [...state.studentLinks.values()]
        .filter((link) => link.accountId === accountId)
        .sort((a, b) => a.firstSeenAt - b.firstSeenAt || byText(a.studentId, b.studentId))
        .map(copy);
    },

    async addMatchDecision(decision) {
      const key = matchDecisionKey(decision);
      if (state.matchDecisions.has(key)) return false;
      state.matchDecisions.set(key, copy(decision));
      await changed();
      return true;
    },
    async listMatchDecisions(userId) {
      return [...state.matchDecisions.values()]
        .filter((decision) => decision.userId === userId)
        .sort((a, b) => a.decidedAt - b.decidedAt || byText(a.pairKey, b.pairKey))
        .map(copy);
    },

    async createGrant(grant) {
      if (state.grants.has(grant.id)) {
        throw new StoreError('STORE_CONFLICT', `A grant with the id ${grant.id} already exists; nothing was written.`);
      }
      state.grants.set(grant.id, copy(grant));
      return changed();
    },
    async updateGrant(id, change) {
      const current = state.grants.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      if (next.id !== id) throw invalidChange(`the grant ${id}`);
      state.grants.set(id, copy(next));
      await changed();
      return copy(next);
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
      return [...state.grants.values()]
        .filter((grant) => grant.ownerUserId === ownerUserId)
        .sort(newestGrantsFirst)
        .map(copy);
    },
    async listGrantsByGrantee(granteeUserId) {
      return [...state.grants.values()]
        .filter((grant) => grant.granteeUserId === granteeUserId)
        .sort(newestGrantsFirst)
        .map(copy);
    },

    async close() {},
  };
}
