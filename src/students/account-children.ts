/**
 * The children one linked diary account shows, read through the request's loaders (so the cache serves
 * them), or from the store's last good copy when the diary fails. Each child is recorded in the store the
 * first time it is seen, with its SNILS only as the hash the adapter boundary already made.
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderStudent, StudentEnrollment } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RequestLoaders } from '../loaders/request-loaders.js';
import type { GatewayStore, StudentLinkRecord } from '../store/store.js';
import { deriveStudentId } from './student-ids.js';

/** A diary failure met while listing an account's children. */
export interface ListingFailure {
  error: GatewayError;
  /** The account's children still came, from the cache's last good copy of its profile or the store. */
  staleDataServed: boolean;
}

/** One child of one account. */
export interface AccountChild {
  /** The child's own id (`deriveStudentId`); a merged student is named after its earliest-seen child. */
  childId: string;
  firstSeenAt: number;
  enrollment: StudentEnrollment;
}

/** What {@link readAccountChildren} found. */
export interface AccountChildren {
  children: AccountChild[];
  failure: ListingFailure | null;
}

/** What reading an account's children needs. */
export interface AccountChildrenDeps {
  store: GatewayStore;
  loaders: RequestLoaders;
  idSecret: string;
  now: () => number;
}

/** Reads an account's children from its diary, or from the last good copy when the diary fails. */
export async function readAccountChildren(account: ProviderAccount, deps: AccountChildrenDeps): Promise<AccountChildren> {
  const known = await deps.store.listStudentLinks(account.id);
  try {
    const served = await deps.loaders.profile.load(account);
    const children = await Promise.all(served.value.students.map((student) => recordChild(account.id, student, known, deps)));
    return { children, failure: served.staleBecause ? { error: served.staleBecause, staleDataServed: true } : null };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const children = known.map((link) => ({
      childId: link.studentId,
      firstSeenAt: link.firstSeenAt,
      enrollment: { accountId: account.id, student: { ...link.snapshot, snils: link.snilsHash } },
    }));
    return { children, failure: { error, staleDataServed: children.length > 0 } };
  }
}

/**
 * Records the children a diary account showed when it was linked, so they are listed (from this copy)
 * even if the diary stops answering before the first query.
 */
export async function rememberChildren(
  accountId: string,
  students: readonly ProviderStudent[],
  deps: Pick<AccountChildrenDeps, 'store' | 'idSecret' | 'now'>,
): Promise<void> {
  const known = await deps.store.listStudentLinks(accountId);
  for (const student of students) await recordChild(accountId, student, known, deps);
}

/** Stores the child's link when it is new or changed (so a cached profile costs the store nothing). */
async function recordChild(
  accountId: string,
  student: ProviderStudent,
  known: StudentLinkRecord[],
  deps: Pick<AccountChildrenDeps, 'store' | 'idSecret' | 'now'>,
): Promise<AccountChild> {
  const existing = known.find((link) => link.snapshot.provider === student.provider && link.snapshot.externalId === student.externalId);
  const link: StudentLinkRecord = {
    studentId: existing?.studentId ?? deriveStudentId(deps.idSecret, student.provider, student.externalId),
    accountId,
    // `student.snils` is already the keyed hash (see src/identity/protect-adapter.ts); the snapshot keeps none.
    snapshot: { ...student, snils: null },
    snilsHash: student.snils,
    firstSeenAt: existing?.firstSeenAt ?? deps.now(),
  };
  if (!existing || JSON.stringify(existing.snapshot) !== JSON.stringify(link.snapshot) || existing.snilsHash !== link.snilsHash) {
    await deps.store.putStudentLink(link);
  }
  return { childId: link.studentId, firstSeenAt: link.firstSeenAt, enrollment: { accountId, student } };
}
