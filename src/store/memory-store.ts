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
import { memoryCalendarFeedMethods } from './memory-calendar-feeds.js';
import { memoryMessageSendMethods } from './memory-message-sends.js';
import { memoryPushMethods } from './memory-push-subscriptions.js';
import { memoryWebhookMethods } from './memory-webhooks.js';
import { pendingLinkMethods, type PendingLinkBounds } from './pending-links.js';
import { firstSeenLinkFirst, newestGrantFirst, oldestAccountFirst, oldestDecisionFirst } from './record-order.js';
import { invalidChangeError, StoreError } from './store-error.js';
import { checkLinkChange, sameLink } from './student-link-change.js';
import {
  emptyStoreState,
  linkKey,
  loginKey,
  matchDecisionKey,
  pruneExpired,
  studentLinkKey,
  type StoreState,
} from './store-state.js';
import type { GatewayStore } from './store.js';

/** How many sign-ins in progress the memory and file stores keep at most, by default. */
export const DEFAULT_MAX_PENDING_LOGINS = 10_000;

/**
 * Options of {@link createMemoryStore}. Link flows in progress are bounded like pending logins (in memory
 * only, never persisted): see `pending-links.ts`.
 */
export interface MemoryStoreOptions extends PendingLinkBounds {
  /** The state to work on (the file store passes the one it loaded). @default an empty state */
  state?: StoreState;
  /**
   * Called synchronously after each durable change is applied to `state`; the change's promise settles
   * with the returned promise, so a change counts as done only once it is persisted. Pending logins are
   * not durable and never call it. @default nothing to persist
   */
  persist?: () => Promise<void>;
  /**
   * The clock that prunes: when given, every change also drops expired sessions, pending logins and message
   * sends, and grants past their retention (`pruneExpired`). Without it nothing is pruned by time, so a test on a
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

/** Copies of the records that `keep` selects, in the stores' common `order` (see `record-order.ts`). */
const listed = <T>(records: ReadonlyMap<string, T>, keep: (record: T) => boolean, order: (a: T, b: T) => number): T[] =>
  [...records.values()].filter(keep).sort(order).map(copy);

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
      .sort(oldestAccountFirst)
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

    ...pendingLinkMethods(state.pendingLinks, options),

    async putProviderAccount(account) {
      state.accounts.set(account.id, copy(account));
      return changed();
    },
    async getProviderAccount(id) {
      const account = state.accounts.get(id);
      return account ? copy(account) : null;
    },
    async listProviderAccounts(userId) {
      return listed(state.accounts, (account) => account.userId === userId, oldestAccountFirst);
    },
    async providerAccountsVersion(userId) {
      return accountsVersion(userId);
    },
    async addProviderAccount(account, links, expectedVersion) {
      if (links.some((link) => link.accountId !== account.id))
        throw invalidChangeError(`the new account ${account.id} (a link of another account)`);
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
      if (next.id !== id || next.userId !== current.userId) throw invalidChangeError(`the account ${id}`);
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

    async updateStudentLink(accountId, provider, externalId, change) {
      if (!state.accounts.has(accountId)) return null;
      const key = linkKey(accountId, provider, externalId);
      const current = state.studentLinks.get(key) ?? null;
      const next = change(current && copy(current));
      if (next === null) return current && copy(current);
      checkLinkChange(accountId, provider, externalId, current, next);
      state.studentLinks.set(key, copy(next));
      await changed();
      return copy(next);
    },
    async removeStudentLink(expected) {
      const key = studentLinkKey(expected);
      const current = state.studentLinks.get(key);
      if (!current || !sameLink(current, expected)) return false;
      state.studentLinks.delete(key);
      await changed();
      return true;
    },
    async listStudentLinks(accountId) {
      return listed(state.studentLinks, (link) => link.accountId === accountId, firstSeenLinkFirst);
    },

    async addMatchDecision(decision) {
      const key = matchDecisionKey(decision);
      if (state.matchDecisions.has(key)) return false;
      state.matchDecisions.set(key, copy(decision));
      await changed();
      return true;
    },
    async listMatchDecisions(userId) {
      return listed(state.matchDecisions, (decision) => decision.userId === userId, oldestDecisionFirst);
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
      if (next.id !== id) throw invalidChangeError(`the grant ${id}`);
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
      return listed(state.grants, (grant) => grant.ownerUserId === ownerUserId, newestGrantFirst);
    },
    async listGrantsByGrantee(granteeUserId) {
      return listed(state.grants, (grant) => grant.granteeUserId === granteeUserId, newestGrantFirst);
    },

    ...memoryCalendarFeedMethods(state.calendarFeeds, changed),
    ...memoryWebhookMethods(state.webhooks, changed),

    ...memoryPushMethods(state.pushSubscriptions, state.gatewaySecrets, changed),
    ...memoryMessageSendMethods(state.messageSends, changed),

    async close() {},
  };
}
