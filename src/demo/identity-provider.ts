/**
 * The demo's OpenID Connect issuer: an ESIA stand-in (oidc-provider) mounted inside the gateway's own HTTP
 * server under `/demo/issuer`, so `npm start` needs nothing else to show browser sign-in. A newcomer opens
 * `/auth/login`, presses "Sign in as Анна Сергеевна Иванова" on the issuer's own sign-in page
 * (`./sign-in-page.ts`), and lands back signed in as the demo parent, who is the same user as the scripted
 * demo session. The gateway is the issuer's only (first-party) client, so nobody is asked to consent.
 *
 * Accounts: `parent` (the demo family's parent, ESIA-style numeric oid `1000299353`, with the family's
 * children in the `children` claim) and `grandma` (the family's grandmother, for trusted-person invitations).
 * Claims follow ESIA habits where OIDC leaves room: SNILS as `NNN-NNN-NNN CC`, children's birth dates as
 * `DD.MM.YYYY` (ESIA's `/kids` collection), the parent's as OIDC's `YYYY-MM-DD`.
 *
 * Development only: in-memory storage, a signing key made once per process (never stored), no passwords.
 */
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import Provider, { type Account, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DemoFamily, DemoPerson } from './demo-family.js';
import { createDemoIssuerStorage } from './issuer-storage.js';
import {
  createSignInInteraction,
  interactionPath,
  PAGE_HEADERS,
  renderNoticePage,
  type SignInPerson,
} from './sign-in-page.js';

/** The issuer key demo users are stored under, whatever port the gateway listens on. */
export const DEMO_ISSUER_KEY = 'urn:diary-gateway:demo-issuer';
/** Where the demo issuer is mounted in the gateway. */
export const DEMO_ISSUER_PATH = '/demo/issuer';
/** The demo parent's subject: an ESIA-style numeric oid (as a string). */
export const DEMO_PARENT_SUBJECT = '1000299353';
/** The demo grandmother's subject. */
export const DEMO_GRANDMOTHER_SUBJECT = '1000412877';
/** The gateway's client at the demo issuer; the secret is public, like everything in the demo. */
export const DEMO_ISSUER_CLIENT = Object.freeze({
  id: 'diary-gateway-demo',
  secret: 'diary-gateway-demo-secret-not-for-production',
});

/** One person who can sign in at the demo issuer. */
export interface DemoIssuerAccount {
  /** The account's id at the issuer: what its "Sign in as …" button posts. */
  login: string;
  subject: string;
  /** Every claim the person has; each scope releases its part. */
  claims: Record<string, unknown>;
  /** Who the person is in the demo, shown under the button. */
  role?: { ru: string; en: string };
}

/** Options of {@link startDemoIssuer}. */
export interface DemoIssuerOptions {
  /** The gateway's base URL as browsers reach it (no trailing slash); the issuer is `${baseUrl}/demo/issuer`. */
  baseUrl: string;
  family: DemoFamily;
  /** Replaces the accounts built from the family (tests add odd ones). */
  accounts?: DemoIssuerAccount[];
  /** The client's redirect URI. @default `${baseUrl}/auth/callback` */
  redirectUri?: string;
  /**
   * The client's redirect URIs, when the client is several gateways (the replicas behind the standalone
   * demo upstreams, each at its own `PUBLIC_URL`); replaces {@link redirectUri}. Compared exactly.
   */
  redirectUris?: readonly string[];
}

