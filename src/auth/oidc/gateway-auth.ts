/**
 * Wires browser sign-in into a gateway: which issuer (the configured one, else in demo mode the demo issuer
 * mounted at `/demo/issuer`, else none), the redirect URI, and whether cookies are `Secure`.
 *
 * Both the sign-in service and the demo issuer are created in {@link GatewayAuth.start}, after the
 * server listens: tests listen on port 0, and the issuer URL and redirect URI must carry the real port
 * (`PUBLIC_URL` overrides the listening address when set).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../../config/config.js';
import { DEMO_ISSUER_CLIENT, DEMO_ISSUER_KEY, startDemoIssuer, type DemoIssuer } from '../../demo/identity-provider.js';
import type { DemoFamily } from '../../demo/family.js';
import type { Logger } from '../../logging/logger.js';
import type { GatewayStore } from '../../store/store.js';
import { createOidcSignIn, type OidcSignIn } from './sign-in.js';

/** What the HTTP edge asks about sign-in on each request. */
export interface AuthEdge {
  /** The sign-in service; `null` when no issuer is configured (or before `start`). */
  signIn(): OidcSignIn | null;
  /** `PUBLIC_URL/auth/callback` (or the listening address's); `null` before `start`. */
  redirectUri(): string | null;
  /** Whether cookies carry `Secure` (the public URL is https). */
  secureCookies(): boolean;
  /** Session lifetime, for the cookie's `Max-Age`. */
  readonly sessionTtlMs: number;
  /** The demo issuer's handler for `/demo/issuer/…`; `null` outside demo mode (or before `start`). */
  demoIssuer(): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
}

/** Sign-in of one gateway. */
export interface GatewayAuth {
  edge: AuthEdge;
  /** Creates the issuer-dependent parts once the gateway's base URL is known. */
  start(listeningUrl: string): Promise<void>;
}

/** What {@link createGatewayAuth} needs. */
export interface GatewayAuthOptions {
  config: Pick<GatewayConfig, 'oidc' | 'publicUrl' | 'sessionTtlMs' | 'idSecret' | 'secrets'>;
  store: GatewayStore;
  logger: Logger;
  now: () => Date;
  /** The demo family when the demo runs (then, without `config.oidc`, the demo issuer is started). */
  demoFamily: DemoFamily | null;
}

/** The default scopes (`OIDC_SCOPES`'s default), used with the demo issuer too. */
const DEMO_SCOPES = 'openid profile birthdate snils phone kid_fullname kid_birthdate kid_snils';

/** Creates the sign-in wiring; nothing talks to an issuer until the first sign-in. */
export function createGatewayAuth(options: GatewayAuthOptions): GatewayAuth {
  const { config, store, logger, now, demoFamily } = options;
  let signIn: OidcSignIn | null = null;
  let demoIssuer: DemoIssuer | null = null;
  let baseUrl: string | null = null;

  return {
    edge: {
      signIn: () => signIn,
      redirectUri: () => (baseUrl ? `${baseUrl}/auth/callback` : null),
      secureCookies: () => (config.publicUrl ?? '').startsWith('https:'),
      sessionTtlMs: config.sessionTtlMs,
      demoIssuer: () => (demoIssuer ? demoIssuer.handle : null),
    },
    async start(listeningUrl) {
      baseUrl = config.publicUrl ?? listeningUrl;
      const common = {
        redirectUri: `${baseUrl}/auth/callback`,
        store,
        personalDataSecret: config.secrets.personalDataSecret,
        idSecret: config.idSecret,
        sessionTtlMs: config.sessionTtlMs,
        now,
        logger: logger.child({ component: 'oidc' }),
      };
      if (config.oidc) {
        const { issuer, clientId, clientSecret, scopes } = config.oidc;
        signIn = createOidcSignIn({ ...common, issuerUrl: issuer, clientId, clientSecret, scopes });
      } else if (demoFamily) {
        demoIssuer = await startDemoIssuer({ baseUrl, family: demoFamily, redirectUri: common.redirectUri });
        signIn = createOidcSignIn({
          ...common,
          issuerUrl: demoIssuer.issuerUrl,
          // A constant, so the demo parent stays one user whatever port the gateway got.
          issuerKey: DEMO_ISSUER_KEY,
          clientId: DEMO_ISSUER_CLIENT.id,
          clientSecret: DEMO_ISSUER_CLIENT.secret,
          scopes: DEMO_SCOPES,
        });
      }
    },
  };
}
