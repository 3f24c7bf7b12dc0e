/**
 * The store's records as zod schemas, and reading the file store's JSON document.
 *
 * Two kinds of damage are told apart. A file that is not a store document at all (not JSON, not an object,
 * a collection missing, another format version) stops the gateway: starting empty over it would silently
 * throw away every user, link and grant, and the next write would make that permanent. A document whose
 * collections are sound but where single records are malformed (edited by hand, written by a buggy build)
 * opens with its good records, and the bad ones are handed back to be quarantined: one broken record must
 * not take down every list that would have included it. The Redis store checks each record it reads
 * against the same schemas.
 *
 * Errors and reports name the file, the collection, the index and the field, never a value.
 */
import { z } from 'zod';
import { READABLE_STORE_STATE_VERSIONS, STORE_STATE_VERSION, type SerializedStoreState } from './store-state.js';
import { StoreError } from './store-error.js';
import type {
  CalendarFeedRecord,
  GatewaySecretRecord,
  PushSubscriptionRecord,
  GrantRecord,
  MatchDecisionRecord,
  MessageSendRecord,
  PendingLinkRecord,
  PendingLoginRecord,
  ProviderAccountRecord,
  SessionRecord,
  StudentLinkRecord,
  UserRecord,
  WebhookRecord,
} from './store.js';

const text = z.string();
const optionalText = z.string().nullable();
/** Epoch milliseconds. */
const instant = z.number().finite();
const providerKind = z.enum(['DNEVNIK', 'ELJUR', 'MESH']);

const personIdentity = z.object({
  lastName: text,
  firstName: text,
  middleName: optionalText,
  birthDate: optionalText,
  snilsHash: optionalText,
});

const providerStudent = z.object({
  provider: providerKind,
  // A child of a non-primary tenant carries it (its id depends on it); dropping it would rewrite the link
  // on every read.
  tenant: text.optional(),
  externalId: text,
  providerIds: z.record(z.string(), z.string()),
  firstName: text,
  lastName: text,
  middleName: optionalText,
  birthDate: optionalText,
  snils: optionalText,
  school: z.object({ id: text, name: text, provider: providerKind }).nullable(),
  className: optionalText,
  timeZone: text,
});

// `satisfies` checks each schema against its record type, so the two cannot drift apart unnoticed.

/** A {@link UserRecord}. */
export const userRecordSchema = z.object({
  id: text,
  displayName: text,
  login: z.object({ issuer: text, subject: text }).nullable(),
  person: personIdentity.nullable(),
  phoneHash: optionalText,
  children: z.array(personIdentity),
}) satisfies z.ZodType<UserRecord>;

/** A {@link SessionRecord}. */
export const sessionRecordSchema = z.object({
  tokenHash: text,
  userId: text,
  expiresAt: instant.nullable(),
}) satisfies z.ZodType<SessionRecord>;

/** A {@link PendingLoginRecord}. */
export const pendingLoginRecordSchema = z.object({
  idHash: text,
  state: text,
  nonce: text,
  codeVerifier: text,
  returnTo: text,
  expiresAt: instant,
}) satisfies z.ZodType<PendingLoginRecord>;

/** A {@link PendingLinkRecord} (Redis only: the file never holds one). */
export const pendingLinkRecordSchema = z.object({
  stateHash: text,
  userId: text,
  sessionHash: text,
  tenantId: text,
  kind: z.enum(['redirect', 'form']),
  codeVerifier: optionalText,
  vendor: optionalText,
  returnTo: text,
  expiresAt: instant,
}) satisfies z.ZodType<PendingLinkRecord>;

/** A {@link ProviderAccountRecord}. */
export const providerAccountRecordSchema = z.object({
  id: text,
  userId: text,
  provider: providerKind,
  tenant: text.optional(),
  displayName: text,
  sealedCredentials: text,
  holder: personIdentity,
  holderMatch: z.enum(['SAME_PERSON', 'PROBABLY_SAME_PERSON', 'DIFFERENT_PERSON', 'NOT_COMPARABLE']),
  linkedAt: instant,
}) satisfies z.ZodType<ProviderAccountRecord>;

/** A {@link StudentLinkRecord}. */
export const studentLinkRecordSchema = z.object({
  studentId: text,
  accountId: text,
  snapshot: providerStudent,
  snilsHash: optionalText,
  firstSeenAt: instant,
  missingSince: instant.optional(),
}) satisfies z.ZodType<StudentLinkRecord>;

