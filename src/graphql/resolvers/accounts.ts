/** `ProviderAccountLink` and the viewer's account and suggestion lists. */
import { openProviderAccount } from '../../accounts/save-account.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ProviderAccountLinkResolvers, ProviderAccountStatus } from '../resolvers.generated.js';
import type { GatewayContext } from '../context.js';
import type { ProviderAccountRecord } from '../../store/store.js';
import { instant } from './instants.js';

export const ProviderAccountLink: ProviderAccountLinkResolvers = {
  linkedAt: (record) => instant(record.linkedAt),
  status: (record, _args, context) => accountStatus(record, context),
};

/**
 * Whether the diary accepts the account now, read through the cache like every other profile read: a
 * refused sign-in is `NEEDS_RELOGIN`, any other failure `UNAVAILABLE`.
 */
async function accountStatus(record: ProviderAccountRecord, context: GatewayContext): Promise<ProviderAccountStatus> {
  // Opened from the record itself: the link may be minutes old (a link mutation's answer) and not yet
  // in the request's directory.
  const account = openProviderAccount(record, context.services.vault);
  try {
    const served = await context.loaders.profile.load(account);
    if (!served.staleBecause) return 'ACTIVE';
    return served.staleBecause.code === 'PROVIDER_AUTH_FAILED' ? 'NEEDS_RELOGIN' : 'UNAVAILABLE';
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return error.code === 'PROVIDER_AUTH_FAILED' ? 'NEEDS_RELOGIN' : 'UNAVAILABLE';
  }
}
