/**
 * Trusted persons: a parent invites someone (a grandmother, a nanny) to read one child's diary. The
 * invitation names the person by SNILS, phone or full name and comes with a one-time code the parent
 * passes on; the invitee signs in, and accepting checks both the code and that the signed-in person is the
 * one named. Access is read-only and ends when the parent revokes it or it expires.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StudentRecord } from '../domain/model.js';
import { BadUserInputError, ForbiddenError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import { fullNameMatches, parsePersonName } from '../identity/names.js';
import { hashPhone, maskPhone, normalizePhone } from '../identity/phone.js';
import { hashSnils, parseSnils } from '../identity/snils.js';
import type { GatewayStore, GrantRecord, GrantScope, InviteeRecord, UserRecord } from '../store/store.js';
import { grantState, isGrantOwner, isInvitationOpen, requireParentView } from './access-rule.js';

const DAY_MS = 86_400_000;
/** Access lasts this long unless the parent says otherwise. */
export const DEFAULT_GRANT_DAYS = 90;
/** The longest access a parent may grant at once. */
export const MAX_GRANT_DAYS = 366;
/**
 * The longest invitee name accepted, in characters: the name is kept in the grant and shown back with
 * every listing, so its size is the store's and the answers' (issue 10, finding 6). The longest Russian
 * full names are under 100.
 */
export const MAX_FULL_NAME_LENGTH = 200;

/** How the parent names the invitee: exactly one of the three. */
export interface InviteeInput {
  snils?: string | null;
  phone?: string | null;
  fullName?: string | null;
}

/** What the trusted-person rules need. */
export interface TrustedPersonDeps {
  store: GatewayStore;
  personalDataSecret: string;
  now: () => number;
}

/** Creates a pending invitation for a child the parent sees as a parent; returns it and its one-time code. */
export async function inviteTrustedPerson(
  owner: string,
  student: StudentRecord,
  invitee: InviteeInput,
  expiresAt: number | null,
  deps: TrustedPersonDeps,
  extraScopes: readonly GrantScope[] = [],
): Promise<{ grant: GrantRecord; code: string }> {
  requireParentView(
    student,
    'Only a parent of the child can invite a trusted person.',
    phrase('invitation.parentOnly'),
  );
  const now = deps.now();
  const code = randomBytes(18).toString('base64url');
  const grant: GrantRecord = {
    id: `grant_${randomBytes(12).toString('base64url')}`,
    ownerUserId: owner,
    studentId: student.id,
    invitee: describeInvitee(invitee, deps.personalDataSecret),
    codeHash: hashCode(code),
    status: 'PENDING',
    granteeUserId: null,
    createdAt: now,
    expiresAt: checkExpiry(expiresAt, now),
    acceptedAt: null,
    revokedAt: null,
    extraScopes: checkScopes(extraScopes),
  };
  await deps.store.createGrant(grant);
  return { grant, code };
}

/**
 * Accepts an invitation as the signed-in person; refuses codes that are unknown, used, revoked or expired
 * alike. The checks run again inside the store's atomic update, on the grant as stored at that moment, so
 * a revocation, an expiry or another acceptance that happened after the lookup wins: an accept never
 * brings back a revoked grant, and of two accepts only one succeeds.
 */
export async function acceptInvitation(user: UserRecord, code: string, deps: TrustedPersonDeps): Promise<GrantRecord> {
  const codeHash = hashCode(code.trim());
  const found = await deps.store.findGrantByCodeHash(codeHash);
  const now = deps.now();
  if (!found) throw invalidCode();
  const accepted = await deps.store.updateGrant(found.id, (grant) => {
    refuseUnlessAcceptable(grant, codeHash, user, now);
    return { ...grant, status: 'ACTIVE', granteeUserId: user.id, acceptedAt: now };
  });
  if (!accepted) throw invalidCode();
  return accepted;
}

/**
 * Revokes a grant the owner made; someone else's grant is refused like an unknown id. Atomic in the
 * store: once this answers `REVOKED`, no acceptance racing it can leave the grant active.
 */
export async function revokeGrant(owner: string, grantId: string, deps: TrustedPersonDeps): Promise<GrantRecord> {
  const now = deps.now();
  const revoked = await deps.store.updateGrant(grantId, (grant) => {
    if (!isGrantOwner(grant, owner)) throw notYourGrant();
    return grant.status === 'REVOKED' ? null : { ...grant, status: 'REVOKED', revokedAt: now };
  });
  if (!revoked) throw notYourGrant();
  return revoked;
}

/**
 * Replaces what a grant gives besides the diary (`MESSAGES`), at once, while it is pending or active. Only its
 * owner may; someone else's grant is refused like an unknown id, and a revoked or expired one cannot change.
 */
export async function setGrantScopes(
  owner: string,
  grantId: string,
  extraScopes: readonly GrantScope[],
  deps: TrustedPersonDeps,
): Promise<GrantRecord> {
  const scopes = checkScopes(extraScopes);
  const now = deps.now();
  const changed = await deps.store.updateGrant(grantId, (grant) => {
    if (!isGrantOwner(grant, owner)) throw notYourGrant();
    const state = grantState(grant, now);
    if (state !== 'PENDING' && state !== 'ACTIVE') throw notYourGrant();
    return { ...grant, extraScopes: scopes };
  });
  if (!changed) throw notYourGrant();
  return changed;
}

