/**
 * A local МЭШ (school.mos.ru / dnevnik.mos.ru) family API that serves the demo family over real HTTP,
 * with МЭШ's header gates, refusals, fault modes and schema drift modes, and the platform's browser
 * sign-in (login.mos.ru's pages, or a regional node's Gosuslugi redirect). Used by the demo, integration
 * tests and benchmarks.
 */
export { startMeshSimulator, type MeshSimulator, type MeshSimulatorOptions } from './server.js';
/** The sign-in: the client the simulated login.mos.ru knows by default, and the kinds an instance serves. */
export { MESH_SIMULATOR_CLIENT, type MeshSimulatorClient } from './sign-in-flow.js';
export type { MeshSignInKind } from './sign-in-book.js';
export type { MeshFaultMode } from './state.js';
/** What a test posts to a child's notice feed (`postNotice`). */
export type { PostedNotice } from './notice-feed.js';
/** The request log's entries. */
export type { RecordedRequest } from '../../simulation/controls.js';
/** Drift modes (`setDrift`): one field of one route's answers changes its shape. */
export type { DriftKind, DriftRule } from '../../simulation/drift.js';
