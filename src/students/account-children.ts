/**
 * The children one linked diary account shows, read through the request's loaders (so the cache serves
 * them), or from the store's last good copy when the diary fails. Each child is recorded in the store the
 * first time it is seen, with its SNILS only as the hash the adapter boundary already made.
 *
 * What identifies a child (SNILS hash, birth date, name) is kept as last known good: only a new read of
 * the diary updates it, a read that lacks a part the store knows keeps the known one, and an old copy
 * (served because the diary failed, or while it is refreshed) updates nothing ({@link withKnownIdentity}).
 * So a failed call can never split a merged child in two (issue 11 §2). Each link is changed atomically
 * (`updateStudentLink`), reconciled with the link as stored at the moment of the write, so two requests
 * racing never write over each other's news. A child a complete read no longer lists is forgotten
 * (`departed-children.ts`).
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderAccountProfile, ProviderStudent, StudentEnrollment } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import { preferCleanSpelling } from '../identity/names.js';
import type { RequestLoaders, Served } from '../loaders/request-loaders.js';
import type { GatewayStore, StudentLinkRecord } from '../store/store.js';
import { sameLink } from '../store/student-link-change.js';
import { forgetDepartedChildren } from './departed-children.js';
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
export async function readAccountChildren(
  account: ProviderAccount,
  deps: AccountChildrenDeps,
): Promise<AccountChildren> {
  const known = await deps.store.listStudentLinks(account.id);
  try {
    const served = await deps.loaders.profile.load(account);
    const reading = readingOf(served);
    const children = await Promise.all(
      served.value.students.map((student) => recordChild(account.id, student, known, deps, reading)),
    );
    // Only a new read that came whole says who is no longer there (`readingOf` also rules out drift).
    if (reading === 'new-read' && served.staleBecause === null) {
      await forgetDepartedChildren({ students: served.value.students, fetchedAt: served.fetchedAt }, known, deps.store);
    }
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
  for (const student of students) await recordChild(accountId, student, known, deps, 'new-read');
}

/**
 * Where a profile came from: `new-read` — the diary answered just now, in full (a cache miss, or a fresh
 * copy of such an answer); `old-copy` — a copy past its fresh window, served because the diary failed or
 * while it is refreshed, which may be older than what another request has stored since, or a partial one.
 */
export type Reading = 'new-read' | 'old-copy';

/**
 * What a served profile is worth to the store. A copy past its fresh window is no news: the store already
 * holds what was read with it, or something newer. A profile built with parts of the diary's answer left
 * out because their shape drifted (`drift`, when the loader reports it) is partial: what identifies a
 * child may be among the parts left out, so it is trusted no more than an old copy.
 */
function readingOf(served: Served<ProviderAccountProfile> & { drift?: readonly unknown[] }): Reading {
  return served.isStale || (served.drift?.length ?? 0) > 0 ? 'old-copy' : 'new-read';
}

/** When and as whom a child was first seen: the part of a link that never changes once recorded. */
export interface FirstSighting {
  studentId: string;
  firstSeenAt: number;
}

/** The first sighting of a child seen now: its id derived from its diary, tenant and diary id (`deriveStudentId`). */
export function firstSighting(student: ProviderStudent, at: number, idSecret: string): FirstSighting {
  return {
    studentId: deriveStudentId(idSecret, student.provider, student.externalId, student.tenant),
    firstSeenAt: at,
  };
}

/** The store's link of a child of an account, as `student` shows it now. */
export function studentLink(accountId: string, student: ProviderStudent, first: FirstSighting): StudentLinkRecord {
  return {
    studentId: first.studentId,
    accountId,
    // `student.snils` is already the keyed hash (see src/identity/protect-adapter.ts); the snapshot keeps none.
    snapshot: { ...student, snils: null },
    snilsHash: student.snils,
    firstSeenAt: first.firstSeenAt,
  };
}

