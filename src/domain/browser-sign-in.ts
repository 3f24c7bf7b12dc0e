/**
 * A diary's own browser sign-in, as an adapter offers it for linking: the gateway sends the parent's
 * browser to the diary (or to the diary's identity provider), the parent signs in there — with a password,
 * a QR code or Gosuslugi, whatever the diary offers — and the diary sends the browser back to the
 * gateway's callback with a one-time code (or token). The gateway never sees the password.
 *
 * The adapter knows the diary's URLs and parameters; the gateway's linking room (`src/linking`) owns the
 * rest: the pending attempt, its `state` and PKCE verifier, the session it is bound to, the callback route,
 * and the pages that say what happened.
 */
import type { LinkCredentials } from './adapter.js';

/** What the gateway hands the adapter to build the address of the diary's sign-in page. */
export interface AuthorizationRequest {
  /** The gateway's callback for this diary (`PUBLIC_URL/link/<platform>/callback`), registered with the diary. */
  redirectUri: string;
  /** The attempt's unguessable `state`; the diary sends it back unchanged. */
  state: string;
  /** S256 PKCE challenge of the attempt's verifier; adapters of diaries that do not accept PKCE leave it out. */
  codeChallenge: string;
  /** The Eljur school (vendor) chosen from the tenant's list, for Eljur's redirect sign-in; absent elsewhere. */
  vendor?: string;
}

/** Why a diary's redirect back did not bring anything to link with (stable codes, shown to the parent in words). */
export type BrowserSignInRefusal =
  /** The parent declined on the diary's consent page (`error=access_denied`). */
  | 'DENIED'
  /** The diary says the request was wrong (a mismatched redirect URI, an unknown client…); the set-up is at fault. */
  | 'MISCONFIGURED'
  /** The diary's redirect came back with neither a code nor an error the adapter knows. */
  | 'UNREADABLE';

/** What the diary's redirect back brought. */
export type BrowserSignInResult =
  /**
   * A one-time code (or token) to link with. `linkCredentials` is called with the attempt's redirect URI and
   * PKCE verifier and returns what `ProviderAdapter.signIn` takes.
   */
  | {
      kind: 'code';
      linkCredentials(attempt: { redirectUri: string; codeVerifier: string; vendor?: string }): LinkCredentials;
    }
  | {
      kind: 'refused';
      reason: BrowserSignInRefusal;
      /** The diary's own error code (`access_denied`, `invalid_request`…), for the log; never a secret. */
      providerCode: string | null;
    };

/** A diary's browser sign-in, when the adapter's tenant offers one (`ProviderAdapter.browserSignIn`). */
export interface BrowserSignIn {
  /** Whether the diary takes a PKCE challenge (the gateway then sends one and keeps its verifier). */
  readonly usesPkce: boolean;
  /** Whether the flow needs a school chosen first (Eljur's redirect sign-in is per vendor). */
  readonly needsVendor: boolean;
  /** The address of the diary's sign-in page for this attempt. */
  authorizationUrl(request: AuthorizationRequest): string;
  /**
   * Reads the query of the diary's redirect to the gateway's callback. The caller has already checked
   * `state` (the adapter ignores it); everything else the diary sent is read here, liberally.
   */
  readCallback(query: URLSearchParams): BrowserSignInResult;
}
