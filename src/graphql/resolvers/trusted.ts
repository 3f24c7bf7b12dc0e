/** `TrustedPersonGrant` and `ReceivedAccess`: both read a stored grant. */
import { grantState, isParentView } from '../../access/access-rule.js';
import type { StudentRecord } from '../../domain/model.js';
import type { GrantRecord } from '../../store/store.js';
import type { GatewayContext } from '../context.js';
import type { ReceivedAccessResolvers, TrustedPersonGrantResolvers } from '../resolvers.generated.js';
import { requireDirectory } from './enrollment-loads.js';
import { instant } from './instants.js';

export const TrustedPersonGrant: TrustedPersonGrantResolvers = {
  student: (grant, _args, context) => sharedStudentForOwner(grant, context),
  inviteeKind: (grant) => grant.invitee.kind,
  inviteeLabel: (grant) => {
    switch (grant.invitee.kind) {
      case 'FULL_NAME':
        return grant.invitee.fullName;
      case 'PHONE':
        return grant.invitee.label;
      case 'SNILS':
        return null;
    }
  },
  async granteeName(grant, _args, context) {
    if (!grant.granteeUserId) return null;
    return (await context.services.store.getUser(grant.granteeUserId))?.displayName ?? null;
  },
  status: (grant, _args, context) => grantStateNow(grant, context),
  createdAt: (grant) => instant(grant.createdAt),
  expiresAt: (grant) => instant(grant.expiresAt),
  extraScopes: (grant) => grant.extraScopes ?? [],
};

export const ReceivedAccess: ReceivedAccessResolvers = {
  grantId: (grant) => grant.id,
  student: (grant, _args, context) => requireDirectory(context).grantedStudent(grant),
  async grantedBy(grant, _args, context) {
    return (await context.services.store.getUser(grant.ownerUserId))?.displayName ?? 'A parent';
  },
  expiresAt: (grant) => instant(grant.expiresAt),
  extraScopes: (grant) => grant.extraScopes ?? [],
};

/**
 * The grant's state now. A pending or active grant turns `EXPIRED` at its end date, so the answer depends on
 * the clock until then; a revoked or expired one stays as it is.
 */
function grantStateNow(grant: GrantRecord, context: GatewayContext): ReturnType<typeof grantState> {
  const state = grantState(grant, context.services.now().getTime());
  if (state === 'PENDING' || state === 'ACTIVE') context.dependsOnTimeUntil(grant.expiresAt);
  return state;
}

/** The shared child as the owner (the viewer) sees it now. */
async function sharedStudentForOwner(grant: GrantRecord, context: GatewayContext): Promise<StudentRecord | null> {
  const { student } = await requireDirectory(context).findStudent(grant.studentId);
  return student && isParentView(student) ? student : null;
}