/** A child as recording it comes out: the link as it should be stored, the child as served, and whether to write. */
interface Recorded {
  link: StudentLinkRecord;
  kept: ProviderStudent;
  write: boolean;
}

/**
 * What `student`, read now, makes of the link `stored`: a child the store does not know is recorded (from
 * any reading, so its first sighting is kept from then on); a known one is reconciled with what the store
 * knows ({@link withKnownIdentity}) and written only when a new read changed it (or cleared the mark of an
 * empty list, `missingSince`), so a cached profile costs the store nothing and an old copy writes nothing.
 */
function recorded(
  accountId: string,
  student: ProviderStudent,
  stored: StudentLinkRecord | null,
  reading: Reading,
  deps: Pick<AccountChildrenDeps, 'idSecret' | 'now'>,
): Recorded {
  if (!stored) {
    const link = studentLink(accountId, student, firstSighting(student, deps.now(), deps.idSecret));
    return { link, kept: student, write: true };
  }
  const kept = withKnownIdentity(student, stored, reading);
  const link = studentLink(accountId, kept, stored);
  return { link, kept, write: reading === 'new-read' && !sameLink(stored, link) };
}

/**
 * Records the child's link as {@link recorded} says. `known` (the links listed before the read) spares
 * the store a write when nothing changed; a write reconciles with the link as stored at that moment, so
 * a request racing this one never loses its news to this one's older view. A link listed before the read
 * and gone at the write was removed meanwhile (a complete read no longer listed the child): it is not
 * brought back from this read (`departed-children.ts`, "Ordering").
 */
async function recordChild(
  accountId: string,
  student: ProviderStudent,
  known: StudentLinkRecord[],
  deps: Pick<AccountChildrenDeps, 'store' | 'idSecret' | 'now'>,
  reading: Reading,
): Promise<AccountChild> {
  const listed =
    known.find(
      (link) => link.snapshot.provider === student.provider && link.snapshot.externalId === student.externalId,
    ) ?? null;
  let outcome = recorded(accountId, student, listed, reading, deps);
  if (outcome.write) {
    await deps.store.updateStudentLink(accountId, student.provider, student.externalId, (current) => {
      if (current === null && listed !== null) return null;
      outcome = recorded(accountId, student, current, reading, deps);
      return outcome.write ? outcome.link : null;
    });
  }
  const { link, kept } = outcome;
  return { childId: link.studentId, firstSeenAt: link.firstSeenAt, enrollment: { accountId, student: kept } };
}

/** The parts of a child that identify them, as matching reads them. */
interface Identity {
  snils: string | null;
  birthDate: string | null;
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/**
 * The child as served, with what identifies them (SNILS hash, birth date, name) reconciled with the
 * store's last good copy `known`. From a `new-read`, a value the diary sent wins (a new SNILS hash, birth
 * date or name part is a real change) and a part it left out keeps the known one: a diary that answers
 * without a child's SNILS has not said the child has none — a side call failed, a field drifted — and
 * writing that blank over the known value would split a child merged by SNILS in two. From an
 * `old-copy`, the known parts win and the copy only fills what the store never knew.
 */
export function withKnownIdentity(
  student: ProviderStudent,
  known: StudentLinkRecord,
  reading: Reading,
): ProviderStudent {
  const stored: Identity = { ...known.snapshot, snils: known.snilsHash };
  const [first, second]: [Identity, Identity] = reading === 'new-read' ? [student, stored] : [stored, student];
  // A part spelled two ways that read the same (`Пeтрова` with a Latin `e`, `Петрова`) keeps the clean one.
  const name = preferCleanSpelling;
  return {
    ...student,
    snils: first.snils ?? second.snils,
    birthDate: first.birthDate ?? second.birthDate,
    lastName: name(first.lastName, second.lastName),
    firstName: name(first.firstName, second.firstName),
    middleName:
      first.middleName === null || second.middleName === null
        ? (first.middleName ?? second.middleName)
        : name(first.middleName, second.middleName),
  };
}