/** A {@link MatchDecisionRecord}. */
export const matchDecisionRecordSchema = z.object({
  userId: text,
  pairKey: text,
  decision: z.enum(['CONFIRMED', 'REJECTED']),
  decidedAt: instant,
}) satisfies z.ZodType<MatchDecisionRecord>;

/** A {@link GrantRecord}. */
export const grantRecordSchema = z.object({
  id: text,
  ownerUserId: text,
  studentId: text,
  invitee: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('SNILS'), snilsHash: text }),
    z.object({ kind: z.literal('PHONE'), phoneHash: text, label: text }),
    z.object({ kind: z.literal('FULL_NAME'), fullName: text }),
  ]),
  codeHash: text,
  status: z.enum(['PENDING', 'ACTIVE', 'REVOKED']),
  granteeUserId: optionalText,
  createdAt: instant,
  expiresAt: instant,
  acceptedAt: instant.nullable(),
  revokedAt: instant.nullable(),
  // Absent in grants stored before scopes existed (they read as none); kept absent rather than made `[]`, so
  // an old grant reads back exactly as it was stored.
  extraScopes: z.array(z.enum(['MESSAGES'])).optional(),
}) satisfies z.ZodType<GrantRecord>;

/** A {@link CalendarFeedRecord}. */
export const calendarFeedRecordSchema = z.object({
  id: text,
  ownerUserId: text,
  studentId: text,
  tokenHash: text,
  createdAt: instant,
  lastFetchedAt: instant.nullable(),
  revokedAt: instant.nullable(),
}) satisfies z.ZodType<CalendarFeedRecord>;

/** A {@link PushSubscriptionRecord}. */
export const pushSubscriptionRecordSchema = z.object({
  id: text,
  ownerUserId: text,
  endpointHash: text,
  sealedTarget: text,
  pushService: text,
  label: text.nullable(),
  createdAt: instant,
  lastDeliveredAt: instant.nullable(),
  lastFailedAt: instant.nullable(),
}) satisfies z.ZodType<PushSubscriptionRecord>;

/** A {@link GatewaySecretRecord}. */
export const gatewaySecretRecordSchema = z.object({
  name: text,
  sealed: text,
  createdAt: instant,
}) satisfies z.ZodType<GatewaySecretRecord>;
/** A {@link WebhookRecord}. */
export const webhookRecordSchema = z.object({
  id: text,
  ownerUserId: text,
  url: text,
  label: optionalText,
  sealedSecret: text,
  createdAt: instant,
  updatedAt: instant,
  disabledAt: instant.nullable(),
  disabledReason: z.enum(['BY_VIEWER', 'FAILING', 'GONE']).nullable(),
}) satisfies z.ZodType<WebhookRecord>;

/** A {@link MessageSendRecord}. */
export const messageSendRecordSchema = z.object({
  id: text,
  ownerUserId: text,
  draftDigest: text,
  claimToken: text,
  state: z.enum(['SENDING', 'SENT', 'UNKNOWN', 'FAILED']),
  result: z
    .object({
      provider: providerKind,
      recipients: z.array(
        z.object({
          name: text,
          role: z.enum(['ADMINISTRATION', 'CLASS_TEACHER', 'OTHER', 'PARENT', 'STUDENT', 'TEACHER']).nullable(),
        }),
      ),
      sentAt: text,
    })
    .nullable(),
  createdAt: instant,
  expiresAt: instant,
}) satisfies z.ZodType<MessageSendRecord>;

/** The schema of every record collection of the document. */
export const RECORD_SCHEMAS = {
  users: userRecordSchema,
  sessions: sessionRecordSchema,
  pendingLogins: pendingLoginRecordSchema,
  accounts: providerAccountRecordSchema,
  studentLinks: studentLinkRecordSchema,
  matchDecisions: matchDecisionRecordSchema,
  grants: grantRecordSchema,
  calendarFeeds: calendarFeedRecordSchema,
  pushSubscriptions: pushSubscriptionRecordSchema,
  gatewaySecrets: gatewaySecretRecordSchema,
  webhooks: webhookRecordSchema,
  messageSends: messageSendRecordSchema,
} as const;

/** A collection of the store document. */
export type StoreCollection = keyof typeof RECORD_SCHEMAS;

const COLLECTIONS = Object.keys(RECORD_SCHEMAS) as StoreCollection[];

