/**
 * A local Dnevnik.ru REST API v2 that serves the demo family over real HTTP, with the API's token
 * check, OAuth token endpoint, 64-bit ids (`_str` twins and bare ones), mixed key styles, side-loaded
 * day schedules, fault modes and schema drift modes. Used by the demo, integration tests and benchmarks.
 */
export {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikSimulator,
  type DnevnikSimulatorOptions,
} from './server.js';
/** Fault modes and the request log's entries. */
export type { DnevnikFaultMode } from './state.js';
export type { RecordedRequest } from '../../simulation/controls.js';
/** Drift modes (`setDrift`): one field of one route's answers changes its shape. */
export type { DriftKind, DriftRule } from '../../simulation/drift.js';
/** The OAuth client the token endpoint accepts. */
export type { SimulatorClient } from './token.js';
