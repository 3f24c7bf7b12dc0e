/**
 * The trusted-access rule, in one place: a grant lets its trusted person read one child while it is
 * active (accepted, not revoked, not expired), and only a parent — who sees the child through their own
 * linked accounts — may change anything about the child (invite, send absence notices). A trusted person
 * sees the child read-only.
 *
 * The directory, the trusted-person rules, absence notices and the resolvers all ask here, so "active"
 * and "parent" mean the same everywhere they are checked.
 */
import type { StudentRecord } from '../domain/model.js';
import { ForbiddenError } from '../errors/gateway-error.js';
import type { Phrase } from '../errors/phrases.js';
import type { GrantRecord } from '../store/store.js';

/** A grant's state at a moment: its stored status, with `EXPIRED` read off its end date. */
export type GrantState = 'PENDING' | 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/** The parts of a grant its state is read from. */
type GrantTerms = Pick<GrantRecord, 'status' | 'expiresAt'>;

/** The grant's state at `now` (epoch ms): a revocation stands even after the end date. */
export function grantState(grant: GrantTerms, now: number): GrantState {
  if (grant.status === 'REVOKED') return 'REVOKED';
  return grant.expiresAt <= now ? 'EXPIRED' : grant.status;
}

/** Whether the grant lets its trusted person read the child at `now`: accepted, not revoked, not expired. */
export function isGrantActive(grant: GrantTerms, now: number): boolean {
  return grantState(grant, now) === 'ACTIVE';
}

/** Whether the invitation can still be accepted at `now`: not yet accepted, not revoked, not expired. */
export function isInvitationOpen(grant: GrantTerms, now: number): boolean {
  return grantState(grant, now) === 'PENDING';
}

/** Whether `userId` is the parent who made the grant (and may revoke it). */
export function isGrantOwner(grant: Pick<GrantRecord, 'ownerUserId'>, userId: string): boolean {
  return grant.ownerUserId === userId;
}

/**
 * Whether the viewer sees the student as a parent (through their own linked accounts, `PARENT`), and so
 * may act for the child, rather than through a grant (`TRUSTED_READ_ONLY`).
 */
export function isParentView(student: Pick<StudentRecord, 'access'>): boolean {
  return student.access === 'PARENT';
}

/** The student as a trusted person sees it through a grant: the owner's view, read-only. */
export function trustedView(student: StudentRecord): StudentRecord {
  return { ...student, access: 'TRUSTED_READ_ONLY' };
}

/**
 * Throws `FORBIDDEN` with `refusal` (which says what only a parent may do) unless the viewer is a parent;
 * `wording` is the same refusal as a phrase, for readers of another language.
 */
export function requireParentView(student: Pick<StudentRecord, 'access'>, refusal: string, wording?: Phrase): void {
  if (!isParentView(student)) throw new ForbiddenError(refusal, wording);
}
