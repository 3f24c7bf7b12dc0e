/**
 * What the gateway remembers between requests: people, their sessions, their linked diary accounts, which
 * gateway student each diary child is, the parent's decisions about suggested matches, and the access
 * parents grant to trusted persons. One interface, three implementations (memory for unit tests, a file
 * for the embedded default, Redis for replicas); `test/contract/store-contract.ts` runs against each.
 *
 * Nothing here holds a secret in clear: sessions and invitation codes are kept as SHA-256 hashes, SNILS as
 * keyed hashes, diary credentials sealed by `src/secrets/credential-vault.ts`.
 */
import type { HolderMatch, PersonIdentity } from '../domain/person.js';
import type { ProviderKind, ProviderStudent } from '../domain/model.js';

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

/** A diary account linked by a user. */
export interface ProviderAccountRecord {
  id: string;
  userId: string;
  provider: ProviderKind;
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
}

/** The store contract. Every method is async so a networked store fits behind it. Records returned are copies. */
export interface GatewayStore {
  putUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  /** The user who signed in with this issuer and subject, or `null`. */
  findUserByLogin(issuer: string, subject: string): Promise<UserRecord | null>;

  putSession(session: SessionRecord): Promise<void>;
  /** The session for a token hash, or `null` when there is none or it has expired. */
  findSession(tokenHash: string, now: number): Promise<SessionRecord | null>;
  /** Ends a session (sign-out); `false` when there was none. */
  deleteSession(tokenHash: string): Promise<boolean>;

  putPendingLogin(login: PendingLoginRecord): Promise<void>;
  /** Returns and deletes in one step (a callback is accepted once); `null` when absent or expired. */
  takePendingLogin(idHash: string, now: number): Promise<PendingLoginRecord | null>;

  putProviderAccount(account: ProviderAccountRecord): Promise<void>;
  getProviderAccount(id: string): Promise<ProviderAccountRecord | null>;
  /** The user's accounts, oldest link first. */
  listProviderAccounts(userId: string): Promise<ProviderAccountRecord[]>;
  /**
   * Replaces the sealed credentials of an existing account (a refreshed token); `false` when the account
   * is gone (unlinked meanwhile), in which case nothing is written.
   *
   * With `expected`, the replacement is a compare-and-set: it happens only while the stored sealed
   * credentials are exactly `expected`, else nothing is written and the answer is `false`. Resealing
   * under a new key passes it, so a token refreshed meanwhile is never overwritten by the older one.
   */
  updateProviderCredentials(accountId: string, sealedCredentials: string, expected?: string): Promise<boolean>;
  /**
   * The id of every linked account of every user, in no particular order, each once: for maintenance that
   * must reach all of them (resealing credentials under a new key). Accounts linked or unlinked while it
   * runs may or may not be included.
   */
  listAllProviderAccountIds(): Promise<string[]>;
  /** Deletes an account, its credentials and its student links; `false` when there was none. */
  deleteProviderAccount(accountId: string): Promise<boolean>;

  /** Inserts or replaces the link of (accountId, snapshot.provider, snapshot.externalId). */
  putStudentLink(link: StudentLinkRecord): Promise<void>;
  listStudentLinks(accountId: string): Promise<StudentLinkRecord[]>;

  /** Inserts or replaces the decision for (userId, pairKey). */
  putMatchDecision(decision: MatchDecisionRecord): Promise<void>;
  listMatchDecisions(userId: string): Promise<MatchDecisionRecord[]>;

  /** Inserts or replaces a grant by id. */
  putGrant(grant: GrantRecord): Promise<void>;
  getGrant(id: string): Promise<GrantRecord | null>;
  findGrantByCodeHash(codeHash: string): Promise<GrantRecord | null>;
  /** Grants the user made, newest first. */
  listGrantsByOwner(ownerUserId: string): Promise<GrantRecord[]>;
  /** Grants the user accepted, newest first. */
  listGrantsByGrantee(granteeUserId: string): Promise<GrantRecord[]>;

  /** Releases connections or flushes pending writes. */
  close(): Promise<void>;
}
