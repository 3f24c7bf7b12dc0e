/**
 * The embedded demo: starts each diary's simulator on loopback, seeded with the demo family generated
 * around today, and registers the family's parent, session and diary accounts in the store.
 */
import { createHash } from 'node:crypto';
import { personFromClaims } from '../auth/oidc/claims.js';
import type { EmbeddedIssuer } from '../auth/oidc/gateway-auth.js';
import { deriveUserId } from '../auth/oidc/user-id.js';
import { createSession } from '../auth/sessions.js';
import type { ProviderCredentials } from '../domain/adapter.js';
import { dateInZone } from '../domain/dates.js';
import { saveProviderAccount } from '../accounts/save-account.js';
import { compareHolder } from '../identity/matching.js';
import { rememberChildren } from '../students/account-children.js';
import type { AdapterRegistry } from '../loaders/request-loaders.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { GatewayStore } from '../store/store.js';
import { createUpstreamScope } from '../upstream/request-scope.js';
import { demoEmbeddedIssuer } from './embedded-issuer.js';
import type { DemoAccount, DemoFamily } from './demo-family.js';
import { startDemoSimulators, type DemoLinkingCredentials, type DemoSimulators } from './demo-simulators.js';
import { tenantOfDemoAccount } from './demo-tenants.js';
import type { Tenant } from '../tenants/tenant.js';
import { generateDemoFamily } from './generate-family.js';
import { DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT, demoIssuerAccounts } from './identity-provider.js';

export type { DemoLinkingCredentials, DemoSimulators } from './demo-simulators.js';

/** The running demo. */
export interface RunningDemo {
  family: DemoFamily;
  /** Bearer token of the demo parent's gateway session. */
  token: string;
  /** The demo issuer, for browser sign-in when no issuer is configured (mounted once the gateway listens). */
  issuer: EmbeddedIssuer;
  /** The running simulators (tests and benchmarks steer their faults and latency). */
  simulators: DemoSimulators;
  /** The demo's tenants, each pointing at its simulator (`mesh-moscow`, `mesh-mosreg`, `dnevnik-ru`, `eljur`). */
  tenants: readonly Tenant[];
  /**
   * Registers the gateway's link callbacks (`<baseUrl>/link/<platform>/callback`) with the simulators'
   * sign-in pages, as an integrator registers them with each diary; called once the gateway's address is known.
   */
  allowLinkCallbacks(baseUrl: string): void;
  /**
   * Links the family's diary accounts through the adapters (reading each holder from its diary, as a
   * parent's linking does). On the first start every account is linked; on later starts (a file or Redis
   * store that kept the demo) only the accounts still linked get the simulators' fresh credentials, so an
   * account the newcomer unlinked stays unlinked. The first start counts as done (the demo parent's record
   * is written) only when every account is linked, so a first start that failed half-way is retried whole.
   */
  linkAccounts(deps: { adapters: AdapterRegistry; vault: CredentialVault }): Promise<void>;
  /**
   * What a newcomer types to link the demo accounts again (`GET /demo/accounts`): the simulators' own
   * credentials, worthless outside this process. The Dnevnik.ru code is fresh and single-use on every call,
   * as a real OAuth code would be.
   */
  linkingCredentials(): DemoLinkingCredentials;
  /** Stops the simulators. */
  dispose(): Promise<void>;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  store: GatewayStore;
  now: () => Date;
  /** Latency every simulator adds to its answers. @default 0 */
  latencyMs?: number;
  /** Host the simulators listen on. @default "127.0.0.1" */
  host?: string;
  /**
   * The gateway's `ID_SECRET`: the demo parent's user id is derived from it exactly as a sign-in at the
   * demo issuer derives it, so the scripted session and a browser sign-in are one user.
   */
  idSecret: string;
  /** The gateway's `PERSONAL_DATA_SECRET`, for the demo parent's SNILS and phone hashes. */
  personalDataSecret: string;
  /** How long the scripted demo session lasts (`SESSION_TTL_HOURS`). */
  sessionTtlMs: number;
}

