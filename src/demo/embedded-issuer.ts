/**
 * The demo issuer as the gateway's embedded issuer: what the composition root (`src/index.ts`) hands to
 * sign-in in demo mode. Sign-in itself (`src/auth/oidc/`) runs in production too, so it only knows the
 * {@link EmbeddedIssuer} shape and never loads the demo.
 */
import type { EmbeddedIssuer } from '../auth/oidc/gateway-auth.js';
import type { DemoFamily } from './demo-family.js';
import { DEMO_ISSUER_CLIENT, DEMO_ISSUER_KEY, DEMO_ISSUER_PATH, startDemoIssuer } from './identity-provider.js';

/** What the gateway asks the demo issuer for: `OIDC_SCOPES`'s default, as a real ESIA client would. */
const DEMO_SCOPES = 'openid profile birthdate snils phone kid_fullname kid_birthdate kid_snils';

/** The demo issuer for `family`, mounted at `/demo/issuer` and started once the gateway listens. */
export function demoEmbeddedIssuer(family: DemoFamily): EmbeddedIssuer {
  return {
    path: DEMO_ISSUER_PATH,
    async start(baseUrl, redirectUri) {
      const issuer = await startDemoIssuer({ baseUrl, family, redirectUri });
      return {
        issuerUrl: issuer.issuerUrl,
        // A constant, so the demo parent stays one user whatever port the gateway got.
        issuerKey: DEMO_ISSUER_KEY,
        clientId: DEMO_ISSUER_CLIENT.id,
        clientSecret: DEMO_ISSUER_CLIENT.secret,
        scopes: DEMO_SCOPES,
        handle: issuer.handle,
      };
    },
  };
}
