/**
 * The rules every store applies to a change of a student link (`updateStudentLink`, `removeStudentLink`),
 * in one place so the memory, file and Redis stores cannot disagree on them.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ProviderKind } from '../domain/model.js';
import { StoreError } from './store-error.js';
import type { StudentLinkRecord } from './store.js';

/**
 * Refuses a link that is not of the named account and child, or that alters the `studentId` or
 * `firstSeenAt` of the link stored now (`current`): a child's identity is fixed once recorded.
 * @throws StoreError `STORE_INVALID_CHANGE`
 */
export function checkLinkChange(
  accountId: string,
  provider: ProviderKind,
  externalId: string,
  current: StudentLinkRecord | null,
  next: StudentLinkRecord,
): void {
  const elsewhere =
    next.accountId !== accountId || next.snapshot.provider !== provider || next.snapshot.externalId !== externalId;
  const reidentified =
    current !== null && (next.studentId !== current.studentId || next.firstSeenAt !== current.firstSeenAt);
  if (elsewhere || reidentified) {
    // The account id only: a diary's child id says nothing useful here and need not reach a log.
    throw new StoreError(
      'STORE_INVALID_CHANGE',
      `A change of a child's link of the account ${accountId} may not alter what identifies it; nothing was written.`,
    );
  }
}

/**
 * Whether two links hold the same data. Compared as JSON values: the order of keys does not count (Redis
 * reads a link back in its schema's order) and neither does a key set to `undefined` (JSON has none).
 */
export function sameLink(a: StudentLinkRecord, b: StudentLinkRecord): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}
