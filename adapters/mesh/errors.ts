/**
 * Translation of МЭШ answers into gateway errors, at the boundary (after openid-client's
 * `errorHandler`): whatever МЭШ does, the adapter throws one of a few `GatewayError`s with a message safe
 * to show, and keeps what happened as `cause` for server-side logs.
 *
 * Two rules hold for every message built here: it names the route (and, for a shape mismatch, the path
 * of the field), and it never quotes the answer. Payloads hold children's personal data, and МЭШ's own
 * `{"message"}` text is not ours to show, so both stay in `cause`.
 */
import type { z } from 'zod';
import type { GatewayError } from '../../src/errors/gateway-error.js';
import { ProviderAuthError, ProviderBadResponseError, ProviderUnavailableError } from '../../src/errors/gateway-error.js';
import { looksLikeHtml, networkFailureToGatewayError } from '../../src/upstream/provider-errors.js';
import type { UpstreamResponse } from '../../src/upstream/transport.js';
import { formatIssuePath, type SchemaIssue } from '../../src/upstream/schema-issues.js';

const MESH = 'MESH' as const;

/** The МЭШ routes the adapter calls, as named in error messages. */
export type MeshRoute =
  | 'profile_info'
  | 'profile'
  | 'marks'
  | 'homeworks'
  | 'subject_marks'
  | 'periods_schedules'
  | 'attendance'
  | 'attendance (POST)'
  | 'attendance (DELETE)'
  | 'events';

/** Longest piece of МЭШ's `{"message"}` text kept in a cause. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * What МЭШ answered, kept as the `cause` of a gateway error. It records the route, status, content type,
 * body size and МЭШ's own `{"message"}` text, but never the body itself, which may hold personal data.
 */
export class MeshUpstreamAnswer extends Error {
  readonly route: MeshRoute;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly bodyLength: number;
  /** МЭШ's `{"message": "…"}` text, when the body was such an object. */
  readonly providerMessage: string | null;

  constructor(route: MeshRoute, response: UpstreamResponse, what: string) {
    const providerMessage = providerMessageOf(response.body);
    super(`МЭШ ${route} answered HTTP ${response.status} with ${what}${providerMessage === null ? '' : `: ${providerMessage}`}`);
    this.name = 'MeshUpstreamAnswer';
    this.route = route;
    this.status = response.status;
    this.contentType = response.headers['content-type'];
    this.bodyLength = response.body.length;
    this.providerMessage = providerMessage;
  }
}

function providerMessageOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') {
      return parsed.message.slice(0, MAX_PROVIDER_MESSAGE);
    }
  } catch {
    // not JSON: there is no provider text to keep
  }
  return null;
}

/** Maps a failure to reach МЭШ (timeout, abort, refused connection) to a gateway error. */
export function meshTransportError(error: unknown): GatewayError {
  return networkFailureToGatewayError(MESH, error);
}

/** Maps a non-2xx МЭШ answer to a gateway error, keeping the status as `upstreamStatus`. */
export function meshStatusError(route: MeshRoute, response: UpstreamResponse): GatewayError {
  const { status } = response;
  const html = looksLikeHtml(response.body, response.headers['content-type']);
  const cause = new MeshUpstreamAnswer(route, response, html ? 'an HTML page' : 'an error body');
  const options = { cause, upstreamStatus: status };
  if (status === 401) return new ProviderAuthError(MESH, `${route}: HTTP 401, the access token is missing, unknown or expired`, options);
  if (status === 403 && html) {
    // МЭШ's legacy answer to an expired token is an nginx 403 page (providers.md §3.2).
    return new ProviderAuthError(MESH, `${route}: an HTTP 403 page, the access token has expired`, options);
  }
  if (status === 403) return new ProviderAuthError(MESH, `${route}: HTTP 403, access to this data was denied`, options);
  if (status === 400) {
    // МЭШ says the gateway built a bad request: a bug in this adapter, worth a log line, not a retry.
    return new ProviderBadResponseError(MESH, `${route}: HTTP 400, МЭШ rejected the gateway's request`, options);
  }
  if (status === 503 && html) return new ProviderUnavailableError(MESH, `${route}: HTTP 503, a maintenance page`, options);
  if (status >= 500) return new ProviderUnavailableError(MESH, `${route}: HTTP ${status}`, options);
  if (status === 429) return new ProviderUnavailableError(MESH, `${route}: HTTP 429, too many requests`, options);
  return new ProviderBadResponseError(MESH, `${route}: unexpected HTTP ${status}`, options);
}

/** What an issue expected, built from the schema's side only (zod's own text may change; ours is pinned). */
function describeExpectation(issue: SchemaIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union': {
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((inner) => (inner.code === 'invalid_type' && inner.path.length === 0 ? [inner.expected] : [])),
      );
      return expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}` : 'matches none of the expected shapes';
    }
    case 'invalid_value':
      // The listed values are the schema's options, not the payload's.
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return issue.code.replaceAll('_', ' ');
  }
}

/**
 * Describes a schema mismatch as `route: path: expectation`, for example
 * `marks: payload[3].date: expected string`. Paths come from the schema's keys and array indices, so
 * they carry no payload value.
 */
export function describeSchemaMismatch(route: MeshRoute, issue: SchemaIssue | undefined): string {
  if (!issue) return `${route}: the payload does not match the expected shape`;
  return `${route}: ${formatIssuePath(issue.path)}: ${describeExpectation(issue)}`;
}

/**
 * Reads a МЭШ answer: a non-2xx status, an HTML page, a body that is not JSON, or JSON of the wrong
 * shape each become a gateway error; otherwise the decoded payload is returned.
 */
export function decodeMeshAnswer<S extends z.ZodType>(route: MeshRoute, response: UpstreamResponse, schema: S): z.output<S> {
  if (response.status < 200 || response.status > 299) throw meshStatusError(route, response);
  const upstreamStatus = response.status;
  if (looksLikeHtml(response.body, response.headers['content-type'])) {
    const cause = new MeshUpstreamAnswer(route, response, 'an HTML page');
    throw new ProviderBadResponseError(MESH, `${route}: an HTML page instead of JSON`, { cause, upstreamStatus });
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    // The parser's own message quotes the body, which may hold personal data: the cause describes
    // the answer instead.
    const cause = new MeshUpstreamAnswer(route, response, 'a body that is not valid JSON');
    throw new ProviderBadResponseError(MESH, `${route}: the body is not valid JSON`, { cause, upstreamStatus });
  }
  const decoded = schema.safeParse(json);
  if (!decoded.success) {
    // zod 4 issues carry paths and expectations, not the input, so the ZodError is a safe cause.
    const detail = describeSchemaMismatch(route, decoded.error.issues[0]);
    throw new ProviderBadResponseError(MESH, detail, { cause: decoded.error, upstreamStatus });
  }
  return decoded.data;
}

/**
 * Reads МЭШ's answer to a write (an absence notice sent or withdrawn): a non-2xx status becomes the same
 * gateway error a read would get, and so does an HTML page with a 2xx status (a proxy's or login page,
 * not МЭШ accepting the write). What МЭШ sends back on success is not known, so any other body is
 * accepted and not read.
 */
export function acceptMeshAnswer(route: MeshRoute, response: UpstreamResponse): void {
  if (response.status < 200 || response.status > 299) throw meshStatusError(route, response);
  if (looksLikeHtml(response.body, response.headers['content-type'])) {
    const cause = new MeshUpstreamAnswer(route, response, 'an HTML page');
    throw new ProviderBadResponseError(MESH, `${route}: an HTML page instead of an answer from МЭШ`, { cause, upstreamStatus: response.status });
  }
}