/**
 * The format version that added each collection: a document of an older version has none of it, which
 * reads as an empty collection (a version-1 file simply has no calendar feeds yet).
 */
const COLLECTION_SINCE: Readonly<Record<StoreCollection, number>> = {
  users: 1,
  sessions: 1,
  pendingLogins: 1,
  accounts: 1,
  studentLinks: 1,
  matchDecisions: 1,
  grants: 1,
  calendarFeeds: 2,
  pushSubscriptions: 3,
  gatewaySecrets: 3,
  webhooks: 3,
  messageSends: 4,
};

/** The collections a document of `version` holds. */
const collectionsOf = (version: number): StoreCollection[] =>
  COLLECTIONS.filter((collection) => COLLECTION_SINCE[collection] <= version);

// The frame only: each collection of the document's version must be an array; its records are checked one
// by one below.
const frameSchemaOf = (version: number) =>
  z.object({
    version: z.literal(version),
    ...Object.fromEntries(collectionsOf(version).map((collection) => [collection, z.array(z.unknown())])),
  });

/** A record that failed its schema: where it was and which field was wrong (never its content, except in `record`). */
export interface RejectedRecord {
  collection: StoreCollection;
  /** Its position in the collection of the file. */
  index: number;
  /** The first field found wrong, as a dotted path (`snapshot.provider`), or `"record"` for the whole. */
  field: string;
  /** The record as it was in the file, for the quarantine file only: never log it. */
  record: unknown;
}

/** A document whose records all passed their schemas, and those that did not. */
export interface ParsedStoreDocument {
  /** Always of the current version: an older document's missing collections are empty. */
  document: SerializedStoreState;
  rejected: RejectedRecord[];
  /** The older format version the text was written in, or `null` when it is the current one. */
  upgradedFrom: number | null;
}

/**
 * Parses the text of a store file, checking every record.
 * @param path Only for messages.
 * @throws StoreError `STORE_FILE_VERSION` for a format version this gateway cannot read (a newer gateway's),
 * `STORE_FILE_UNREADABLE` when the text is not a store document at all. Malformed records do not throw: they
 * come back in `rejected`. An older version this gateway reads comes back as the current one.
 */
export function parseStoreDocument(text: string, path: string): ParsedStoreDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StoreError(
      'STORE_FILE_UNREADABLE',
      unreadable(path, 'it is not valid JSON (cut short or edited by hand?)'),
      { cause: error },
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StoreError('STORE_FILE_UNREADABLE', unreadable(path, 'it does not hold a JSON object'));
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version !== 'number' || !READABLE_STORE_STATE_VERSIONS.includes(version)) {
    const found = typeof version === 'number' ? `format version ${version}` : 'no format version';
    throw new StoreError(
      'STORE_FILE_VERSION',
      `The store file ${path} has ${found}; this gateway reads version ${READABLE_STORE_STATE_VERSIONS.join(' or ')}. ` +
        'Run the gateway version that wrote it, or restore a backup of the right version. The file was left untouched.',
    );
  }
  const frame = frameSchemaOf(version).safeParse(data);
  if (!frame.success) {
    const issue = frame.error.issues[0]!;
    const where = issue.path.map(String).join('.') || 'the document';
    throw new StoreError('STORE_FILE_UNREADABLE', unreadable(path, `${where}: ${issue.message}`));
  }
  const collections = frame.data as unknown as Partial<Record<StoreCollection, unknown[]>>;
  const rejected: RejectedRecord[] = [];
  const document = { version: STORE_STATE_VERSION } as SerializedStoreState;
  for (const collection of COLLECTIONS) {
    const good: unknown[] = [];
    (collections[collection] ?? []).forEach((record, index) => {
      const parsed = RECORD_SCHEMAS[collection].safeParse(record);
      if (parsed.success) good.push(parsed.data);
      else
        rejected.push({
          collection,
          index,
          field: parsed.error.issues[0]?.path.map(String).join('.') || 'record',
          record,
        });
    });
    (document as unknown as Record<StoreCollection, unknown[]>)[collection] = good;
  }
  return { document, rejected, upgradedFrom: version === STORE_STATE_VERSION ? null : version };
}

function unreadable(path: string, reason: string): string {
  return (
    `The store file ${path} cannot be read: ${reason}. The gateway will not start over it with an empty store; ` +
    'restore it from a backup, or move it away to start empty. The file was left untouched.'
  );
}
