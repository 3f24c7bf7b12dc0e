/**
 * The Dnevnik.ru simulator's server: the kit's HTTP server (`adapters/simulation/serve.ts`) with
 * Dnevnik.ru's answers: the OAuth dialog's pages (`sign-in-routes.ts`, the simulator standing for
 * `login.<host>` too), the token endpoint and the REST API. Faults sit in front of everything, as a proxy
 * or a maintenance page would; `malformed` instead lets the route answer and cuts its JSON in half. JSON
 * is written losslessly: ids above 2^53 leave as bare integer literals.
 */
import type { IncomingMessage } from 'node:http';
import { stringify } from 'lossless-json';
import { html, named, type Reply } from '../../simulation/replies.js';
import type { SeedFamily } from '../../simulation/seed.js';
import { PendingBook } from '../../simulation/pending.js';
import { serveSimulator, simulatorHandle, type SimulatorHandle } from '../../simulation/serve.js';
import type { SignInContext } from './authorize.js';
import { apiError, ERROR_PAGE, MAINTENANCE_PAGE, MAINTENANCE_STATUS } from './replies.js';
import { canonicalPath, isAuthorizationsPath, routeRequest } from './routes.js';
import { answerSignInPath, isSignInPath } from './sign-in-routes.js';
import { SimulatorState, type DnevnikFaultMode } from './state.js';
import { NoticeBoard, type NewNotice } from './board.js';
import { answerAuthorizations, SIMULATOR_SCOPE, type SimulatorClient } from './token.js';

/** The OAuth client the simulator accepts unless told otherwise (demo values, not secrets). */
export const DNEVNIK_SIMULATOR_CLIENT: Readonly<SimulatorClient> = Object.freeze({
  id: 'diary-gateway-demo',
  secret: 'diary-gateway-demo-secret',
});

/** Options of {@link startDnevnikSimulator}. */
export interface DnevnikSimulatorOptions {
  /** The family to serve: its Dnevnik.ru accounts (tokens, refresh tokens) and their children. */
  family: SeedFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /**
   * The simulator's clock: anchors a school's UTC offset, and times sign-in codes and pending
   * authorizations (ten minutes each). @default () => new Date()
   */
  now?: () => Date;
  /** The OAuth client the login page and the token endpoint accept. @default DNEVNIK_SIMULATOR_CLIENT */
  client?: SimulatorClient;
  /**
   * The redirect URIs registered for the client (compared exactly); the login page refuses any other
   * without redirecting. More can be added with `allowRedirectUri`. @default []
   */
  redirectUris?: readonly string[];
}

/** A running simulator; `url` is the adapter's `baseUrl`. */
export interface DnevnikSimulator extends SimulatorHandle<DnevnikFaultMode> {
  /** Makes an access token answer 401 with an empty body from now on; a refresh issues a new one. */
  expireToken(token: string): void;
  /**
   * A one-time sign-in code for the family account with this profile id, as the login page would return
   * it (for the simulator's client, with no redirect URI or PKCE challenge to match).
   */
  issueCode(profileId: number): string;
  /**
   * Registers a redirect URI for the client (an absolute http(s) URL, compared exactly), as a partner
   * registers its callback with Dnevnik.ru. Throws `RangeError` for anything else.
   */
  allowRedirectUri(uri: string): void;
  /**
   * Posts a notice on the board of a child's school, as the school's staff would; its id (the digits the
   * app's API sends). Throws `RangeError` for a key that is not a Dnevnik.ru child of the family.
   */
  postNotice(notice: NewNotice): string;
  /**
   * Marks a notice read for the account with this profile id, as the parent opening it in the app would
   * (the API has no route for it). Throws `RangeError` for an unknown notice.
   */
  markNoticeRead(profileId: number, noticeId: string): void;
}

const INTERNAL_ERROR = apiError(500, 'apiServerError', 'Внутренняя ошибка сервера');