/** A running demo issuer. */
export interface DemoIssuer {
  /** `${baseUrl}/demo/issuer`. */
  issuerUrl: string;
  provider: Provider;
  /**
   * Serves a request whose path starts with {@link DEMO_ISSUER_PATH} (the prefix is stripped here). The
   * promise rejects only on bugs and storage failures, for the caller to log and answer 500. A function
   * property, not a method: servers are handed it detached (it uses no `this`).
   */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** The demo accounts: the parent with the family's children, and the grandmother. */
export function demoIssuerAccounts(family: DemoFamily): DemoIssuerAccount[] {
  return [
    {
      login: 'parent',
      subject: DEMO_PARENT_SUBJECT,
      claims: { ...personClaims(family.parent), children: childrenClaim(family) },
      role: { ru: 'родитель, у неё дневники детей', en: 'parent, holds the children’s diaries' },
    },
    {
      login: 'grandma',
      subject: DEMO_GRANDMOTHER_SUBJECT,
      claims: personClaims(family.grandmother),
      role: { ru: 'бабушка — чтобы попробовать доверенных лиц', en: 'grandmother — to try trusted persons' },
    },
  ];
}

function personClaims(person: DemoPerson): Record<string, unknown> {
  return {
    family_name: person.lastName,
    given_name: person.firstName,
    ...(person.middleName ? { middle_name: person.middleName } : {}),
    name: [person.firstName, person.middleName, person.lastName].filter(Boolean).join(' '),
    birthdate: person.birthDate,
    snils: person.snils,
    ...(person.phone ? { phone_number: person.phone, phone_number_verified: true } : {}),
  };
}

/** One entry per child: a child enrolled in two diaries appears twice in the family, once here (by SNILS). */
function childrenClaim(family: DemoFamily): Record<string, unknown>[] {
  const seen = new Set<string>();
  const children: Record<string, unknown>[] = [];
  for (const child of family.children) {
    const key = child.snils.replace(/\D/g, '');
    if (seen.has(key)) continue;
    seen.add(key);
    const [year, month, day] = child.birthDate.split('-');
    children.push({
      family_name: child.lastName,
      given_name: child.firstName,
      ...(child.middleName ? { middle_name: child.middleName } : {}),
      birthdate: `${day}.${month}.${year}`,
      snils: child.snils,
    });
  }
  return children;
}

/** Which parts of a child each ESIA `kid_*` scope releases. */
const KID_SCOPE_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  kid_fullname: ['family_name', 'given_name', 'middle_name'],
  kid_birthdate: ['birthdate'],
  kid_snils: ['snils'],
});

function releasedChildren(children: unknown, scope: string): Record<string, unknown>[] | undefined {
  if (!Array.isArray(children)) return undefined;
  const fields = scope.split(' ').flatMap((name) => KID_SCOPE_FIELDS[name] ?? []);
  if (fields.length === 0) return undefined;
  return children.map((child: Record<string, unknown>) =>
    Object.fromEntries(fields.filter((field) => field in child).map((field) => [field, child[field]])),
  );
}

/** The issuer's signing key, once made (see {@link demoSigningKey}). */
let signingKey: Promise<KeyObject> | null = null;

/**
 * The key the demo issuer signs with: made once per process and kept in memory only, so nothing outlives
 * the demo process. Not once per start: an RSA-2048 key takes 0.2–0.6 s of a core to make, which every
 * start of a demo gateway paid (a test run starts hundreds). Each start still has an issuer URL of its
 * own, so a token one issuer signed is refused at another. A failed attempt is not kept.
 */
function demoSigningKey(): Promise<KeyObject> {
  signingKey ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(
    ({ privateKey }) => privateKey,
    (error: unknown) => {
      signingKey = null;
      throw error;
    },
  );
  return signingKey;
}

/**
 * Creates the issuer for a gateway that listens at `baseUrl`. Called after `listen()` (the port may be
 * chosen by the OS), so the issuer URL and the client's redirect URI are the real ones.
 */