/** Demo ids are derived from names so they are the same on every start. */
const demoId = (prefix: string, name: string) =>
  `${prefix}_demo_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;

/** What the gateway stores for a demo account: each diary what its adapter signs in with. */
export function demoAccountCredentials(account: DemoAccount): ProviderCredentials {
  switch (account.provider) {
    case 'MESH':
      return { token: account.token };
    case 'DNEVNIK':
      return account.refreshToken
        ? { accessToken: account.token, refreshToken: account.refreshToken }
        : { accessToken: account.token };
    case 'ELJUR':
      return { login: account.login ?? '', password: account.password ?? '' };
  }
}

/** Starts the simulators and registers the demo family. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const family = generateDemoFamily({ today: dateInZone(options.now(), 'Europe/Moscow') });
  const diaries = await startDemoSimulators({
    family,
    now: options.now,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  // The same id `OidcSignIn` gives the demo parent signing in at the demo issuer (`src/demo/identity-provider.ts`).
  const userId = deriveUserId(options.idSecret, DEMO_ISSUER_KEY, DEMO_PARENT_SUBJECT);
  // Described exactly as the demo issuer's claims describe the parent, so a later sign-in changes nothing.
  const parentClaims = demoIssuerAccounts(family).find((account) => account.subject === DEMO_PARENT_SUBJECT)!.claims;
  const parent = personFromClaims(
    { ...parentClaims, sub: DEMO_PARENT_SUBJECT },
    { personalDataSecret: options.personalDataSecret },
  );
  const saveParent = () =>
    options.store.putUser({
      id: userId,
      displayName: parent.displayName,
      login: { issuer: DEMO_ISSUER_KEY, subject: DEMO_PARENT_SUBJECT },
      person: parent.person,
      phoneHash: parent.phoneHash,
      children: parent.children,
    });
  // The parent's record marks the demo as set up, so on the first start it is written only once every
  // account is linked (end of `linkAccounts`): a first start that failed half-way links the rest next time,
  // instead of taking the accounts it never linked for accounts the newcomer unlinked.
  const firstStart = (await options.store.getUser(userId)) === null;
  if (!firstStart) await saveParent();
  const token = await createSession(options.store, userId, {
    ttlMs: options.sessionTtlMs,
    now: options.now().getTime(),
  });
  const linkAccounts = async ({ adapters, vault }: { adapters: AdapterRegistry; vault: CredentialVault }) => {
    const records = await options.store.listProviderAccounts(userId);
    const linked = new Map(records.map((record) => [record.id, record]));
    for (const [index, account] of family.accounts.entries()) {
      const id = demoId('acc', `${account.provider}:${account.profileId}`);
      const tenant = tenantOfDemoAccount(account);
      const credentials = demoAccountCredentials(account);
      // An account the newcomer unlinked and linked again in the browser has an id of its own, and holds a
      // token the previous run's simulator issued, which this run's does not know: it is the demo account
      // on its tenant all the same (the demo parent has one account per tenant), so it gets fresh credentials
      // too, rather than «нужно войти заново» after every restart.
      const existing =
        linked.get(id) ??
        records.find((record) => record.provider === account.provider && adapters.tenantOf(record) === tenant);
      if (existing) {
        await options.store.updateProviderCredentials(existing.id, vault.seal(credentials, existing.id));
      } else if (firstStart) {
        const adapter = adapters.forTenant(tenant);
        if (!adapter) continue;
        const profile = await adapter.fetchProfile(
          { id, provider: account.provider, tenant, credentials },
          createUpstreamScope(),
        );
        const { snils, ...names } = profile.holder;
        const holder = { ...names, snilsHash: snils };
        const linkedAt = options.now().getTime() + index;
        await saveProviderAccount(
          {
            id,
            userId,
            provider: account.provider,
            tenant,
            credentials,
            holder,
            holderMatch: compareHolder(holder, parent.person),
            linkedAt,
          },
          { store: options.store, vault },
        );
        await rememberChildren(id, profile.students, {
          store: options.store,
          idSecret: options.idSecret,
          now: () => linkedAt,
        });
      }
    }
    if (firstStart) await saveParent();
  };
  return {
    family,
    token,
    issuer: demoEmbeddedIssuer(family),
    simulators: diaries.simulators,
    tenants: diaries.tenants,
    allowLinkCallbacks: diaries.allowLinkCallbacks,
    linkAccounts,
    linkingCredentials: diaries.linkingCredentials,
    dispose: diaries.dispose,
  };
}
