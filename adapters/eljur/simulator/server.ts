/**
 * The Eljur simulator's server: the kit's HTTP server (`adapters/simulation/serve.ts`) with Eljur's
 * answers. Parameters come from the query and a form body; fault modes sit in the router, in front of the
 * gates they stand for; `malformed` lets the method answer and cuts its JSON in half. The partner
 * redirect sign-in pages (`sign-in.ts`) and the file storage (`storage.ts`) are served beside the API; the
 * school's mail (`mail-*.ts`) starts with the family's mail, made from the seed at start.
 */
import type { IncomingMessage } from 'node:http';
import type { Reply } from '../../simulation/replies.js';
import type { SeedFamily } from '../../simulation/seed.js';
import { serveSimulator, simulatorHandle, type SimulatorHandle } from '../../simulation/serve.js';
import { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR, TOKEN_LIFETIME_DAYS } from './ids.js';
import { tokenExpiry } from './render-account.js';
import { ERRORS, failure } from './replies.js';
import { routeRequest } from './routes.js';
import { answerSignIn, isSignInPath } from './sign-in.js';
import { SimulatorState, type EljurFaultMode } from './state.js';
import { postSchoolNotice, writeTeacherMessage, type SchoolNotice, type TeacherMessage } from './mail-controls.js';
import { Directory } from './mail-people.js';
import type { SchoolMail } from './mail-routes.js';
import { seedMail } from './mail-seed.js';
import { MailState } from './mail-state.js';
import { answerStorage, isStoragePath, MAX_UPLOAD_BODY_BYTES } from './storage.js';

/** Options of {@link startEljurSimulator}. */
export interface EljurSimulatorOptions {
  /** The family to serve: its Eljur accounts (login, password, token) and their children. */
  family: SeedFamily;
  /** @default "127.0.0.1" */
  host?: string;
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** Delay before every answer. @default 0 */
  latencyMs?: number;
  /** The simulator's clock: "today", token expiry, sign-in attempts' expiry. @default () => new Date() */
  now?: () => Date;
  /**
   * Partner callbacks the redirect sign-in (`/partner/authorize`) may send the browser back to, compared
   * exactly (more with `allowRedirectUri`). Throws `RangeError` for one that is not an absolute URL. @default []
   */
  redirectUris?: readonly string[];
}

/** A running simulator; `url` serves `/apiv3/{method}` and the file storage (`/storage/…`). */
export interface EljurSimulator extends SimulatorHandle<EljurFaultMode> {
  /** The developer key it accepts (`ELJUR_DEVKEY` of a demo tenant). */
  devkey: string;
  /** The vendor it serves (`ELJUR_VENDOR` of a demo tenant). */
  vendor: string;
  /**
   * Makes one field of one method's successful answers change shape (schema drift, as Eljur might do
   * without notice), until called with `null`. The path starts at the body, envelope included
   * (`response.result.students{}.days{}.items{}.room`). Throws `RangeError` for an unknown method or kind.
   */
  setDrift: SimulatorHandle<EljurFaultMode>['setDrift'];
  /** Makes a token answer 403 from now on, as a lapsed Eljur token does. */
  expireToken(token: string): void;
  /**
   * Registers a partner callback for the redirect sign-in (the demo adds the gateway's once it listens).
   * Throws `RangeError` for one that is not an absolute URL.
   */
  allowRedirectUri(uri: string): void;
  /**
   * A teacher writes a new message to a parent's account (the first Eljur account unless `to` names one),
   * dated now and unread. Returns its id. Throws `RangeError` for an unknown account or teacher.
   */
  writeMessage(message: TeacherMessage): string;
  /** The school posts a notice, dated today and unread for every account. Returns its id. */
  postNotice(notice: SchoolNotice): string;
}

function checkedRedirectUri(uri: string): string {
  if (!URL.canParse(uri)) throw new RangeError('a redirect URI must be an absolute URL');
  return uri;
}

/**
 * Query parameters, plus a form body's for a POST (the body wins, as PHP's `$_REQUEST` order has it; a name
 * may repeat, as `fid[]` does). A body too large to read is left out.
 */
function paramsOf(request: IncomingMessage, url: URL, body: string | null): URLSearchParams {
  const params = new URLSearchParams(url.searchParams);
  const isForm = (request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  if (request.method === 'POST' && isForm && body !== null) {
    const form = new URLSearchParams(body);
    for (const name of new Set(form.keys())) params.delete(name);
    for (const [name, value] of form) params.append(name, value);
  }
  return params;
}

/** The origin a request reached the simulator at: where the addresses it hands out must point. */
function originOf(request: IncomingMessage): string {
  return `http://${request.headers.host ?? '127.0.0.1'}`;
}

/** The school's mail, filled with the family's starting mail and notices. */
function openSchoolMail(family: SeedFamily, now: Date): SchoolMail {
  const zone = family.children.find((child) => child.provider === 'ELJUR')?.timeZone ?? 'Europe/Moscow';
  const mail = { state: new MailState(), directory: new Directory(family), zone };
  seedMail(mail.state, mail.directory, family, now);
  return mail;
}

/**
 * Starts an Eljur simulator serving the family's Eljur accounts over real HTTP. Each account's stored
 * `token` is valid for three months from the start; `auth` issues new ones.
 *
 * @example
 * const simulator = await startEljurSimulator({ family: generateDemoFamily({ today: '2026-11-23' }) });
 * // createEljurAdapter({ transport, baseUrl: simulator.url, devkey: simulator.devkey, vendor: simulator.vendor, timeZone: 'Europe/Samara' })
 * await simulator.dispose();
 */
export async function startEljurSimulator(options: EljurSimulatorOptions): Promise<EljurSimulator> {
  const now = options.now ?? (() => new Date());
  const redirectUris = (options.redirectUris ?? []).map(checkedRedirectUri);
  const state = new SimulatorState(options.latencyMs ?? 0, now, redirectUris);
  for (const account of options.family.accounts.filter((candidate) => candidate.provider === 'ELJUR')) {
    state.tokens.set(account.token, { account, expiresAt: tokenExpiry(now(), TOKEN_LIFETIME_DAYS) });
  }

  const mail = openSchoolMail(options.family, now());

  const answer = (request: IncomingMessage, url: URL, body: string | null, bytes: Buffer | null): Reply => {
    if (request.method !== 'GET' && request.method !== 'POST') return failure(404, ERRORS.method);
    const origin = originOf(request);
    if (isStoragePath(url.pathname))
      return state.fault === 'server-error'
        ? failure(500, ERRORS.server)
        : answerStorage({ request, url, bytes, state: mail.state, now: now(), origin });
    const routed = {
      family: options.family,
      state,
      mail,
      path: url.pathname,
      params: paramsOf(request, url, body),
      now: now(),
      origin,
    };
    return isSignInPath(url.pathname) ? answerSignIn({ ...routed, method: request.method }) : routeRequest(routed);
  };

  const served = await serveSimulator(state, options, {
    answer,
    internalError: failure(500, ERRORS.server),
    maxBodyBytes: MAX_UPLOAD_BODY_BYTES,
  });
  return simulatorHandle(state, served, {
    devkey: ELJUR_SIMULATOR_DEVKEY,
    vendor: ELJUR_SIMULATOR_VENDOR,
    allowRedirectUri: (uri: string) => state.signIns.allowRedirectUri(checkedRedirectUri(uri)),
    writeMessage: (message: TeacherMessage) => writeTeacherMessage(mail, options.family, message, now()),
    postNotice: (notice: SchoolNotice) => postSchoolNotice(mail, notice, now()),
  });
}
