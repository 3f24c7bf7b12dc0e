/**
 * A tenant is one installation of a diary platform that families sign in to: Moscow's МЭШ at
 * school.mos.ru and the Moscow region's «Моя школа» are two tenants of the МЭШ platform; Dnevnik.ru,
 * Kundelik.kz and eMaktab.uz are three of the Dnevnik.ru platform; each regional Eljur host is one of Eljur.
 * Ids from one tenant mean nothing on another (a МЭШ student 123 in Moscow is not student 123 in the
 * region), so every linked account remembers its tenant, and the gateway runs one adapter per tenant with
 * its own hosts, rate limit and breakers.
 *
 * The registry (`tenant-registry.ts`) holds the built-in entries (`built-in-tenants.ts`) with the
 * integrator's additions and overrides from `TENANTS_FILE` and the environment (`load-tenants.ts`).
 */
import type { ProviderKind } from '../domain/model.js';

/** A tenant's id: lower-case letters, digits and `-`, 2–40 characters (`mesh-moscow`, `dnevnik-ru`). */
export type TenantId = string;

/** A name in the two languages the gateway speaks. */
export interface BilingualName {
  ru: string;
  en: string;
}

/** What every tenant has. */
interface TenantBase {
  id: TenantId;
  platform: ProviderKind;
  /** What families call it (`«Моя школа» — Московская область`). */
  name: BilingualName;
  /** IANA zone of the tenant's schools, where the diary does not say. */
  timeZone: string;
  /**
   * Whether the platform's accounts linked before tenants existed belong here (exactly one per platform:
   * `mesh-moscow`, `dnevnik-ru`, `eljur`). Student ids of a primary tenant's children are derived as they
   * always were, so existing ids do not change; other tenants' ids include the tenant.
   */
  primary: boolean;
  /**
   * How long this tenant's diary calls may take within one request, in milliseconds (`TENANTS_FILE`
   * `deadlineMs`; at most `REQUEST_DEADLINE_MS`): past it they are abandoned and the answer goes out with this
   * tenant's lists missing or stale. Absent: the diary's `PROVIDER_DEADLINES_MS` entry, else the request's.
   */
  deadlineMs?: number;
}

/**
 * МЭШ-platform sign-in through mos.ru (СУДИР, Blitz Identity Provider): authorize `/sps/oauth/ae`, token
 * `/sps/oauth/te`, then `POST {schoolBaseUrl}/v3/auth/sudir/auth` exchanges the mos.ru token for a МЭШ one.
 * «Войти через Госуслуги» is a choice on login.mos.ru's own page.
 */
export interface MosRuSignIn {
  kind: 'mos-ru';
  /** `https://login.mos.ru` */
  loginBaseUrl: string;
  /** The client registered with СУДИР; `null` turns the flow off (reported at start). */
  clientId: string | null;
  /** Its secret (never printed); `null` turns the flow off. */
  clientSecret: string | null;
  /** Space-separated scopes. */
  scope: string;
}

/**
 * Sign-in on a regional МЭШ node (no login.mos.ru): `GET {authBaseUrl}/v3/auth/esia/login?redirect_url=&state=`
 * sends the parent to Gosuslugi (or the region's own login), the node redirects to `redirect_url?code=&state=`,
 * and `GET {authBaseUrl}/v3/auth/token?code=&state=` answers the МЭШ token.
 */
export interface RegionalMeshSignIn {
  kind: 'regional';
  /** The node's auth host, e.g. `https://authedu.mosreg.ru`. */
  authBaseUrl: string;
}

/** A МЭШ-platform tenant. */
export interface MeshTenant extends TenantBase {
  platform: 'MESH';
  /** The family API host (`/api/family/mobile/v1/...`, eventcalendar), e.g. `https://school.mos.ru`. */
  schoolBaseUrl: string;
  /** The host of `profile_info` (`/acl/api/users/profile_info`), e.g. `https://dnevnik.mos.ru`. */
  aclBaseUrl: string;
  /** How parents sign in for linking; `null`: only a token pasted through the GraphQL mutation. */
  signIn: MosRuSignIn | RegionalMeshSignIn | null;
}

/** A Dnevnik.ru-platform tenant (Dnevnik.ru itself or a white label). */
export interface DnevnikTenant extends TenantBase {
  platform: 'DNEVNIK';
  /** API host, e.g. `https://api.dnevnik.ru`. */
  apiBaseUrl: string;
  /** OAuth host of the login page, e.g. `https://login.dnevnik.ru` (authorize at `/oauth2`). */
  loginBaseUrl: string;
  /** The partner OAuth client registered on this platform; `null` turns the redirect flow and token refresh off. */
  clientId: string | null;
  /** Its secret (never printed). */
  clientSecret: string | null;
  /** Comma-separated OAuth scopes. */
  scope: string;
  /** Whether to send a PKCE challenge (Dnevnik.ru does not document PKCE; off by default). */
  pkce: boolean;
}

/** A school served on an Eljur host: its vendor (subdomain) and the name parents choose it by. */
export interface EljurVendor {
  /** The vendor, e.g. `school123` of `school123.eljur.ru`. */
  id: string;
  name: BilingualName;
}

/** An Eljur-platform tenant: one Eljur host. */
export interface EljurTenant extends TenantBase {
  platform: 'ELJUR';
  /** The host; the adapter appends `/apiv3/{method}`. */
  baseUrl: string;
  /** The developer key issued by Eljur (never printed); `null`: this tenant is not served. */
  devkey: string | null;
  /** The schools parents choose from on the gateway's sign-in form; empty turns the form off. */
  vendors: EljurVendor[];
  /**
   * Eljur's own redirect sign-in page for partners (it sends the browser back with `?token=&state=`), when
   * the integrator has one from Eljur; `null` turns that flow off. Query `devkey`, `vendor`, `redirect_uri`
   * and `state` are added.
   */
  redirectSignInUrl: string | null;
}

/** Any tenant. */
export type Tenant = MeshTenant | DnevnikTenant | EljurTenant;

/** The link flows a tenant can offer. */
export type LinkFlowKind = 'REDIRECT' | 'FORM';

/** One link flow of a tenant, on or off with the reason. */
export interface LinkFlowStatus {
  kind: LinkFlowKind;
  /** Whether the flow can be used. */
  available: boolean;
  /** Why not, in both languages, naming the setting to fill (`DNEVNIK_CLIENT_ID is not set`). */
  unavailableReason: BilingualName | null;
}

/**
 * A tenant as the schema's `Tenant` shows it: a served tenant, or only the id of one an account still
 * names after the integrator stopped serving it (then it has no link flows).
 */
export interface TenantView {
  id: TenantId;
  platform: ProviderKind;
  name: BilingualName;
  /** The served tenant; `null` when this gateway no longer serves it. */
  served: Tenant | null;
}

/** A link flow of a tenant, as the schema's `LinkFlow` resolves it (its start path needs the tenant). */
export interface TenantLinkFlow {
  tenant: Tenant;
  flow: LinkFlowStatus;
}
