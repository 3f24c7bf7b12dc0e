/** `ProviderAccountLink` and the viewer's account and suggestion lists. */
import { openProviderAccount } from '../../accounts/save-account.js';
import { GatewayError, ProviderCircuitOpenError } from '../../errors/gateway-error.js';
import type { ProviderAccountStatus } from '../../domain/schema-types.generated.js';
import type { ProviderAccountLinkResolvers } from '../resolvers.generated.js';
import type { GatewayContext } from '../context.js';
import type { ProviderAccountRecord } from '../../store/store.js';
import { instant } from './instants.js';
import { tenantOfAccount } from './tenants.js';

export const ProviderAccountLink: ProviderAccountLinkResolvers = {
  linkedAt: (record) => instant(record.linkedAt),
  tenant: (record, _args, context) => tenantOfAccount(record, context),
  status: (record, _args, context) => accountStatus(record, context),
};

/**
 * Whether the diary works for the account now, from what this request met: the profile read (through
 * the cache, like every other profile read) and every other load of the account in the same request.
 * A profile served fresh from the cache says nothing about the diary now, so the request's other
 * failures count too: otherwise a diary failing every call would still read `ACTIVE`.
 */
async function accountStatus(record: ProviderAccountRecord, context: GatewayContext): Promise<ProviderAccountStatus> {
  // Opened from the record itself: the link may be minutes old (a link mutation's answer) and not yet
  // in the request's directory.
  const account = openProviderAccount(record, context.services.vault);
  const failures: GatewayError[] = [];
  try {
    const served = await context.loaders.profile.load(account);
    if (served.staleBecause) failures.push(served.staleBecause);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    failures.push(error);
  }
  // Waits for the request's other loads (grades, timetable…) so their failures are known, as
  // `Student.freshness` does.
  await context.freshness.settled();
  const met = context.freshness.of(record.id)?.error;
  if (met) failures.push(met);
  return statusOf(failures);
}

/**
 * The worst of the failures met: refused credentials need the parent (`NEEDS_RELOGIN`); an open breaker
 * means the gateway stopped calling the diary for a while (`UNAVAILABLE`); any other failure means the
 * diary is failing calls now (`FAILING`).
 */
export function statusOf(failures: readonly GatewayError[]): ProviderAccountStatus {
  if (failures.length === 0) return 'ACTIVE';
  if (failures.some((failure) => failure.code === 'PROVIDER_AUTH_FAILED')) return 'NEEDS_RELOGIN';
  if (failures.some((failure) => failure instanceof ProviderCircuitOpenError)) return 'UNAVAILABLE';
  return 'FAILING';
}
