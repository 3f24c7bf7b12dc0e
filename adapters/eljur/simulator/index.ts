/**
 * A local Eljur API v3 (`/apiv3/{method}`) that serves the demo family's Eljur child over real HTTP, with
 * Eljur's query-parameter auth, envelope, per-method shapes and quirks, refusals, fault modes and schema
 * drift modes, Eljur's redirect sign-in page for partner apps (`/partner/authorize`, with its refusals and a
 * simulated Gosuslugi route), and the school's mail, notices and file storage (with hooks that make a teacher
 * write or the school post a notice). Used by the demo, integration tests and benchmarks.
 */
export { startEljurSimulator, type EljurSimulator, type EljurSimulatorOptions } from './server.js';
export { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR } from './ids.js';
/** The redirect sign-in page's paths, and how long an attempt waits and how many wrong passwords lock it. */
export { ESIA_PATH, SIGN_IN_PATH } from './sign-in-pages.js';
export { MAX_SIGN_IN_FAILURES, PENDING_LIFETIME_MS } from './sign-in-state.js';
export type { EljurFaultMode } from './state.js';
/** What the mail's control hooks (`writeMessage`, `postNotice`) take. */
export type { SchoolNotice, TeacherMessage } from './mail-controls.js';
/** The request log's entries. */
export type { RecordedRequest } from '../../simulation/controls.js';
/** Drift modes (`setDrift`): one field of one route's answers changes its shape. */
export type { DriftKind, DriftRule } from '../../simulation/drift.js';
