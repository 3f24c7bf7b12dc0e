/** The error of a tenant list the gateway cannot start with. */
import { CodedError } from '../domain/coded-error.js';

/**
 * Thrown when the tenant list (built-ins, the environment's overrides, `TENANTS_FILE`, or a list handed to
 * `createTenantRegistry`) is invalid. `problems` lists every problem at once, each naming the entry
 * (`tenants[3] "mesh-kaluga": schoolBaseUrl must be …`) and never the value at fault, which may be a secret.
 */
export class TenantConfigError extends CodedError<'TENANT_CONFIG_INVALID'> {
  constructor(readonly problems: readonly string[]) {
    super('TENANT_CONFIG_INVALID', `Invalid tenant configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