export async function startDemoIssuer(options: DemoIssuerOptions): Promise<DemoIssuer> {
  const issuerUrl = `${options.baseUrl}${DEMO_ISSUER_PATH}`;
  const accounts = options.accounts ?? demoIssuerAccounts(options.family);
  const byLogin = new Map(accounts.map((account) => [account.login, account] as const));
  const issuerPath = new URL(issuerUrl).pathname;
  const privateKey = await demoSigningKey();

  const configuration: Configuration = {
    clients: [
      {
        client_id: DEMO_ISSUER_CLIENT.id,
        client_secret: DEMO_ISSUER_CLIENT.secret,
        redirect_uris: options.redirectUris
          ? [...options.redirectUris]
          : [options.redirectUri ?? `${options.baseUrl}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    // Nothing outlives the demo process: the signing key lives in its memory (`demoSigningKey`).
    jwks: {
      keys: [
        { ...(privateKey.export({ format: 'jwk' }) as Record<string, string>), use: 'sig', alg: 'RS256', kid: 'demo' },
      ],
    },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // The default `SameSite=None` cookie is dropped by browsers on plain http (the demo's loopback).
      long: { httpOnly: true, sameSite: 'lax' },
    },
    pkce: { required: () => true },
    adapter: createDemoIssuerStorage(),
    // Spelled out (oidc-provider's defaults print a notice each): seconds.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 86_400,
      Grant: 14 * 86_400,
    },
    features: {
      // Our own sign-in page instead (oidc-provider warns on every start while the built-in one is on).
      devInteractions: { enabled: false },
      // The gateway signs out on its own (`/auth/logout`); the issuer's logout page would be a dead end.
      rpInitiatedLogout: { enabled: false },
    },
    interactions: { url: (_ctx, interaction) => interactionPath(issuerPath, interaction.uid) },
    // The built-in error page loads a web font and prints a notice each time it is used.
    renderError: (ctx, out) => renderIssuerError(ctx, out),
    claims: {
      openid: ['sub'],
      profile: ['family_name', 'given_name', 'middle_name', 'name'],
      birthdate: ['birthdate'],
      snils: ['snils'],
      phone: ['phone_number', 'phone_number_verified'],
      kid_fullname: ['children'],
      kid_birthdate: ['children'],
      kid_snils: ['children'],
    },
    async findAccount(_ctx, id): Promise<Account | undefined> {
      const account = byLogin.get(id);
      if (!account) return undefined;
      return {
        // oidc-provider requires the id it was given back; the `sub` claim carries the oid.
        accountId: id,
        claims: (_use, scope) => {
          const children = releasedChildren(account.claims.children, scope);
          const { children: _all, ...rest } = account.claims;
          return { ...rest, sub: account.subject, ...(children ? { children } : {}) };
        },
      };
    },
  };
  const provider = new Provider(issuerUrl, configuration);
  if (issuerUrl.startsWith('https:')) provider.proxy = true; // behind the TLS-terminating proxy of PUBLIC_URL
  const callback = provider.callback();
  const signIn = createSignInInteraction({ provider, issuerPath, persons: accounts.map(signInPerson) });

  return {
    issuerUrl,
    provider,
    handle(req, res) {
      const url = req.url ?? '/';
      // Mounted like Express does: oidc-provider reads the mount path from `originalUrl`.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      const rest = url.slice(DEMO_ISSUER_PATH.length);
      req.url = rest.startsWith('/') ? rest : `/${rest}`;
      const path = req.url.split('?')[0]!;
      if (path.startsWith('/interaction/')) return signIn.handle(req, res, path);
      return callback(req, res);
    },
  };
}

/** How an account appears on the sign-in page: its full name (from the claims), else its login. */
function signInPerson(account: DemoIssuerAccount): SignInPerson {
  const { name, given_name: given, middle_name: middle, family_name: family } = account.claims;
  const joined = [given, middle, family]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' ');
  return {
    login: account.login,
    name: typeof name === 'string' && name !== '' ? name : joined || account.login,
    role: account.role ?? null,
  };
}

/** oidc-provider's error page (bad authorization requests and the like), in the sign-in page's look. */
function renderIssuerError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  ctx.set(PAGE_HEADERS);
  ctx.type = 'html';
  ctx.body = renderNoticePage({
    title: 'Ошибка входа · Sign-in error',
    ru: 'Демо-издатель не может продолжить этот вход. Начните вход заново в приложении.',
    en: `The demo issuer cannot go on with this sign-in (${out.error}${out.error_description ? `: ${out.error_description}` : ''}). Start signing in again from the application.`,
  });
}
