/**
 * The МЭШ simulator's mutable state: the controls every simulator has (fault mode, latency, drift, expired
 * tokens, the request log), and the absence notices parents sent and withdrew.
 */
import { SimulatorControls } from '../../simulation/controls.js';
import { AbsenceNoticeBook } from './notices.js';
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

/** Mutable state shared by the server and the handle returned to tests. */
export class SimulatorState extends SimulatorControls<MeshFaultMode> {
  /** Absence notices sent (`POST attendance`) and withdrawn (`DELETE attendance`) since the start. */
  readonly notices = new AbsenceNoticeBook();

  constructor(latencyMs: number) {
    super({
      faultModes: FAULT_MODES,
      driftRoutes: Object.keys(MESH_SIMULATOR_PATHS),
      latencyMs,
      credentialParameter: /token|secret|password|auth/i,
    });
  }
}
