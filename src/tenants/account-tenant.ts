/**
 * Which tenant a linked account lives on, as every place that shows it names it: the account's own, or —
 * for an account linked before tenants existed — its platform's primary tenant.
 */
import type { ProviderKind } from '../domain/model.js';
import type { Tenant } from './tenant.js';

/**
 * The id of the account's tenant. With no primary configured for the platform (every tenant of it turned
 * off), the platform's name stands in, so an old account is still shown rather than failing the list.
 * @example accountTenantId({ provider: 'MESH' }, registry.primary) // 'mesh-moscow'
 */
export function accountTenantId(
  account: { provider: ProviderKind; tenant?: string | undefined },
  primary: (platform: ProviderKind) => Tenant | undefined,
): string {
  return account.tenant ?? primary(account.provider)?.id ?? account.provider.toLowerCase();
}
