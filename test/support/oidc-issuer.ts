/**
 * A demo issuer (a real oidc-provider, `src/demo/identity-provider.ts`) on a loopback server of its own,
 * for tests of the gateway's OpenID Connect side against an issuer other than the gateway's embedded one.
 * It counts the userinfo requests it receives, can be switched off (it then answers 503), and closes
 * itself when done (teardown.ts). A request whose handling throws is a bug: it is answered 500, kept in
 * `failures`, and fails the test (or file) that started the issuer when it closes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DEMO_ISSUER_CLIENT,
  DEMO_ISSUER_PATH,
  startDemoIssuer,
  type DemoIssuerAccount,
} from '../../src/demo/identity-provider.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { listeningServer } from './http-server.js';
import { issuerAccessToken } from './oidc-browser.js';
import { registerTeardown } from './teardown.js';

/** A running test issuer. */
export interface TestIssuer {
  /** `http://127.0.0.1:<port>`: where its server listens. */
  baseUrl: string;
  /** `${baseUrl}/demo/issuer`: what a gateway configures as `OIDC_ISSUER`. */
  issuerUrl: string;
  /** How many userinfo requests (`/demo/issuer/me`) it received while up. Function properties, not methods: safe to pass on detached. */
  userinfoCalls: () => number;
  /** What the requests that failed threw (each answered 500). */
  failures: unknown[];
  /** Makes every request answer 503, until `up()`. */
  down: () => void;
  up: () => void;
  /** An access token of this issuer for `login`, got as any client of it would (its redirect URI is `${baseUrl}/auth/callback`). */
  token: (login?: string, scope?: string) => Promise<string>;
}

/** How the issuer is set up. */
export interface TestIssuerOptions {
  /** Replaces the demo family's accounts (the parent and the grandmother). */
  accounts?: DemoIssuerAccount[];
  /** Where it sends the code. @default `${baseUrl}/auth/callback` */
  redirectUri?: string;
}

/** A server listening for an issuer not started yet: see {@link listenForIssuer}. */
export interface IssuerServer {
  baseUrl: string;
  issuerUrl: string;
  /** Starts the issuer behind the server; until then every request is answered 503. */
  start(options?: TestIssuerOptions): Promise<TestIssuer>;
}

/** The demo family the issuers sign in: the gateway's demo, on the tests' fixed day. */
const family = generateDemoFamily({ today: '2026-11-23' });

/**
 * Listens now, starts the issuer later: for a gateway that must be configured with the issuer's URL
 * before the issuer can be told the gateway's (its redirect URI).
 */
export async function listenForIssuer(): Promise<IssuerServer> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let up = true;
  let userinfo = 0;
  const failures: unknown[] = [];
  const { url: baseUrl } = await listeningServer((req, res) => {
    if (!up || !handle) return void res.writeHead(503).end();
    if (req.url?.startsWith(`${DEMO_ISSUER_PATH}/me`)) userinfo += 1;
    if (!req.url?.startsWith(DEMO_ISSUER_PATH)) return void res.writeHead(404).end();
    handle(req, res).catch((error: unknown) => {
      failures.push(error);
      res.writeHead(500).end();
    });
  });
  // Registered after the server's own teardown, so it runs first; the server closes whatever it throws.
  registerTeardown(() => {
    if (failures.length > 0) throw new AggregateError(failures, `the test issuer failed ${failures.length} request(s)`);
  });
  const issuerUrl = `${baseUrl}${DEMO_ISSUER_PATH}`;
  return {
    baseUrl,
    issuerUrl,
    async start(options = {}) {
      ({ handle } = await startDemoIssuer({ baseUrl, family, ...options }));
      return {
        baseUrl,
        issuerUrl,
        userinfoCalls: () => userinfo,
        failures,
        down: () => void (up = false),
        up: () => void (up = true),
        token: (login = 'parent', scope?: string) =>
          issuerAccessToken({
            issuerUrl,
            clientId: DEMO_ISSUER_CLIENT.id,
            clientSecret: DEMO_ISSUER_CLIENT.secret,
            redirectUri: `${baseUrl}/auth/callback`,
            login,
            ...(scope === undefined ? {} : { scope }),
          }),
      };
    },
  };
}

/** Starts a test issuer on a server of its own: {@link listenForIssuer} and start at once. */
export async function startTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  return (await listenForIssuer()).start(options);
}
