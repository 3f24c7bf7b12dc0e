/**
 * A local Eljur API v3 (`/apiv3/{method}`) that serves the demo family's Eljur child over real HTTP, with
 * Eljur's query-parameter auth, envelope, per-method shapes and quirks, refusals, fault modes and schema
 * drift modes. Used by the demo, integration tests and benchmarks.
 */
export { startEljurSimulator, type EljurSimulator, type EljurSimulatorOptions } from './server.js';
export { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR } from './ids.js';
export type { EljurFaultMode } from './state.js';
/** The request log's entries. */
export type { RecordedRequest } from '../../simulation/controls.js';
/** Drift modes (`setDrift`): one field of one route's answers changes its shape. */
export type { DriftKind, DriftRule } from '../../simulation/drift.js';
