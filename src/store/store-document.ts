/**
 * Reading the file store's JSON document. A file that is not exactly a store document of a known version
 * stops the gateway: starting empty over it would silently throw away every user, link and grant, and the
 * next write would make that permanent. Errors name the file and what is wrong with it, never its content.
 */
import { z } from 'zod';
import { STORE_STATE_VERSION, type SerializedStoreState } from './store-state.js';
import { StoreError } from './store-error.js';

// Only the fields the store indexes or sorts by are checked: enough to reject a file that is not ours or
// was cut short, without restating every record type (those are written by this code, from typed records).
const documentSchema = z.object({
  version: z.literal(STORE_STATE_VERSION),
  users: z.array(z.looseObject({ id: z.string(), login: z.object({ issuer: z.string(), subject: z.string() }).nullable() })),
  sessions: z.array(z.looseObject({ tokenHash: z.string(), userId: z.string(), expiresAt: z.number().nullable() })),
  pendingLogins: z.array(z.looseObject({ idHash: z.string(), expiresAt: z.number() })),
  accounts: z.array(z.looseObject({ id: z.string(), userId: z.string(), linkedAt: z.number(), sealedCredentials: z.string() })),
  studentLinks: z.array(
    z.looseObject({
      studentId: z.string(),
      accountId: z.string(),
      firstSeenAt: z.number(),
      snapshot: z.looseObject({ provider: z.string(), externalId: z.string() }),
    }),
  ),
  matchDecisions: z.array(z.looseObject({ userId: z.string(), pairKey: z.string(), decidedAt: z.number() })),
  grants: z.array(z.looseObject({ id: z.string(), ownerUserId: z.string(), codeHash: z.string(), createdAt: z.number() })),
});

/**
 * Parses the text of a store file.
 * @param path Only for messages.
 * @throws StoreError `STORE_FILE_VERSION` for another format version, `STORE_FILE_UNREADABLE` otherwise.
 */
export function parseStoreDocument(text: string, path: string): SerializedStoreState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StoreError('STORE_FILE_UNREADABLE', unreadable(path, 'it is not valid JSON (cut short or edited by hand?)'), { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StoreError('STORE_FILE_UNREADABLE', unreadable(path, 'it does not hold a JSON object'));
  }
  const version = (data as { version?: unknown }).version;
  if (version !== STORE_STATE_VERSION) {
    const found = typeof version === 'number' ? `format version ${version}` : 'no format version';
    throw new StoreError(
      'STORE_FILE_VERSION',
      `The store file ${path} has ${found}; this gateway reads version ${STORE_STATE_VERSION}. ` +
        'Run the gateway version that wrote it, or restore a backup of the right version. The file was left untouched.',
    );
  }
  const parsed = documentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.') || 'the document';
    throw new StoreError('STORE_FILE_UNREADABLE', unreadable(path, `${where}: ${issue.message}`));
  }
  return parsed.data as unknown as SerializedStoreState;
}

function unreadable(path: string, reason: string): string {
  return `The store file ${path} cannot be read: ${reason}. The gateway will not start over it with an empty store; ` +
    'restore it from a backup, or move it away to start empty. The file was left untouched.';
}