/** The most extra scopes a grant takes (there is one kind today; the cap bounds the input). */
export const MAX_EXTRA_SCOPES = 4;

/** Extra scopes, each once, bounded. */
function checkScopes(scopes: readonly GrantScope[]): GrantScope[] {
  if (scopes.length > MAX_EXTRA_SCOPES)
    throw new BadUserInputError(
      `At most ${MAX_EXTRA_SCOPES} extra scopes.`,
      'extraScopes',
      phrase('grant.scopesTooMany', { max: MAX_EXTRA_SCOPES }),
    );
  return [...new Set(scopes)].sort();
}

const invalidCode = () =>
  new BadUserInputError(
    'This invitation code is not valid: it is unknown, already used, revoked or expired.',
    'code',
    phrase('invitation.invalidCode'),
  );
const notYourGrant = () =>
  new BadUserInputError('No invitation of yours has this id.', 'grantId', phrase('invitation.notYours'));

/** Throws the refusal an acceptance of `grant` by `user` now gets, if any. */
function refuseUnlessAcceptable(grant: GrantRecord, codeHash: string, user: UserRecord, now: number): void {
  if (grant.codeHash !== codeHash || !isInvitationOpen(grant, now)) throw invalidCode();
  if (isGrantOwner(grant, user.id))
    throw new BadUserInputError('You cannot accept your own invitation.', 'code', phrase('invitation.own'));
  if (!isNamedPerson(grant.invitee, user)) {
    throw new ForbiddenError(
      'This invitation names someone else. Sign in as the person the parent named to accept it.',
      phrase('invitation.someoneElse'),
    );
  }
}

/** The invitee as stored: SNILS and phone only as keyed hashes; the first problem found is reported. */
function describeInvitee(input: InviteeInput, secret: string): InviteeRecord {
  const given = (['snils', 'phone', 'fullName'] as const).filter((field) => (input[field] ?? '').trim() !== '');
  if (given.length !== 1)
    throw new BadUserInputError(
      'Name the invitee by exactly one of snils, phone or fullName.',
      'input',
      phrase('invitation.oneInviteeField'),
    );
  switch (given[0]) {
    case 'snils': {
      const parsed = parseSnils(input.snils!);
      if (!parsed.ok)
        throw new BadUserInputError(
          `The SNILS is not valid: ${parsed.message}`,
          'snils',
          phrase('invitation.snilsInvalid', { rule: parsed.rule }),
        );
      return { kind: 'SNILS', snilsHash: hashSnils(secret, parsed.digits) };
    }
    case 'phone': {
      const phone = normalizePhone(input.phone!);
      if (!phone)
        throw new BadUserInputError(
          'The phone must be a Russian mobile number such as +7 999 123-45-67.',
          'phone',
          phrase('invitation.phoneInvalid'),
        );
      return { kind: 'PHONE', phoneHash: hashPhone(secret, phone), label: maskPhone(phone) };
    }
    default: {
      // Checked here too, not only at the GraphQL edge: this text is stored, so no caller may skip the cap.
      if (input.fullName!.length > MAX_FULL_NAME_LENGTH) {
        throw new BadUserInputError(
          `fullName may be at most ${MAX_FULL_NAME_LENGTH} characters; this one has ${input.fullName!.length}.`,
          'fullName',
          phrase('input.tooLong', { name: 'fullName', max: MAX_FULL_NAME_LENGTH, length: input.fullName!.length }),
        );
      }
      const name = parsePersonName(input.fullName!);
      if (!name)
        throw new BadUserInputError(
          'The full name needs at least a surname and a given name.',
          'fullName',
          phrase('invitation.fullNameIncomplete'),
        );
      return { kind: 'FULL_NAME', fullName: input.fullName!.trim().replace(/\s+/g, ' ') };
    }
  }
}

function isNamedPerson(invitee: InviteeRecord, user: UserRecord): boolean {
  switch (invitee.kind) {
    case 'SNILS':
      return user.person?.snilsHash != null && user.person.snilsHash === invitee.snilsHash;
    case 'PHONE':
      return user.phoneHash !== null && user.phoneHash === invitee.phoneHash;
    case 'FULL_NAME':
      return user.person !== null && fullNameMatches(invitee.fullName, user.person);
  }
}

function checkExpiry(expiresAt: number | null, now: number): number {
  if (expiresAt === null) return now + DEFAULT_GRANT_DAYS * DAY_MS;
  if (expiresAt <= now)
    throw new BadUserInputError('expiresAt must be in the future.', 'expiresAt', phrase('invitation.expiryInPast'));
  if (expiresAt > now + MAX_GRANT_DAYS * DAY_MS)
    throw new BadUserInputError(
      `expiresAt may be at most ${MAX_GRANT_DAYS} days ahead.`,
      'expiresAt',
      phrase('invitation.expiryTooFar', { maxDays: MAX_GRANT_DAYS }),
    );
  return expiresAt;
}

/** Codes are 144 random bits, so an unsalted hash is enough to keep them out of a store dump. */
function hashCode(code: string): string {
  return createHash('sha256').update(`grant-code:${code}`, 'utf8').digest('hex');
}
