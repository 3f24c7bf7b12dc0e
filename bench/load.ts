/**
 * One load run with autocannon (programmatic, no pipelining: browsers do not pipeline), every response
 * body checked by `validate.ts`. Runs inside the load process (`load-process.ts`), on core 0.
 */
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { createValidator, ValidationTally, type Validation, type ValidationSummary } from './validate.js';

/** A load run, as the orchestrator describes it (serialisable: it crosses the IPC channel). */
export interface LoadJob {
  /** Origin of the server under test, for example `http://127.0.0.1:40123`. */
  url: string;
  /** The GraphQL request body (JSON). */
  body: string;
  /** Bearer tokens to spread requests over. */
  sessions: string[];
  /**
   * `cycle`: request n uses session n mod N (with `amount` = N, each session exactly once);
   * `per-connection`: connection n keeps session n for the whole run.
   */
  sessionMode: 'cycle' | 'per-connection';
  connections: number;
  /** Seconds to run, unless `amount` is given. */
  durationS?: number;
  /** Exact number of requests. */
  amount?: number;
  /** Requests per second over all connections (open loop); closed loop when absent. */
  overallRate?: number;
  /** Client timeout per request, seconds; above the gateway's deadline so the gateway decides. */
  timeoutS: number;
  validation: Validation;
  /**
   * Send `Accept-Encoding: gzip`, as browsers and `fetch` do, and unzip gzip bodies before checking them.
   * Absent: no `Accept-Encoding`, as curl and most load generators send.
   */
  acceptGzip?: boolean;
}

/** What one run measured. */
export interface LoadResult {
  /** Answered requests. */
  requests: number;
  /** Requests sent (answered, plus those still in flight when the run ended). */
  sent: number;
  durationS: number;
  /** Answered requests per second. */
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  /** Connection errors and client timeouts. */
  errors: number;
  timeouts: number;
  validation: ValidationSummary;
  /** CPU the load process itself used, % of one core: near 100 means the generator, not the server, was the limit. */
  loadCpuPercent: number;
}

interface BodyQueue {
  peek(): { body: string; chunks?: Buffer[] } | undefined;
  addBody(data: Buffer): void;
  terminateRequest(): ({ body: string; chunks?: Buffer[] } & Record<string, unknown>) | undefined;
}

/**
 * autocannon 9 appends each body chunk to a string (`body += chunk`), which turns a UTF-8 character
 * split across two TCP reads into two U+FFFD; our answers are Cyrillic, so that would count good answers
 * as mismatches. This keeps the chunks and decodes them once, whole, when the response completes (unzipped
 * first with `unzip`, for a client that takes gzip).
 */
export function decodeBodiesWhole(client: unknown, unzip = false): void {
  const queue = (client as { pipelinedRequests?: BodyQueue }).pipelinedRequests;
  if (!queue)
    throw new Error(
      'autocannon client has no pipelinedRequests: the UTF-8 body fix needs updating for this autocannon version',
    );
  queue.addBody = function (this: BodyQueue, data: Buffer) {
    const pending = this.peek();
    if (pending) (pending.chunks ??= []).push(data);
  };
  const terminate = queue.terminateRequest.bind(queue);
  queue.terminateRequest = () => {
    const done = terminate();
    if (done?.chunks) done.body = bodyText(Buffer.concat(done.chunks), unzip);
    return done;
  };
}

/** Two bytes every gzip member starts with. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** A body as text; with `unzip`, a gzip body (a client that takes gzip may still get a plain one) unzipped first. */
function bodyText(body: Buffer, unzip: boolean): string {
  const gzipped = unzip && body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
  return (gzipped ? gunzipSync(body) : body).toString('utf8');
}

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
};

/** Runs one job and resolves with its measurements. */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  if (job.sessions.length === 0) throw new Error('a load job needs at least one session');
  const validate = createValidator(job.validation);
  const tally = new ValidationTally();
  const headersOf = (index: number) => ({
    ...BASE_HEADERS,
    ...(job.acceptGzip ? { 'accept-encoding': 'gzip' } : {}),
    authorization: `Bearer ${job.sessions[index % job.sessions.length]}`,
  });
  let nextRequest = 0;
  let nextConnection = 0;
  let answered = 0;

  const request: autocannon.Request = {
    method: 'POST',
    path: '/graphql',
    body: job.body,
    headers: headersOf(0),
    onResponse: (status: number, body: string) => {
      answered++;
      tally.add(validate(status, body));
    },
  };
  if (job.sessionMode === 'cycle') {
    request.setupRequest = (built) => ({ ...built, headers: headersOf(nextRequest++) });
  }

  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    pipelining: 1,
    timeout: job.timeoutS,
    ...(job.amount !== undefined ? { amount: job.amount } : { duration: job.durationS ?? 10 }),
    ...(job.overallRate !== undefined ? { overallRate: job.overallRate } : {}),
    requests: [request],
    setupClient: (client) => {
      decodeBodiesWhole(client, job.acceptGzip === true);
      if (job.sessionMode === 'per-connection') client.setHeaders(headersOf(nextConnection++));
    },
  });
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  tally.addUnanswered(result.errors);

  return {
    requests: answered,
    sent: result.requests.sent,
    durationS: result.duration,
    rps: answered / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    validation: tally.result(),
    loadCpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsedS) * 100,
  };
}
