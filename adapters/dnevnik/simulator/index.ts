/**
 * A local Dnevnik.ru REST API v2 that serves the demo family over real HTTP, with the API's token
 * check, OAuth token endpoint, 64-bit ids (`_str` twins and bare ones), mixed key styles, side-loaded
 * day schedules, fault modes and schema drift modes; and Dnevnik.ru's OAuth dialog (`/oauth2`: sign-in
 * page, the Gosuslugi route, consent, redirect back with a single-use code), for the browser sign-in.
 * Used by the demo, integration tests and benchmarks.
 */
export {
  DNEVNIK_SIMULATOR_CLIENT,
  startDnevnikSimulator,
  type DnevnikSimulator,
  type DnevnikSimulatorOptions,
} from './server.js';
/** What a test posts on a school's board (`postNotice`). */
export type { NewNotice } from './board.js';
/** Fault modes and the request log's entries. */
export type { DnevnikFaultMode } from './state.js';
export type { RecordedRequest } from '../../simulation/controls.js';
/** Drift modes (`setDrift`): one field of one route's answers changes its shape. */
export type { DriftKind, DriftRule } from '../../simulation/drift.js';
/** The OAuth client the token endpoint accepts. */
export type { SimulatorClient } from './token.js';
/** How long a sign-in code lives (ten minutes). */
export { CODE_LIFETIME_MS } from './state.js';
/** How long a pending authorization lives, and how many wrong passwords lock it. */
export { MAX_SIGN_IN_FAILURES, PENDING_LIFETIME_MS } from './pending.js';
