/** The embedded default store: everything in process memory, gone on restart. */
import type { GatewayStore, ProviderAccountRecord, SessionRecord, StudentLinkRecord, UserRecord } from './store.js';

/** Creates an empty in-memory store. Returned records are copies, as a networked store's would be. */
export function createMemoryStore(): GatewayStore {
  const users = new Map<string, UserRecord>();
  const sessions = new Map<string, SessionRecord>();
  const accounts = new Map<string, ProviderAccountRecord>();
  const links = new Map<string, StudentLinkRecord>();
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    async putUser(user) {
      users.set(user.id, copy(user));
    },
    async getUser(id) {
      const user = users.get(id);
      return user ? copy(user) : null;
    },
    async putSession(session) {
      sessions.set(session.tokenHash, copy(session));
    },
    async findSession(tokenHash, now) {
      const session = sessions.get(tokenHash);
      if (!session) return null;
      if (session.expiresAt !== null && session.expiresAt <= now) {
        sessions.delete(tokenHash);
        return null;
      }
      return copy(session);
    },
    async putProviderAccount(account) {
      accounts.set(account.id, copy(account));
    },
    async listProviderAccounts(userId) {
      return [...accounts.values()].filter((account) => account.userId === userId).map(copy);
    },
    async updateProviderCredentials(accountId, credentials) {
      const account = accounts.get(accountId);
      if (!account) return false;
      accounts.set(accountId, { ...account, credentials: copy(credentials) });
      return true;
    },
    async putStudentLink(link) {
      const key = `${link.accountId}\u0000${link.snapshot.provider}\u0000${link.snapshot.externalId}`;
      links.set(key, copy(link));
    },
    async listStudentLinks(accountId) {
      return [...links.values()].filter((link) => link.accountId === accountId).map(copy);
    },
  };
}
