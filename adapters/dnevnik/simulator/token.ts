/**
 * The simulator's token endpoint, `POST /v2/authorizations` with a form body: the OAuth client (HTTP
 * Basic or `client_id`/`client_secret` fields; 403 `invalid_client` otherwise), then the grant:
 * `AuthorizationCode` (a code from the sign-in pages or `issueCode`) or `RefreshToken` (`refreshToken`,
 * or `RefreshToken` as Yandex's provider spells it). Refresh tokens are spent on use (rotation).
 *
 * A code is single-use and lapses after ten minutes; its exchange must come from the client it was issued
 * to, repeat the authorize request's `redirect_uri` when that had one, and bring the `code_verifier` of
 * its S256 challenge when that had one. Every refused grant answers 401
 * `{"error":"invalid_request","error_description":""}`: that is what the real endpoint answers a spent
 * refresh token (providers.md §1.2, Yandex's tests); that it answers a bad code the same way is a guess [G].
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedAccount } from '../../simulation/seed.js';
import { holderPersonIdOf, twin, userIdOf } from './ids.js';
import { json, type Reply } from '../../simulation/replies.js';
import { apiError } from './replies.js';
import type { CodeGrant, IssuedTokens, SimulatorState } from './state.js';
import type { TokenWire } from './wire.js';

/** The OAuth client the simulator accepts. */
export interface SimulatorClient {
  id: string;
  secret: string;
}

/** Thirty days, the lifetime one client's comment states (providers.md §1.2). */
const EXPIRES_IN_SECONDS = 2_592_000;
/** The scopes a refreshed token (and a code from `issueCode`) states. */
export const SIMULATOR_SCOPE = 'CommonInfo,EducationalInfo,FriendsAndRelatives';

function basicCredentials(headers: IncomingHttpHeaders): { id: string; secret: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function clientAccepted(client: SimulatorClient, form: URLSearchParams, headers: IncomingHttpHeaders): boolean {
  const basic = basicCredentials(headers);
  const id = basic?.id ?? form.get('client_id');
  const secret = basic?.secret ?? form.get('client_secret');
  return id === client.id && secret === client.secret;
}

function tokenReply(account: SeedAccount, tokens: IssuedTokens, scope = SIMULATOR_SCOPE): Reply {
  const user = userIdOf(holderPersonIdOf(account));
  const body: TokenWire = {
    accessToken: tokens.accessToken,
    expiresIn: EXPIRES_IN_SECONDS,
    expiresIn_str: String(EXPIRES_IN_SECONDS),
    refreshToken: tokens.refreshToken,
    scope,
    user,
    user_str: twin(user),
  };
  return json(body);
}

const REFUSED_GRANT: Reply = Object.freeze(json({ error: 'invalid_request', error_description: '' }, 401));

/** True when `verifier` is the one whose S256 challenge (RFC 7636 §4.2) is `challenge`. */
function verifierMatches(verifier: string | null, challenge: string): boolean {
  if (verifier === null) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** Whether the exchange agrees with what the code was issued for. */
function exchangeAllowed(grant: CodeGrant, clientId: string, form: URLSearchParams): boolean {
  if (grant.clientId !== clientId) return false;
  if (grant.redirectUri !== null && form.get('redirect_uri') !== grant.redirectUri) return false;
  return grant.codeChallenge === null || verifierMatches(form.get('code_verifier'), grant.codeChallenge);
}

/** Answers `POST /v2/authorizations`. */
export function answerAuthorizations(
  state: SimulatorState,
  client: SimulatorClient,
  headers: IncomingHttpHeaders,
  body: string,
): Reply {
  if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return apiError(400, 'parameterInvalid', 'Ожидается тело application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(body);
  if (!clientAccepted(client, form, headers)) return apiError(403, 'invalid_client', 'Invalid client');
  switch (form.get('grant_type')) {
    case 'RefreshToken': {
      const refreshToken = form.get('refreshToken') ?? form.get('RefreshToken') ?? '';
      const redeemed = state.redeemRefreshToken(refreshToken);
      return redeemed ? tokenReply(redeemed.account, redeemed.tokens) : REFUSED_GRANT;
    }
    case 'AuthorizationCode': {
      const grant = state.takeCode(form.get('code') ?? '');
      if (!grant || !exchangeAllowed(grant, client.id, form)) return REFUSED_GRANT;
      return tokenReply(grant.account, state.issueTokens(grant.account), grant.scope);
    }
    default:
      return apiError(400, 'parameterInvalid', "Параметр 'grant_type' имеет неверное значение");
  }
}
