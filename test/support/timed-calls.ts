/**
 * Diary calls timed at the gateway's transport, for the tests that count a dashboard's chain of waits (issue 15):
 * a transport over undici that records every call's route, start and duration, and the routes that carry a
 * family's structure (read through the cache on its long windows, `UpstreamScope.structure`).
 */
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';

/** One diary call as the transport saw it. */
export interface TimedCall {
  origin: string;
  /** The route's template (Dnevnik.ru) or path. */
  route: string;
  url: URL;
  /** Start, `performance.now()` ms. */
  at: number;
  /** Duration, ms; `null` while unanswered. */
  ms: number | null;
}

/** A transport over undici that times every call into `calls`. */
export function timedTransport(): { transport: HttpTransport; calls: TimedCall[] } {
  const base = createUndiciTransport();
  const calls: TimedCall[] = [];
  const transport: HttpTransport = async (request) => {
    const { url } = request;
    const call: TimedCall = {
      origin: url.origin,
      route: request.route ?? url.pathname,
      url,
      at: performance.now(),
      ms: null,
    };
    calls.push(call);
    try {
      return await base(request);
    } finally {
      call.ms = performance.now() - call.at;
    }
  };
  return { transport, calls };
}

/**
 * Every route that carries structure, by path or Dnevnik.ru template (МЭШ's `schedule` days are structure too,
 * learnt per child, and checked apart: they are read cold).
 */
export const STRUCTURE_ROUTES: readonly string[] = [
  '/acl/api/users/profile_info',
  '/v2/persons/{person}/edu-groups',
  '/v2/schools/{school}',
  '/v2/work-types/{school}',
  '/v2/edu-groups/{group}/subjects',
  '/v2/edu-groups/{group}/timetables',
  '/v2/edu-groups/{group}/reporting-periods',
  '/apiv3/getperiods',
];
