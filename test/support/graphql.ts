/**
 * GraphQL over HTTP as tests speak it: typed answers, and what assertions read from them.
 *
 * An answer's `data` has the type the test gives it, either at the call (`gateway.graphql<Data>(...)`) or
 * once beside the query text (`const STUDENTS = operation<Data>(...)`, after which every request with
 * `STUDENTS` is typed). Nothing checks the type against the query: it states what the test selected, so
 * that reading `data.viewer.students[0].grades` needs no casts and a typo in a field name fails to compile.
 */
import { expect } from 'vitest';

/** One GraphQL error as the gateway sends it. */
export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  /** `code` is the gateway's stable error code (`UNAUTHENTICATED`, `PROVIDER_UNAVAILABLE`, …). */
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL answer: the HTTP status, the parsed body and its text (to search for what must not appear). */
export interface GraphqlResponse<TData = unknown> {
  status: number;
  body: {
    /** Absent when the request was refused before execution; `null` when the root field failed. */
    data?: TData | null;
    errors?: GraphqlError[];
  };
  text: string;
  /**
   * The answer's `X-Request-Id`. Every error's `extensions.requestId` is checked to be this id and then
   * taken out of `body`, so answers to different requests compare equal (`text` keeps it).
   */
  requestId: string | null;
}

declare const DATA: unique symbol;

/** A query text that carries the type of its answer's `data` (a phantom: at run time it is the text). */
export type Operation<TData> = string & { readonly [DATA]?: TData };

/** Marks `text` as a query whose answer's `data` is `TData`: see the module comment. */
export function operation<TData>(text: string): Operation<TData> {
  return text;
}

/** The signed-in person's user id: `dataOf(await gateway.graphql(VIEWER_ID)).viewer.id`. */
export const VIEWER_ID = operation<{ viewer: { id: string } }>('{ viewer { id } }');

/** How {@link postGraphql} sends a request. */
export interface GraphqlRequestOptions {
  variables?: Record<string, unknown>;
  /** Sent beside the content type and `accept` (an `authorization`, a `cookie`). */
  headers?: Record<string, string>;
}

/** Posts one GraphQL request to `${url}/graphql` and reads the whole answer. */
export async function postGraphql<TData = unknown>(
  url: string,
  query: Operation<TData> | string,
  { variables = {}, headers = {} }: GraphqlRequestOptions = {},
): Promise<GraphqlResponse<TData>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const requestId = response.headers.get('x-request-id');
  const body = JSON.parse(text) as GraphqlResponse<TData>['body'];
  return { status: response.status, body: withoutRequestIds(body, requestId), text, requestId };
}

/**
 * `body` with `extensions.requestId` taken out of every error, each checked to be the answer's
 * `X-Request-Id` first: a wrong or missing id fails the test that made the request.
 */
export function withoutRequestIds<TBody extends { errors?: GraphqlError[] }>(
  body: TBody,
  requestId: string | null,
): TBody {
  if (!Array.isArray(body.errors)) return body;
  const errors = body.errors.map((error) => {
    const { requestId: given, ...extensions } = error.extensions ?? {};
    expect(given, `extensions.requestId of ${JSON.stringify(error)}`).toBe(requestId);
    return { ...error, extensions };
  });
  return { ...body, errors };
}

/** The ids of a list in an answer, in its order. */
export function idsOf(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}

/** The code of an answer's first error, or `null` when it has none. */
export function codeOf(answer: GraphqlResponse): string | null {
  return answer.body.errors?.[0]?.extensions?.code ?? null;
}

/**
 * An answer's data, which must be there, with status 200 (GraphQL over HTTP: an answer with data is a
 * 2xx); errors beside it are allowed (a partial answer).
 */
export function dataOf<TData>(answer: GraphqlResponse<TData>): TData {
  const { data } = answer.body;
  expect(answer.status, answer.text).toBe(200);
  expect(data, answer.text).toBeTruthy();
  return data!;
}

/** An answer's data, for an answer that must have no errors at all. */
export function noErrors<TData>(answer: GraphqlResponse<TData>): TData {
  expect(answer.body.errors, answer.text).toBeUndefined();
  return dataOf(answer);
}
