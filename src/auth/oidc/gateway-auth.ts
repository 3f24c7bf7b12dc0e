/**
 * Wires browser sign-in into a gateway: which issuer (the configured one, else an embedded issuer served
 * by the gateway itself — in demo mode the demo's, at `/demo/issuer` — else none), the redirect URI, and
 * whether cookies are `Secure`.
 *
 * Both the sign-in service and the embedded issuer are started in {@link GatewayAuth.start}, after the
 * server listens: tests listen on port 0, and the issuer URL and redirect URI must carry the real port
 * (`PUBLIC_URL` overrides the listening address when set).
 *
 * The embedded issuer is injected by the composition root (`src/index.ts`): sign-in runs in production,
 * and production code never loads the demo (docs/architecture.md, "Direction of imports").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfig } from '../../config/config.js';
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
  /** Where the embedded issuer is mounted (`/demo/issuer` in demo mode); `null` when there is none. */
  readonly embeddedIssuerPath: string | null;
  /** The embedded issuer's handler for requests under its path; `null` without one (or before `start`). */
  embeddedIssuer(): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null;
}

/**
 * An OpenID issuer served by the gateway's own HTTP server under {@link EmbeddedIssuer.path}: the demo's
 * ESIA stand-in. Used only when no issuer is configured.
 */
export interface EmbeddedIssuer {
  /** Where it is mounted, e.g. `/demo/issuer`. */
  readonly path: string;
  /** Starts it for a gateway reached at `baseUrl` whose sign-in returns to `redirectUri`. */
  start(baseUrl: string, redirectUri: string): Promise<StartedEmbeddedIssuer>;
}

/** A started {@link EmbeddedIssuer}: where it is, and the gateway's client registration there. */
export interface StartedEmbeddedIssuer {
  issuerUrl: string;
  /** What its users are stored under: a constant, so a user stays one whatever port the gateway got. */
  issuerKey: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Serves a request under the issuer's path; rejects only on bugs, for the edge to log and answer 500. */
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
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
  /** Started when `config.oidc` is absent (demo mode passes the demo issuer); `null`: no sign-in then. */
  embeddedIssuer: EmbeddedIssuer | null;
  /** Told of each completed browser sign-in (see `OidcSignInOptions.onSignedIn`). */
  onSignedIn?: (userId: string) => void;
}

/** Creates the sign-in wiring; nothing talks to an issuer until the first sign-in. */
export function createGatewayAuth(options: GatewayAuthOptions): GatewayAuth {
  const { config, store, logger, now } = options;
  // A configured issuer wins: the embedded one is then neither started nor mounted.
  const embedded = config.oidc ? null : options.embeddedIssuer;
  let signIn: OidcSignIn | null = null;
  let started: StartedEmbeddedIssuer | null = null;
  let baseUrl: string | null = null;

  return {
    edge: {
      signIn: () => signIn,
      redirectUri: () => (baseUrl ? `${baseUrl}/auth/callback` : null),
      secureCookies: () => (config.publicUrl ?? '').startsWith('https:'),
      sessionTtlMs: config.sessionTtlMs,
      embeddedIssuerPath: embedded?.path ?? null,
      embeddedIssuer: () => (started ? started.handle : null),
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
        ...(options.onSignedIn ? { onSignedIn: options.onSignedIn } : {}),
      };
      if (config.oidc) {
        const { issuer, clientId, clientSecret, scopes } = config.oidc;
        signIn = createOidcSignIn({ ...common, issuerUrl: issuer, clientId, clientSecret, scopes });
      } else if (embedded) {
        started = await embedded.start(baseUrl, common.redirectUri);
        const { issuerUrl, issuerKey, clientId, clientSecret, scopes } = started;
        signIn = createOidcSignIn({ ...common, issuerUrl, issuerKey, clientId, clientSecret, scopes });
      }
    },
  };
}
