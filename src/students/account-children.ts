/**
 * The children one linked diary account shows, read through the request's loaders (so the cache serves
 * them), or from the store's last good copy when the diary fails. Each child is recorded in the store the
 * first time it is seen, with its SNILS only as the hash the adapter boundary already made.
 *
 * What identifies a child (SNILS hash, birth date, name) is kept as last known good: only a new read of
 * the diary updates it, a read that lacks a part the store knows keeps the known one, and an old copy
 * (served because the diary failed, or while it is refreshed) updates nothing ({@link withKnownIdentity}).
 * So a failed call can never split a merged child in two (issue 11 §2).
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderAccountProfile, ProviderStudent, StudentEnrollment } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import { preferCleanSpelling } from '../identity/names.js';
import type { RequestLoaders, Served } from '../loaders/request-loaders.js';
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

/** The first sighting of a child seen now: its id derived from its diary and diary id (`deriveStudentId`). */
export function firstSighting(student: ProviderStudent, at: number, idSecret: string): FirstSighting {
  return { studentId: deriveStudentId(idSecret, student.provider, student.externalId), firstSeenAt: at };
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

/**
 * Stores the child's link when it is new, or changed by a new read (so a cached profile costs the store
 * nothing, and an old copy never writes over what is known).
 */
async function recordChild(
  accountId: string,
  student: ProviderStudent,
  known: StudentLinkRecord[],
  deps: Pick<AccountChildrenDeps, 'store' | 'idSecret' | 'now'>,
  reading: Reading,
): Promise<AccountChild> {
  const existing = known.find(
    (link) => link.snapshot.provider === student.provider && link.snapshot.externalId === student.externalId,
  );
  const kept = existing ? withKnownIdentity(student, existing, reading) : student;
  const link = studentLink(accountId, kept, existing ?? firstSighting(student, deps.now(), deps.idSecret));
  const changed =
    existing &&
    (JSON.stringify(existing.snapshot) !== JSON.stringify(link.snapshot) || existing.snilsHash !== link.snilsHash);
  if (!existing || (changed && reading === 'new-read')) await deps.store.putStudentLink(link);
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
