/** Default bounds of the admission gate of GraphQL executions (src/server/admission.ts). */

/**
 * `MAX_EXECUTIONS_IN_FLIGHT`' default. An execution of the bench's three-child dashboard holds about half a
 * megabyte until its answer is written, so 128 bound that to about 64 MiB. It does not bind before the CPU
 * does: one core runs 20–25 cold dashboards a second (40–50 ms of CPU each), and 128 executions waiting a
 * second each on their diaries already take 128 a second.
 */
export const DEFAULT_MAX_EXECUTIONS_IN_FLIGHT = 128;

/**
 * `MAX_EXECUTIONS_QUEUED`' default: a waiting request holds its connection and its parsed request (a few KiB),
 * so 4,096 of them hold tens of MiB at most; past that a replica is overloaded and a quick `SERVER_BUSY` lets
 * the client (or a load balancer) go elsewhere.
 */
export const DEFAULT_MAX_EXECUTIONS_QUEUED = 4096;
