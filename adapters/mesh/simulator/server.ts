/**
 * The МЭШ simulator's server: the kit's HTTP server (`adapters/simulation/serve.ts`) with МЭШ's
 * answers: the sign-in of its kind (`sign-in-routes.ts`), then the data routes. Faults sit in front of
 * everything, as a proxy or a maintenance page would; `malformed` instead lets the route answer and cuts
 * its JSON in half.
 */
import type { IncomingMessage } from 'node:http';
import { schoolToday } from '../../simulation/calendar.js';
import { html, json, type Reply } from '../../simulation/replies.js';
import type { SeedFamily } from '../../simulation/seed.js';
import { serveSimulator, simulatorHandle, type SimulatorHandle } from '../../simulation/serve.js';
import type { PostedNotice } from './notice-feed.js';
import { MAINTENANCE_PAGE, NGINX_403_PAGE, refusal } from './replies.js';
import { routeRequest } from './routes.js';
import type { MeshSignInKind } from './sign-in-book.js';
import { MESH_SIMULATOR_CLIENT, type MeshSimulatorClient, type SignInContext } from './sign-in-flow.js';
import { answerSignIn } from './sign-in-routes.js';
import { SimulatorState, type MeshFaultMode } from './state.js';

/** Options of {@link startMeshSimulator}. */
export interface MeshSimulatorOptions {
  /** The family to serve: its МЭШ accounts (tokens, profile ids) and their children. */
  family: SeedFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /**
   * The simulator's clock; anchors the mark trends (`dynamic`) and the sign-in's lifetimes (10 minutes for
   * a pending sign-in and a code, an hour for a mos.ru token). @default () => new Date()
   */
  now?: () => Date;
  /**
   * Which sign-in this instance serves: login.mos.ru's pages and token endpoint with school.mos.ru's
   * `sudir/auth` (Moscow), or a regional node's Gosuslugi redirect and `/v3/auth/token` («Моя школа»). Start
   * a second instance for a second kind. @default "mos-ru"
   */
  signIn?: MeshSignInKind;
  /** The client registered with the simulated login.mos.ru (mos-ru only). @default MESH_SIMULATOR_CLIENT */
  client?: MeshSimulatorClient;
  /** Redirect URIs the sign-in sends browsers back to, compared exactly; more with `allowRedirectUri`. @default [] */
  redirectUris?: readonly string[];
}

/** A running simulator; `url` serves both МЭШ hosts' paths. */
export interface MeshSimulator extends SimulatorHandle<MeshFaultMode> {
  /** Makes a token answer 401 from now on, as an expired МЭШ token does. */
  expireToken(token: string): void;
  /** Forgets the absence notices sent and withdrawn so far: `attendance` shows the demo family's own again. */
  clearNotices(): void;
  /**
   * Posts a notice to a child's feed (`instantmessages/v1/feed`), as the school would: it shows first, unread,
   * to every account showing the child. Returns its id. Throws `TypeError` for a key no МЭШ child has.
   */
  postNotice(notice: PostedNotice): string;
  /** Marks a feed item read, as the parent reading it in the official app would (no МЭШ route does). */
  markNoticeRead(id: string): void;
  /** Forgets posted notices, reads and the weeks signed by `POST`: the seeded feed and signatures show again. */
  clearMessaging(): void;
  /**
   * Registers a redirect URI for the sign-in (the demo registers the gateway's callback once it listens).
   * Throws `TypeError` for one that is not an absolute URI.
   */
  allowRedirectUri(uri: string): void;
}

const MOSCOW = 'Europe/Moscow';
const INTERNAL_ERROR = json({ message: 'Internal Server Error' }, 500);

function faultReply(fault: MeshFaultMode): Reply | null {
  switch (fault) {
    case 'html-403':
      return html(403, NGINX_403_PAGE);
    case 'server-error':
      return INTERNAL_ERROR;
    case 'down':
      return html(503, MAINTENANCE_PAGE);
    default:
      return null;
  }
}

/**
 * Starts a МЭШ simulator serving the family's МЭШ accounts over real HTTP.
 *
 * @example
 * const simulator = await startMeshSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // point MeshHosts.schoolBaseUrl and aclBaseUrl at simulator.url …
 * await simulator.dispose();
 */
export async function startMeshSimulator(options: MeshSimulatorOptions): Promise<MeshSimulator> {
  const now = options.now ?? (() => new Date());
  const state = new SimulatorState(options.latencyMs ?? 0, now, options.redirectUris ?? []);
  const signIn: SignInContext = {
    kind: options.signIn ?? 'mos-ru',
    family: options.family,
    book: state.signIn,
    client: options.client ?? MESH_SIMULATOR_CLIENT,
    redirectUris: state.redirectUris,
    expiredTokens: state.expiredTokens,
  };

  const answer = (request: IncomingMessage, url: URL, body: string | null): Reply => {
    const fault = faultReply(state.fault);
    if (fault) return fault;
    if (body === null) return refusal(413, 'Request Entity Too Large');
    const method = request.method ?? 'GET';
    const signInRequest = { method, path: url.pathname, query: url.searchParams, headers: request.headers, body };
    const signInReply = answerSignIn(signIn, signInRequest);
    if (signInReply) return signInReply;
    return routeRequest({
      family: options.family,
      expiredTokens: state.expiredTokens,
      freshTokens: state.signIn.meshTokens,
      notices: state.notices,
      method,
      path: url.pathname,
      headers: request.headers,
      query: url.searchParams,
      body,
      today: schoolToday(now(), MOSCOW),
      books: state.books,
      now: now(),
    });
  };

  const postNotice = (notice: PostedNotice): string => {
    const child = options.family.children.find((each) => each.provider === 'MESH' && each.key === notice.childKey);
    if (!child) throw new TypeError('postNotice: no МЭШ child has this key.');
    return state.books.feed.post(child, notice, now());
  };

  const served = await serveSimulator(state, options, { answer, internalError: INTERNAL_ERROR });
  return simulatorHandle(state, served, {
    clearNotices: () => state.notices.clear(),
    postNotice,
    markNoticeRead: (id: string) => state.books.feed.markRead(id),
    clearMessaging: () => {
      state.books.feed.clear();
      state.books.signatures.clear();
    },
    allowRedirectUri: (uri: string) => state.allowRedirectUri(uri),
  });
}
