/**
 * The МЭШ simulator's server: the kit's HTTP server (`adapters/simulation/serve.ts`) with МЭШ's answers.
 * Faults sit in front of everything, as a proxy or a maintenance page would; `malformed` instead lets the
 * route answer and cuts its JSON in half.
 */
import type { IncomingMessage } from 'node:http';
import { schoolToday } from '../../simulation/calendar.js';
import { html, json, type Reply } from '../../simulation/replies.js';
import type { SeedFamily } from '../../simulation/seed.js';
import { serveSimulator, simulatorHandle, type SimulatorHandle } from '../../simulation/serve.js';
import { MAINTENANCE_PAGE, NGINX_403_PAGE, refusal } from './replies.js';
import { routeRequest } from './routes.js';
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
  /** The simulator's clock; anchors the mark trends (`dynamic`). @default () => new Date() */
  now?: () => Date;
}

/** A running simulator; `url` serves both МЭШ hosts' paths. */
export interface MeshSimulator extends SimulatorHandle<MeshFaultMode> {
  /** Makes a token answer 401 from now on, as an expired МЭШ token does. */
  expireToken(token: string): void;
  /** Forgets the absence notices sent and withdrawn so far: `attendance` shows the demo family's own again. */
  clearNotices(): void;
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
  const state = new SimulatorState(options.latencyMs ?? 0);
  const now = options.now ?? (() => new Date());

  const answer = (request: IncomingMessage, url: URL, body: string | null): Reply => {
    const fault = faultReply(state.fault);
    if (fault) return fault;
    if (body === null) return refusal(413, 'Request Entity Too Large');
    return routeRequest({
      family: options.family,
      expiredTokens: state.expiredTokens,
      notices: state.notices,
      method: request.method ?? 'GET',
      path: url.pathname,
      headers: request.headers,
      query: url.searchParams,
      body,
      today: schoolToday(now(), MOSCOW),
    });
  };

  const served = await serveSimulator(state, options, { answer, internalError: INTERNAL_ERROR });
  return simulatorHandle(state, served, { clearNotices: () => state.notices.clear() });
}
