/**
 * What the gateway remembers between requests: people, their sessions, their linked diary accounts, and
 * which gateway student each diary child is. One interface, so the embedded in-memory store and the
 * Redis store (a later release) are interchangeable; the contract tests run against each.
 */
import type { ProviderCredentials } from '../domain/adapter.js';
import type { ProviderKind, ProviderStudent } from '../domain/model.js';

/** A person who can sign in. */
export interface UserRecord {
  id: string;
  displayName: string;
}

/** A session: only the SHA-256 of its bearer token is kept, so a store dump reveals no usable token. */
export interface SessionRecord {
  tokenHash: string;
  userId: string;
  /** Epoch milliseconds after which the session is refused; `null` for no expiry. */
  expiresAt: number | null;
}

/** A diary account linked by a user. */
export interface ProviderAccountRecord {
  id: string;
  userId: string;
  provider: ProviderKind;
  credentials: ProviderCredentials;
}

/**
 * Which gateway student a diary child is, with the child's last good profile, so the student still
 * appears (marked by an error) while its diary is down.
 */
export interface StudentLinkRecord {
  studentId: string;
  accountId: string;
  snapshot: ProviderStudent;
}

/** The store contract. Every method is async so a networked store fits behind it. */
export interface GatewayStore {
  putUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  putSession(session: SessionRecord): Promise<void>;
  /** The session for a token hash, or `null` when there is none or it has expired. */
  findSession(tokenHash: string, now: number): Promise<SessionRecord | null>;
  putProviderAccount(account: ProviderAccountRecord): Promise<void>;
  listProviderAccounts(userId: string): Promise<ProviderAccountRecord[]>;
  /**
   * Replaces the credentials of an existing account (a refreshed token); `false` when the account is
   * gone (unlinked meanwhile), in which case nothing is written.
   */
  updateProviderCredentials(accountId: string, credentials: ProviderCredentials): Promise<boolean>;
  /** Inserts or replaces the link of (accountId, snapshot.provider, snapshot.externalId). */
  putStudentLink(link: StudentLinkRecord): Promise<void>;
  listStudentLinks(accountId: string): Promise<StudentLinkRecord[]>;
}
