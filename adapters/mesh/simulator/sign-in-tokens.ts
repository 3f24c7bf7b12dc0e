/**
 * The exchanges at the end of the simulated sign-in:
 *
 * - mos.ru's token endpoint, `POST /sps/oauth/te` (form; HTTP Basic client authentication;
 *   `grant_type=authorization_code, code, redirect_uri, code_verifier`, providers.md §8.1 B.7). Refusals are
 *   RFC 6749 §5.2 JSON, `{error, error_description}`: 401 `invalid_client`, 400 `invalid_grant` for a code
 *   that is unknown, spent, expired, issued for another redirect URI or whose PKCE verifier does not match.
 *   The real server's exact refusal bodies are not published; this is the standard's shape [G].
 * - school.mos.ru's `POST /v3/auth/sudir/auth` (§8.1 B.8): a mos.ru token for a FRESH МЭШ token.
 * - a regional node's `GET /v3/auth/token?code&state` (§8.2): the code (with the state it was issued with)
 *   for a fresh МЭШ token, `{token, refresh_token}`. Its refusals are not published either: 400 `{message}`,
 *   МЭШ's refusal shape [G].
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { json, type Reply } from '../../simulation/replies.js';
import { refusal, UNAUTHORIZED } from './replies.js';
import { MOS_TOKEN_TTL_SECONDS } from './sign-in-book.js';
import { isFormBody, type SignInStep } from './sign-in-flow.js';

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const CODE_VERIFIER = /^[\w.~-]{43,128}$/;

const sudirAuthRequestSchema = z.object({
  user_authentication_for_mobile_request: z.object({ mos_access_token: z.string().min(1) }),
});

function tokenError(status: 400 | 401, error: string, description: string): Reply {
  return json({ error, error_description: description }, status);
}

function basicClient(headers: IncomingHttpHeaders): { id: string; secret: string } | null {
  const match = /^Basic\s+([\w+/=-]+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** True when no challenge was sent, or the verifier's S256 is the challenge. */
function pkceMatches(challenge: string | null, verifier: string | null): boolean {
  if (challenge === null) return true;
  if (verifier === null || !CODE_VERIFIER.test(verifier)) return false;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/** `POST /sps/oauth/te`. */
export const mosRuToken: SignInStep = (context, request) => {
  if (!isFormBody(request.headers))
    return tokenError(400, 'invalid_request', 'application/x-www-form-urlencoded expected');
  const client = basicClient(request.headers);
  if (client?.id !== context.client.id || client.secret !== context.client.secret)
    return tokenError(401, 'invalid_client', 'Client authentication failed');
  const form = new URLSearchParams(request.body);
  if (form.get('grant_type') !== 'authorization_code')
    return tokenError(400, 'unsupported_grant_type', 'Only authorization_code is supported');
  // Spent by this lookup whatever follows: a refused exchange does not leave the code for a second try.
  const issued = context.book.redeemCode(form.get('code'));
  if (!issued) return tokenError(400, 'invalid_grant', 'The code is unknown, used or expired');
  if (form.get('redirect_uri') !== issued.redirectUri)
    return tokenError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  if (!pkceMatches(issued.codeChallenge, form.get('code_verifier')))
    return tokenError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  const tokens = context.book.issueMosTokens(issued.account);
  return json({
    access_token: tokens.accessToken,
    expires_in: MOS_TOKEN_TTL_SECONDS,
    refresh_token: tokens.refreshToken,
    token_type: 'Bearer',
    scope: 'openid profile',
  });
};

/** `POST /v3/auth/sudir/auth`. */
export const sudirAuth: SignInStep = (context, request) => {
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return refusal(400, 'the body must be JSON');
  }
  const parsed = sudirAuthRequestSchema.safeParse(body);
  if (!parsed.success) return refusal(400, 'user_authentication_for_mobile_request.mos_access_token is required');
  const mosToken = parsed.data.user_authentication_for_mobile_request.mos_access_token;
  const account = context.expiredTokens.has(mosToken) ? undefined : context.book.accountOfMosToken(mosToken);
  if (!account) return UNAUTHORIZED;
  const fresh = context.book.issueMeshTokens(account);
  return json({
    user_authentication_for_mobile_response: {
      mesh_access_token: fresh.token,
      mesh_refresh_token: fresh.refreshToken,
    },
  });
};

/** `GET /v3/auth/token?code&state`. */
export const regionalToken: SignInStep = (context, { query }) => {
  const issued = context.book.redeemCode(query.get('code'));
  if (!issued) return refusal(400, 'code is unknown, used or expired');
  if (query.get('state') !== issued.state) return refusal(400, 'state does not match the code');
  const fresh = context.book.issueMeshTokens(issued.account);
  return json({ token: fresh.token, refresh_token: fresh.refreshToken });
};
