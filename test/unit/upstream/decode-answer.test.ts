import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { SchemaDrift } from '../../../src/domain/model.js';
import { GatewayError, ProviderUnavailableError } from '../../../src/errors/gateway-error.js';
import {
  decodeAnswer,
  isSuccessStatus,
  type AnswerBody,
  type AnswerDialect,
} from '../../../src/upstream/decode-answer.js';
import type { UpstreamResponse } from '../../../src/upstream/transport.js';
import { UpstreamAnswer } from '../../../src/upstream/upstream-answer.js';
import { thrown } from '../../support/thrown.js';

// The one reading of a diary's answer that all three adapters share (issue 12): a status, HTML, broken
// JSON and the payload's place are handled alike, and only the dialect's parameters differ.

type Route = 'profile' | 'marks';
const SECRET = 'Петрова Анна Сергеевна';
const JSON_HEADERS = { 'content-type': 'application/json' };

const markSchema = z.looseObject({ id: z.number(), value: z.string() });
const marksSchema = z.array(markSchema);

function answer(status: number, body: string, headers: Record<string, string> = JSON_HEADERS): UpstreamResponse {
  return { status, headers, body };
}

/** A dialect whose status errors record what the body was, so the tests can see what the helper read. */
function dialect(overrides: Partial<AnswerDialect<Route>> = {}): AnswerDialect<Route> & { seen: AnswerBody[] } {
  const seen: AnswerBody[] = [];
  return {
    seen,
    provider: 'MESH',
    strictRoutes: new Set<Route>(['profile']),
    describe: (route, response, what) => new UpstreamAnswer(route, response, `test ${route} answered ${what}`),
    statusError(route, response, body) {
      seen.push(body);
      return new ProviderUnavailableError('MESH', `${route}: HTTP ${response.status}`, {
        upstreamStatus: response.status,
      });
    },
    ...overrides,
  };
}

/** The gateway error a call throws. */
function failure(run: () => unknown): GatewayError {
  const error = thrown(run);
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

const marks = JSON.stringify([
  { id: 1, value: '5' },
  { id: 2, value: 4 },
]);

describe('decodeAnswer', () => {
  it('should give a failing status to the dialect with what the body turned out to be', () => {
    const reader = dialect();
    const error = failure(() => decodeAnswer(reader, 'marks', answer(503, '{"message":"down"}'), marksSchema));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', upstreamStatus: 503 });
    expect(reader.seen).toEqual([{ html: false, json: { ok: true, value: { message: 'down' } } }]);
    thrown(() => decodeAnswer(reader, 'marks', answer(502, '<html>Bad Gateway</html>', {}), marksSchema));
    thrown(() => decodeAnswer(reader, 'marks', answer(500, 'Internal error'), marksSchema));
    expect(reader.seen.slice(1)).toEqual([
      { html: true, json: { ok: false } },
      { html: false, json: { ok: false } },
    ]);
  });

  it('should refuse an HTML page with a 2xx status without parsing it, with the dialect’s cause', () => {
    const parse = vi.fn(JSON.parse);
    const page = `<!doctype html><p>${SECRET}</p>`;
    const error = failure(() =>
      decodeAnswer(dialect({ parse }), 'marks', answer(200, page, { 'content-type': 'text/html' }), marksSchema),
    );
    expect(error).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', upstreamStatus: 200, provider: 'MESH' });
    expect(error.message).toContain('marks: an HTML page instead of JSON');
    expect(parse).not.toHaveBeenCalled();
    const cause = error.cause as UpstreamAnswer;
    expect(cause).toBeInstanceOf(UpstreamAnswer);
    expect([cause.route, cause.status, cause.contentType, cause.bodyLength]).toEqual([
      'marks',
      200,
      'text/html',
      page.length,
    ]);
    expect(cause.message).toBe('test marks answered an HTML page');
  });

  it('should let a dialect map a 2xx HTML page itself', () => {
    const htmlPageError = vi.fn(() => new ProviderUnavailableError('MESH', 'marks: a maintenance page'));
    const error = failure(() =>
      decodeAnswer(dialect({ htmlPageError }), 'marks', answer(200, '<html></html>', {}), marksSchema),
    );
    expect(error.message).toContain('a maintenance page');
    expect(htmlPageError).toHaveBeenCalledWith('marks', expect.objectContaining({ status: 200 }));
  });

  it('should refuse a body that is not JSON without quoting it, in message or cause', () => {
    const body = `[{"id":1,"value":"${SECRET}`;
    const error = failure(() => decodeAnswer(dialect(), 'marks', answer(200, body), marksSchema));
    expect(error).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', upstreamStatus: 200 });
    expect(error.message).toContain('marks: the body is not valid JSON');
    expect((error.cause as Error).message).toBe('test marks answered a body that is not valid JSON');
    for (const text of [error.message, (error.cause as Error).message]) expect(text).not.toContain(SECRET);
  });

  it('should parse with the dialect’s parser', () => {
    const parse = vi.fn(() => [{ id: 7, value: '3' }]);
    const { value } = decodeAnswer(dialect({ parse }), 'marks', answer(200, 'anything'), marksSchema);
    expect(value).toEqual([{ id: 7, value: '3' }]);
    expect(parse).toHaveBeenCalledWith('anything');
  });

  it('should decode a route tolerantly, reporting what drifted once', () => {
    const onDrift = vi.fn<(drift: SchemaDrift) => void>();
    const decoded = decodeAnswer(dialect(), 'marks', answer(200, marks), marksSchema, onDrift);
    expect(decoded.value).toEqual([{ id: 1, value: '5' }]);
    const drift = { provider: 'MESH', route: 'marks', schemaPath: '[].value', dropped: 1 };
    expect(decoded.drift).toEqual([drift]);
    expect(onDrift.mock.calls).toEqual([[drift]]);
  });

  it('should decode a strict route as a whole or not at all', () => {
    const error = failure(() => decodeAnswer(dialect(), 'profile', answer(200, marks), marksSchema));
    expect(error).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', schemaPath: '[].value', upstreamStatus: 200 });
  });

  it('should decode the payload the dialect takes out, with its place in drift paths', () => {
    const payload = vi.fn((_route: Route, _response: UpstreamResponse, json: unknown) => ({
      value: (json as { result: unknown }).result,
      pathPrefix: 'result',
    }));
    const body = JSON.stringify({ result: JSON.parse(marks) as unknown });
    const decoded = decodeAnswer(dialect({ payload }), 'marks', answer(200, body), marksSchema);
    expect(decoded.value).toEqual([{ id: 1, value: '5' }]);
    expect(decoded.drift).toEqual([{ provider: 'MESH', route: 'marks', schemaPath: 'result[].value', dropped: 1 }]);
  });

  it('should throw the error a dialect finds in a 2xx payload', () => {
    const carried = new ProviderUnavailableError('MESH', 'marks: HTTP 200 carrying an error');
    const payload = () => {
      throw carried;
    };
    expect(thrown(() => decodeAnswer(dialect({ payload }), 'marks', answer(200, '{}'), marksSchema))).toBe(carried);
  });
});

describe('isSuccessStatus', () => {
  it.each([
    [199, false],
    [200, true],
    [204, true],
    [299, true],
    [300, false],
    [401, false],
  ])('should read %i as success: %s', (status, success) => {
    expect(isSuccessStatus(status)).toBe(success);
  });
});
