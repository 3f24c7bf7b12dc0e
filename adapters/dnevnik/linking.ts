/**
 * Linking a Dnevnik.ru account: a one-time sign-in code from the login page (with the attempt's PKCE
 * verifier when the page was opened with a challenge), exchanged for tokens with the gateway's OAuth
 * client, or an access token the parent already holds, kept as it is.
 */
import type { LinkCredentials, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { BadUserInputError, ProviderError } from '../../src/errors/gateway-error.js';
import { exchangeDnevnikCode } from './access-token.js';
import type { DnevnikAdapterOptions } from './adapter-options.js';
import { DNEVNIK } from './normalize.js';

/** What a Dnevnik.ru link brings: a one-time code from the login page, or a token the parent already has. */
type DnevnikLinkInput = Extract<LinkCredentials, { provider: 'DNEVNIK' }>;

function dnevnikLinkInput(input: LinkCredentials): DnevnikLinkInput {
  if (input.provider !== DNEVNIK) {
    throw new BadUserInputError(
      'These sign-in details are not for Dnevnik.ru: link it with a sign-in code or an access token.',
      'provider',
    );
  }
  return input;
}

/** A required text field of the input, trimmed; its name (never its value) goes in the message. */
function nonEmpty(value: string, argument: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new BadUserInputError(`The Dnevnik.ru ${what} is empty.`, argument);
  return trimmed;
}

/** RFC 7636 §4.1: 43–128 characters of `A–Z a–z 0–9 - . _ ~`. */
const CODE_VERIFIER = /^[\w.~-]{43,128}$/;

/**
 * The attempt's PKCE verifier, trimmed, or `undefined` when there is none. One that is not a verifier is
 * refused here rather than sent: the gateway made it, so the fault is the gateway's, named without its value.
 */
function codeVerifierOf(input: Extract<DnevnikLinkInput, { code: string }>): string | undefined {
  const verifier = input.codeVerifier?.trim();
  if (!verifier) return undefined;
  if (!CODE_VERIFIER.test(verifier)) {
    throw new BadUserInputError(
      'The PKCE code verifier is not 43–128 unreserved characters (RFC 7636).',
      'codeVerifier',
    );
  }
  return verifier;
}

/**
 * `{ code, redirectUri?, codeVerifier? }` → the token endpoint's `{ accessToken, refreshToken }`; needs
 * the OAuth client.
 */
async function exchangeCode(
  options: DnevnikAdapterOptions,
  baseUrl: string,
  input: Extract<DnevnikLinkInput, { code: string }>,
  scope: UpstreamScope,
): Promise<ProviderCredentials> {
  const code = nonEmpty(input.code, 'code', 'sign-in code');
  const codeVerifier = codeVerifierOf(input);
  if (!options.clientId || !options.clientSecret) {
    // Not the parent's fault and not Dnevnik.ru's refusal: the gateway was set up without an OAuth client.
    throw new ProviderError(
      'NOT_SUPPORTED_BY_PROVIDER',
      DNEVNIK,
      'This gateway is not configured to exchange Dnevnik.ru sign-in codes (it has no OAuth client); link the account with an access token instead.',
    );
  }
  const redirectUri = input.redirectUri?.trim() || undefined;
  const exchange = {
    transport: options.transport,
    baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  };
  return exchangeDnevnikCode(exchange, code, redirectUri, { signal: scope.signal, codeVerifier });
}

/**
 * The credentials to keep for a link: `{ accessToken, refreshToken }` from an exchanged code, or the
 * parent's own `{ accessToken }`. `baseUrl` is the tenant's API host (see `validated`).
 */
export async function dnevnikSignIn(
  options: DnevnikAdapterOptions,
  baseUrl: string,
  input: LinkCredentials,
  scope: UpstreamScope,
): Promise<ProviderCredentials> {
  const link = dnevnikLinkInput(input);
  if ('code' in link) return exchangeCode(options, baseUrl, link, scope);
  // A token the parent brings is kept as it is; `fetchProfile` verifies it next.
  return { accessToken: nonEmpty(link.accessToken, 'accessToken', 'access token') };
}
