/**
 * The admission gate of GraphQL executions (src/server/admission.ts) on a real gateway with its simulators
 * over loopback HTTP: with one execution at a time and one place in the queue, a second request waits its
 * turn and is answered in full, a third is refused at once with `SERVER_BUSY` (503, `Retry-After`, in the
 * asker's language), a request whose client left gives its place up without running, and a kept answer is
 * sent while every turn is taken.
 *
 * The simulators answer slowly (`LATENCY_MS`) only so that an execution is still running when the next
 * request arrives; the test waits on the gateway's own gauges, never on a guess of how long a step takes.
 */
import { describe, expect, it } from 'vitest';
import { admissionGaugesReach } from '../support/admission-gauges.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { operation, postGraphql, type GraphqlResponse } from '../support/graphql.js';

type Students = { viewer: { students: { id: string; grades: { id: string }[] }[] } };

/**
 * A week's grades. Each month is its own cache entry, so a week of a month no request has read yet makes the
 * execution wait for the diaries (slow), and one of a month read already does not.
 */
const gradesFrom = (from: string) => {
  const to = new Date(Date.parse(from) + 4 * 86_400_000).toISOString().slice(0, 10);
  return operation<Students>(`{ viewer { students { id grades(from: "${from}", to: "${to}") { id } } } }`);
};

const LATENCY_MS = 1500;
/** The diaries' latency (and the request deadline) while a request holds the only turn for a whole test. */
const HOLDING_MS = 60_000;

function setLatency(target: TestGateway, ms: number): void {
  for (const simulator of Object.values(target.gateway.demo!.simulators)) simulator.setLatency(ms);
}

/** A GraphQL request with the demo parent's token, headers of the test's own, and a way to give it up. */
function ask(target: TestGateway, query: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${target.gateway.demo!.token}`,
      ...headers,
    },
    body: JSON.stringify({ query }),
    ...(signal ? { signal } : {}),
  });
}

const withoutErrors = (answer: GraphqlResponse<Students>) => {
  expect(answer.status).toBe(200);
  expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
  return answer.body.data!.viewer.students;
};

describe('the admission gate', () => {
  const gated = { MAX_EXECUTIONS_IN_FLIGHT: '1', MAX_EXECUTIONS_QUEUED: '1', PREFETCH_STRUCTURE: 'off' };

  it('should run one execution at a time, queue the next and refuse the one after with SERVER_BUSY', async () => {
    const target = await startTestGateway({ ...gated, ANSWER_CACHE: 'off' });
    const calm = withoutErrors(await target.graphql(gradesFrom('2026-11-16')));
    setLatency(target, LATENCY_MS);

    const first = target.graphql(gradesFrom('2026-10-05'));
    await admissionGaugesReach(target, 1, 0);
    const second = target.graphql(gradesFrom('2026-09-07'));
    await admissionGaugesReach(target, 1, 1);

    const refused = await ask(target, gradesFrom('2026-11-16'), { 'accept-language': 'ru' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'SERVER_BUSY', retryAfterSeconds: 1 });
    expect(body.errors[0]!.message).toBe(
      'Шлюз сейчас перегружен и не успел выполнить запрос. Попробуйте снова через 1 с.',
    );

    // The two admitted ones are answered in full, as a calm gateway answers them.
    const [one, two] = await Promise.all([first, second]);
    expect(withoutErrors(one).map((student) => student.id)).toEqual(calm.map((student) => student.id));
    expect(withoutErrors(two).map((student) => student.id)).toEqual(calm.map((student) => student.id));
    await admissionGaugesReach(target, 0, 0);
    const metrics = await (await fetch(`${target.url}/metrics`)).text();
    expect(metrics).toMatch(/^diary_gateway_graphql_errors_total\{code="SERVER_BUSY"\} 1$/m);
  }, 60_000);

  it('should give up the place of a request whose client left, without running it', async () => {
    // The first request holds the only turn for the whole test: its diaries answer after a minute, and nothing
    // cuts it sooner. So the queue can only empty by the second request leaving, never by a turn coming.
    const holding = {
      REQUEST_DEADLINE_MS: String(HOLDING_MS),
      UPSTREAM_HEADERS_TIMEOUT_MS: String(HOLDING_MS * 2),
      UPSTREAM_BODY_TIMEOUT_MS: String(HOLDING_MS * 2),
      SHUTDOWN_GRACE_MS: '100',
    };
    const target = await startTestGateway({ ...gated, ...holding, ANSWER_CACHE: 'off' });
    withoutErrors(await target.graphql(gradesFrom('2026-11-16')));
    setLatency(target, HOLDING_MS);
    const clients = [new AbortController(), new AbortController(), new AbortController()] as const;
    const settled = (request: Promise<Response>) => request.catch((error: unknown) => error);

    const first = settled(ask(target, gradesFrom('2026-10-05'), {}, clients[0].signal));
    await admissionGaugesReach(target, 1, 0);
    const leaving = settled(ask(target, gradesFrom('2026-09-07'), {}, clients[1].signal));
    await admissionGaugesReach(target, 1, 1);
    clients[1].abort();
    expect(await leaving).toMatchObject({ name: 'AbortError' });
    await admissionGaugesReach(target, 1, 0);

    // Its place is free: one more request waits there instead of being refused.
    const next = settled(ask(target, gradesFrom('2026-09-14'), {}, clients[2].signal));
    await admissionGaugesReach(target, 1, 1);
    clients[0].abort();
    clients[2].abort();
    await Promise.all([first, next]);
  }, 60_000);

  it('should send a kept answer while every turn and every place in the queue is taken', async () => {
    const target = await startTestGateway(gated);
    const kept = gradesFrom('2026-11-16');
    // A cold answer reads copies being fetched; the second, built on cached copies alone, is the one kept.
    withoutErrors(await target.graphql(kept));
    const calm = await target.graphql(kept);
    withoutErrors(calm);
    setLatency(target, LATENCY_MS);

    const first = target.graphql(gradesFrom('2026-10-05'));
    await admissionGaugesReach(target, 1, 0);
    const second = target.graphql(gradesFrom('2026-09-07'));
    await admissionGaugesReach(target, 1, 1);

    const again = await postGraphql<Students>(target.url, kept, {
      headers: { authorization: `Bearer ${target.gateway.demo!.token}` },
    });
    expect(again.text).toBe(calm.text);
    expect(withoutErrors(await first).length).toBeGreaterThan(0);
    expect(withoutErrors(await second).length).toBeGreaterThan(0);
  }, 60_000);
});