function faultReply(fault: DnevnikFaultMode): Reply | null {
  switch (fault) {
    case 'html-error':
      return html(500, ERROR_PAGE);
    case 'maintenance':
      return html(MAINTENANCE_STATUS, MAINTENANCE_PAGE);
    case 'server-error':
      return INTERNAL_ERROR;
    case 'error-in-200':
      return apiError(200, 'apiUnknownError', 'Произошла неизвестная ошибка');
    default:
      return null;
  }
}

/** A redirect URI as the client registers it: an absolute http(s) URL without a fragment (RFC 6749 §3.1.2). */
function registrableRedirectUri(uri: string): string {
  const parsed = URL.canParse(uri) ? new URL(uri) : null;
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.hash !== '' || uri.length > 2048) {
    throw new RangeError('allowRedirectUri: a redirect URI is an absolute http(s) URL without a fragment');
  }
  return uri;
}

/** JSON with ids (`bigint`) as bare integer literals, as the API writes them past 2^53. */
function losslessJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('the simulator built an answer with no JSON form');
  return text;
}

/**
 * Starts a Dnevnik.ru simulator serving the family's Dnevnik.ru accounts over real HTTP.
 *
 * @example
 * const simulator = await startDnevnikSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // createDnevnikAdapter({ transport, baseUrl: simulator.url, clientId: DNEVNIK_SIMULATOR_CLIENT.id, clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret })
 * await simulator.dispose();
 */
export async function startDnevnikSimulator(options: DnevnikSimulatorOptions): Promise<DnevnikSimulator> {
  const now = options.now ?? (() => new Date());
  const state = new SimulatorState(options.family, options.latencyMs ?? 0, now);
  const client = options.client ?? DNEVNIK_SIMULATOR_CLIENT;
  const redirectUris = new Set((options.redirectUris ?? []).map(registrableRedirectUri));
  const accounts = options.family.accounts.filter((account) => account.provider === 'DNEVNIK');
  const signIn: SignInContext = { state, pending: new PendingBook(now), client, redirectUris, accounts };
  const board = new NoticeBoard(options.family, now());

  const answer = (request: IncomingMessage, url: URL, body: string | null): Reply => {
    const fault = faultReply(state.fault);
    const path = canonicalPath(url.pathname);
    // A fault answers before the page does: nothing is opened or issued behind a maintenance page.
    if (isSignInPath(path)) return fault ?? answerSignInPath(signIn, request, path, url.searchParams, body);
    if (isAuthorizationsPath(url.pathname)) {
      if (request.method !== 'POST') return apiError(405, 'methodNotAllowed', 'Method Not Allowed');
      if (fault) return fault;
      if (body === null) return apiError(413, 'parameterInvalid', 'Тело запроса слишком велико');
      return named(answerAuthorizations(state, client, request.headers, body), 'authorizations');
    }
    if (request.method !== 'GET') return apiError(405, 'methodNotAllowed', 'Method Not Allowed');
    if (fault) return fault;
    return routeRequest({
      family: options.family,
      board,
      state,
      path: url.pathname,
      headers: request.headers,
      query: url.searchParams,
      now: now(),
    });
  };

  const served = await serveSimulator(state, options, {
    answer,
    internalError: INTERNAL_ERROR,
    // 550 has no standard reason phrase; the API calls it "Server Work".
    write: { stringify: losslessJson, reasonPhrases: { [MAINTENANCE_STATUS]: 'Server Work' } },
  });
  const issueCode = (profileId: number): string => {
    const account = accounts.find((candidate) => candidate.profileId === profileId);
    if (!account) throw new RangeError(`issueCode: the family has no Dnevnik.ru account with profile id ${profileId}`);
    return state.issueCode({
      account,
      clientId: client.id,
      redirectUri: null,
      codeChallenge: null,
      scope: SIMULATOR_SCOPE,
    });
  };
  const allowRedirectUri = (uri: string): void => void redirectUris.add(registrableRedirectUri(uri));
  const postNotice = (notice: NewNotice): string => board.post(notice, now());
  const markNoticeRead = (profileId: number, noticeId: string): void => board.markRead(profileId, noticeId);
  return simulatorHandle(state, served, { issueCode, allowRedirectUri, postNotice, markNoticeRead });
}
