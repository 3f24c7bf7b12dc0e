/**
 * The МЭШ simulator's mutable state: the controls every simulator has (fault mode, latency, drift, expired
 * tokens, the request log), the absence notices parents sent and withdrew, the notice feed's posted and
 * read notices, the weeks parents signed, and the sign-in's memory with the redirect URIs it accepts.
 */
import { SimulatorControls } from '../../simulation/controls.js';
import { SignatureBook } from './diary-signatures.js';
import { NoticeFeedBook } from './notice-feed.js';
import { AbsenceNoticeBook } from './notices.js';
import { SignInBook } from './sign-in-book.js';
import { MESH_SIMULATOR_PATHS } from './wire.js';

/**
 * How the simulator misbehaves:
 * - `none`: answers normally;
 * - `html-403`: every route answers 403 with an nginx HTML page (the legacy proxy refusal);
 * - `server-error`: 500 `{"message":"Internal Server Error"}`;
 * - `down`: 503 with a "Технические работы" HTML page;
 * - `malformed`: successful answers arrive as 200 with truncated JSON.
 */
export type MeshFaultMode = 'none' | 'html-403' | 'server-error' | 'down' | 'malformed';

const FAULT_MODES: readonly MeshFaultMode[] = ['none', 'html-403', 'server-error', 'down', 'malformed'];

/**
 * Query parameters the request log redacts: tokens, secrets, passwords, and the sign-in's codes, PKCE
 * values and logins (`code`, `code_verifier`, `code_challenge`, `login`). The pending authorization id
 * (`bo`) is redacted too: while it lives, it lets its holder try passwords.
 */
const CREDENTIAL_PARAMETER = /token|secret|password|auth|code|verifier|login|^bo$/i;

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState extends SimulatorControls<MeshFaultMode> {
  /** Absence notices sent (`POST attendance`) and withdrawn (`DELETE attendance`) since the start. */
  readonly notices = new AbsenceNoticeBook();
  /** The notice feed and the signed weeks (`routes-messaging.ts`). */
  readonly books = { feed: new NoticeFeedBook(), signatures: new SignatureBook() };
  /** The sign-in's pending authorizations, codes and minted tokens. */
  readonly signIn: SignInBook;
  /** Redirect URIs the sign-in sends browsers back to (exact strings). */
  readonly redirectUris: Set<string>;

  constructor(latencyMs: number, now: () => Date, redirectUris: readonly string[]) {
    super({
      faultModes: FAULT_MODES,
      driftRoutes: Object.keys(MESH_SIMULATOR_PATHS),
      latencyMs,
      credentialParameter: CREDENTIAL_PARAMETER,
    });
    this.signIn = new SignInBook(now);
    this.redirectUris = new Set(redirectUris.map(checkedRedirectUri));
  }

  /** Registers one more redirect URI; throws `TypeError` for one that is not an absolute URI. */
  allowRedirectUri(uri: string): void {
    this.redirectUris.add(checkedRedirectUri(uri));
  }
}

/** A redirect URI as registered: an absolute URI (the value is not echoed in the error). */
function checkedRedirectUri(uri: string): string {
  if (!URL.canParse(uri)) throw new TypeError('startMeshSimulator: a redirect URI must be an absolute URI.');
  return uri;
}
