/**
 * Linking a МЭШ account (`ProviderAdapter.signIn`): a МЭШ access token the parent already holds, kept as it
 * is, or a one-time code from the tenant's browser sign-in (`browser-sign-in.ts`), exchanged for a МЭШ token
 * (`code-exchange.ts`). Either way the credentials kept are `{ token }`; `fetchProfile` verifies them next.
 *
 * Every value is bounded and checked before it reaches a request; messages name the field, never its value.
 */
import type { LinkCredentials, ProviderCredentials, UpstreamScope } from '../../src/domain/adapter.js';
import { BadUserInputError, NotSupportedByProviderError } from '../../src/errors/gateway-error.js';
import { isVisibleAscii } from '../../src/upstream/request-shape.js';
import type { HttpTransport } from '../../src/upstream/transport.js';
import type { MeshSignInOptions } from './browser-sign-in.js';
import { exchangeMosRuCode, exchangeRegionalCode } from './code-exchange.js';
import { MESH } from './normalize.js';

/** What linking needs from the adapter: the transport, the МЭШ host and the tenant's sign-in. */
export interface MeshLinkContext {
  transport: HttpTransport;
  /** school.mos.ru or the node's family host (Moscow's `/v3/auth/sudir/auth` lives there). */
  schoolBaseUrl: string;
  signIn: MeshSignInOptions | null;
}

type MeshLinkInput = Extract<LinkCredentials, { provider: 'MESH' }>;
type MeshCodeInput = Extract<MeshLinkInput, { code: string }>;

/** Longest values accepted, as linking bounds them (src/accounts/credential-shape.ts). */
const LIMITS = Object.freeze({ code: 4096, redirectUri: 2048, state: 512 });

/** RFC 7636 §4.1: 43–128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`. */
const CODE_VERIFIER = /^[\w.~-]{43,128}$/;

function meshLinkInput(input: LinkCredentials): MeshLinkInput {
  if (input.provider !== MESH) {
    throw new BadUserInputError(
      'These sign-in details are not for МЭШ: a МЭШ account is linked with its access token or through the МЭШ sign-in page.',
      'provider',
    );
  }
  return input;
}

/** A value the platform issued or the gateway generated: trimmed, non-empty visible ASCII within `max`. */
function issued(value: string | undefined, max: number, argument: string, what: string): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') throw new BadUserInputError(`The МЭШ ${what} is empty.`, argument);
  if (trimmed.length > max || !isVisibleAscii(trimmed))
    throw new BadUserInputError(`The МЭШ ${what} is not one the sign-in could have produced.`, argument);
  return trimmed;
}

function redirectUriOf(input: MeshCodeInput): string {
  const uri = issued(input.redirectUri, LIMITS.redirectUri, 'redirectUri', 'redirect URI');
  if (!URL.canParse(uri))
    throw new BadUserInputError(
      'The МЭШ redirect URI must be the absolute URI the sign-in was opened with.',
      'redirectUri',
    );
  return uri;
}

function codeVerifierOf(input: MeshCodeInput): string {
  const verifier = input.codeVerifier?.trim() ?? '';
  if (!CODE_VERIFIER.test(verifier))
    throw new BadUserInputError(
      'The PKCE verifier must be 43–128 characters of A–Z, a–z, 0–9, "-", ".", "_", "~".',
      'codeVerifier',
    );
  return verifier;
}

function notConfigured(): NotSupportedByProviderError {
  // Not the parent's fault and not МЭШ's refusal: this installation was set up without a browser sign-in.
  return new NotSupportedByProviderError(
    MESH,
    'this gateway has no МЭШ sign-in set up for this installation, so a sign-in code cannot be exchanged; link the account with an access token instead',
  );
}

async function exchangeCode(context: MeshLinkContext, input: MeshCodeInput, scope: UpstreamScope) {
  const { signIn } = context;
  const code = issued(input.code, LIMITS.code, 'code', 'sign-in code');
  const exchange = { transport: context.transport, signal: scope.signal };
  if (signIn?.kind === 'regional') {
    const state = issued(input.state, LIMITS.state, 'state', 'sign-in state');
    return exchangeRegionalCode(exchange, signIn.authBaseUrl, { code, state });
  }
  if (!signIn?.clientId || !signIn.clientSecret) throw notConfigured();
  const endpoint = {
    loginBaseUrl: signIn.loginBaseUrl,
    clientId: signIn.clientId,
    clientSecret: signIn.clientSecret,
    schoolBaseUrl: context.schoolBaseUrl,
  };
  const grant = { code, redirectUri: redirectUriOf(input), codeVerifier: codeVerifierOf(input) };
  return exchangeMosRuCode(exchange, endpoint, grant);
}

/**
 * The credentials to keep for a link: the parent's own token, trimmed, or the МЭШ token a sign-in code
 * was exchanged for. Throws `BAD_USER_INPUT` for input that is not МЭШ's or out of bounds,
 * `NOT_SUPPORTED_BY_PROVIDER` for a code when the tenant has no sign-in, `PROVIDER_AUTH_FAILED` when the
 * platform refuses the code.
 */
export async function meshSignIn(
  context: MeshLinkContext,
  input: LinkCredentials,
  scope: UpstreamScope,
): Promise<ProviderCredentials> {
  const link = meshLinkInput(input);
  if ('code' in link) return exchangeCode(context, link, scope);
  const token = link.token.trim();
  if (token === '') throw new BadUserInputError('The МЭШ access token is empty.', 'token');
  return { token };
}
