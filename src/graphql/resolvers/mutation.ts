/**
 * `Mutation`: linking accounts, deciding matches, trusted persons, absence notices, calendar feeds
 * (`calendar-feeds.ts`), signing out. Every
 * mutation needs a session; a student or grant the viewer may not touch is refused exactly like one that
 * does not exist.
 */
import {
  acceptInvitation,
  inviteTrustedPerson,
  revokeGrant,
  type TrustedPersonDeps,
} from '../../access/trusted-persons.js';
import { linkProviderAccount, unlinkProviderAccount } from '../../accounts/link-account.js';
import { mailMutations } from './messages.js';
import { reportAbsence, withdrawAbsence, type AbsenceNoticeDeps } from '../../absences/absence-notices.js';
import type { LinkCredentials } from '../../domain/adapter.js';
import { BadUserInputError, UnauthenticatedError } from '../../errors/gateway-error.js';
import { createRequestScope } from '../../upstream/request-scope.js';
import type { GatewayContext } from '../context.js';
import type { MutationResolvers } from '../resolvers.generated.js';
import { calendarFeedMutations } from './calendar-feeds.js';
import { pushMutations } from './push.js';
import { webhookMutations } from './webhooks.js';
import { requireDirectory, requireStudent, requireUser } from './enrollment-loads.js';
import { epochOf } from './instants.js';

export const Mutation: MutationResolvers = {
  linkMeshAccount: (_root, { input }, context) => link(context, { provider: 'MESH', token: input.token }, input.tenant),

  linkDnevnikAccount(_root, { input }, context) {
    const { code, accessToken, redirectUri } = input;
    if (!!code === !!accessToken) throw new BadUserInputError('Give exactly one of code and accessToken.', 'input');
    return link(
      context,
      code
        ? { provider: 'DNEVNIK', code, ...(redirectUri ? { redirectUri } : {}) }
        : { provider: 'DNEVNIK', accessToken: accessToken! },
      input.tenant,
    );
  },

  linkEljurAccount: (_root, { input }, context) =>
    link(
      context,
      { provider: 'ELJUR', login: input.login, password: input.password, vendor: input.vendor },
      input.tenant,
    ),

  async unlinkProviderAccount(_root, { id }, context) {
    const { store, cache } = context.services;
    await unlinkProviderAccount(requireUser(context), id, { store, forget: (accountId) => cache.forget(accountId) });
    return { unlinkedId: id };
  },

  confirmStudentMatch: (_root, { suggestionId }, context) => decideMatch(context, suggestionId, 'CONFIRMED'),
  rejectStudentMatch: (_root, { suggestionId }, context) => decideMatch(context, suggestionId, 'REJECTED'),

  async inviteTrustedPerson(_root, { input }, context) {
    const student = await requireStudent(context, input.studentId);
    return inviteTrustedPerson(
      requireUser(context),
      student,
      { snils: input.snils ?? null, phone: input.phone ?? null, fullName: input.fullName ?? null },
      input.expiresAt ? epochOf(input.expiresAt) : null,
      trustedDeps(context),
      input.extraScopes ?? [],
    );
  },

  async acceptTrustedPersonInvitation(_root, { code }, context) {
    const user = await requireDirectory(context).user();
    if (!user) throw new UnauthenticatedError();
    return acceptInvitation(user, code, trustedDeps(context));
  },

  revokeTrustedPerson: (_root, { grantId }, context) =>
    revokeGrant(requireUser(context), grantId, trustedDeps(context)),

  async reportAbsence(_root, { input }, context) {
    const student = await requireStudent(context, input.studentId);
    const { range, providers } = await reportAbsence(student, input, absenceDeps(context));
    return { student, providers, from: range.from, to: range.to };
  },

  async withdrawAbsence(_root, { input }, context) {
    const student = await requireStudent(context, input.studentId);
    const { range, providers } = await withdrawAbsence(student, input, absenceDeps(context));
    return { student, providers, from: range.from, to: range.to };
  },

  ...calendarFeedMutations,
  ...mailMutations,
  ...pushMutations,
  ...webhookMutations,

  async signOut(_root, _args, context) {
    requireUser(context);
    if (context.sessionTokenHash) await context.services.store.deleteSession(context.sessionTokenHash);
    return true;
  },
};

/** Links on the tenant the input names (a tenant this gateway does not serve is refused by its id). */
async function link(context: GatewayContext, input: LinkCredentials, tenant: string | null | undefined) {
  const { store, adapters, vault, idSecret, now, requestDeadlineMs, tenants } = context.services;
  if (tenant != null && tenants.get(tenant)?.platform !== input.provider)
    throw new BadUserInputError(`No ${input.provider} tenant has this id; see Query.tenants.`, 'tenant');
  const account = await linkProviderAccount(
    requireUser(context),
    input,
    createRequestScope(requestDeadlineMs),
    { store, adapters, vault, idSecret, now: () => now().getTime(), onLinked: context.services.afterLink },
    { tenantId: tenant ?? undefined },
  );
  return { account };
}

async function decideMatch(context: GatewayContext, suggestionId: string, decision: 'CONFIRMED' | 'REJECTED') {
  const userId = requireUser(context);
  const suggestion = (await requireDirectory(context).suggestions()).find((candidate) => candidate.id === suggestionId);
  const alreadyDecided = () =>
    new BadUserInputError('No open suggestion has this id (it may have been decided already).', 'suggestionId');
  if (!suggestion) throw alreadyDecided();
  const { store, now } = context.services;
  // Written only while the pair is undecided: of a confirm and a reject racing, the first wins and the
  // other is told what it would have been told a moment later (issue 10, finding 1).
  if (!(await store.addMatchDecision({ userId, pairKey: suggestion.pairKey, decision, decidedAt: now().getTime() })))
    throw alreadyDecided();
  // The request's directory has already listed the family; a fresh one shows the decision's effect.
  const { students } = await context.freshDirectory().listStudents();
  const affected = students.filter((student) =>
    suggestion.students.some((before) => student.childIds.includes(before.id)),
  );
  return { suggestionId, students: affected };
}

function trustedDeps(context: GatewayContext): TrustedPersonDeps {
  const { store, personalDataSecret, now } = context.services;
  return { store, personalDataSecret, now: () => now().getTime() };
}

function absenceDeps(context: GatewayContext): AbsenceNoticeDeps {
  const directory = requireDirectory(context);
  return {
    adapters: context.services.adapters,
    account: (accountId) => directory.account(accountId),
    now: context.services.now,
    scope: createRequestScope(context.services.requestDeadlineMs),
    // A notice changes the days' attendance and the schedule's lessons (marked absent) in the diary.
    forget: (accountId) => context.services.cache.forget(accountId, ['attendance', 'schedule']),
  };
}
