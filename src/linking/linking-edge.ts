/**
 * What the link routes (`link-routes.ts`) need from the rest of the gateway, as narrow interfaces: the
 * tenants and their flows, each tenant's browser sign-in, linking itself, and the public address. The
 * composition root wires the real registry, adapters and `src/accounts/link-account.ts` behind them;
 * tests hand in small doubles.
 */
import type { LinkCredentials } from '../domain/adapter.js';
import type { BrowserSignIn } from '../domain/browser-sign-in.js';
import type { ProviderKind } from '../domain/model.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../logging/logger.js';
import type { GatewayStore } from '../store/store.js';
import type { LinkFlowStatus, Tenant } from '../tenants/tenant.js';

/** A linked diary account as the `/link` page shows it. */
export interface LinkedAccountSummary {
  id: string;
  tenantId: string;
  provider: ProviderKind;
  displayName: string;
}

/** The gateway's side of linking, as the link routes see it. */
export interface LinkingEdge {
  /** The tenants and their flows (src/tenants registry, narrowed). */
  tenants: {
    all(): readonly Tenant[];
    get(id: string): Tenant | undefined;
    primary(platform: ProviderKind): Tenant | undefined;
    linkFlows(tenant: Tenant): LinkFlowStatus[];
  };
  /** The diary's browser sign-in for a tenant, when its adapter offers one. */
  browserSignIn(tenantId: string): BrowserSignIn | undefined;
  /** Links an account for the user on the tenant (the lead wires src/accounts/link-account.ts); throws GatewayErrors. */
  link(
    userId: string,
    tenantId: string,
    credentials: LinkCredentials,
    signal?: AbortSignal,
  ): Promise<LinkedAccountSummary>;
  /** The user's linked accounts, for the /link page. */
  linkedAccounts(userId: string): Promise<LinkedAccountSummary[]>;
  /** `PUBLIC_URL` (or the listening address), to build callback URLs `<base>/link/<platform>/callback`. */
  publicUrl(): string | null;
}

/** What the HTTP edge hands the link routes besides the request (see `handleLinkRoute`). */
export interface LinkRouteContext {
  /** Linking; absent when the gateway does not offer it (every `/link` path then answers 404). */
  edge: LinkingEdge | undefined;
  store: GatewayStore;
  now: () => Date;
  logger: Logger;
  /**
   * Takes the request's allowances before anything else is done (`signingIn`: the routes that write to the
   * store or call a diary — starting a flow, its callback, the form and its post); a refusal is answered
   * as it is, nothing else runs. Absent: no limits.
   */
  admit?: (signingIn: boolean) => Promise<GatewayError | null>;
  /** Whether `/auth/login` works, so a signed-out browser can be sent there (else it is told to sign in). */
  signInAvailable: () => boolean;
}

/** The optional part of the HTTP edge's options that turns the link routes on (`HttpEdgeOptions.linking`). */
export interface LinkingContextParts {
  edge: LinkingEdge;
}
