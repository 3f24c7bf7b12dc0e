/**
 * The simulator's token endpoint, `POST /v2/authorizations` with a form body: the OAuth client (HTTP
 * Basic or `client_id`/`client_secret` fields; 403 `invalid_client` otherwise), then the grant:
 * `AuthorizationCode` (a code from `issueCode`) or `RefreshToken` (`refreshToken`, or `RefreshToken` as
 * Yandex's provider spells it). A refused grant answers 401 `{"error":"invalid_request"}` as the real
 * endpoint does; refresh tokens are spent on use (rotation).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeedAccount } from '../../simulation/seed.js';
import { holderPersonIdOf, twin, userIdOf } from './ids.js';
import { json, type Reply } from '../../simulation/replies.js';
import { apiError } from './replies.js';
import type { IssuedTokens, SimulatorState } from './state.js';
import type { TokenWire } from './wire.js';

/** The OAuth client the simulator accepts. */
export interface SimulatorClient {
  id: string;
  secret: string;
}

/** Thirty days, the lifetime one client's comment states (providers.md §1.2). */
const EXPIRES_IN_SECONDS = 2_592_000;
const SCOPE = 'CommonInfo,EducationalInfo,FriendsAndRelatives';

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

function tokenReply(account: SeedAccount, tokens: IssuedTokens): Reply {
  const user = userIdOf(holderPersonIdOf(account));
  const body: TokenWire = {
    accessToken: tokens.accessToken,
    expiresIn: EXPIRES_IN_SECONDS,
    expiresIn_str: String(EXPIRES_IN_SECONDS),
    refreshToken: tokens.refreshToken,
    scope: SCOPE,
    user,
    user_str: twin(user),
  };
  return json(body);
}

const REFUSED_GRANT: Reply = Object.freeze(json({ error: 'invalid_request', error_description: '' }, 401));

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
      const redeemed = state.redeemCode(form.get('code') ?? '');
      return redeemed ? tokenReply(redeemed.account, redeemed.tokens) : REFUSED_GRANT;
    }
    default:
      return apiError(400, 'parameterInvalid', "Параметр 'grant_type' имеет неверное значение");
  }
}
