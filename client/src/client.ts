/**
 * `createDiaryClient`: a small typed GraphQL client over `fetch` for diary-gateway. Each request takes a
 * typed document (`TypedDocumentNode`, generated from client/src/operations) and resolves with `data` of
 * exactly the shape the document selects, plus the answer's `errors` (a diary that failed leaves its lists
 * short and says so there). A request that brings no data at all rejects with a `DiaryClientError`.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { operationSource, sha256HexOf, type OperationSource } from './documents.js';
import {
  clientError,
  DiaryClientError,
  isRecord,
  readErrors,
  retryAfterOf,
  type DiaryGraphqlError,
  type DiaryLanguage,
} from './errors.js';

/** How the browser's `fetch` sends cookies (the gateway's `dg_session`). */
export type DiaryCredentials = 'include' | 'same-origin' | 'omit';

/** A bearer token, or where to read the current one before each request. */
export type DiaryToken = string | (() => string | null | undefined | Promise<string | null | undefined>);

/** Options of {@link createDiaryClient}. */
export interface DiaryClientOptions {
  /** The gateway's GraphQL endpoint, for example `https://diary.example.ru/graphql`. */
  url: string;
  /**
   * `Authorization: Bearer …`: a gateway session token (`/auth/callback` with `Accept: application/json`)
   * or an access token of the gateway's sign-in issuer. Leave it out in a browser signed in by the
   * `dg_session` cookie.
   */
  token?: DiaryToken;
  /**
   * `fetch`'s `credentials`: `include` sends the session cookie to a gateway on another origin (the
   * gateway must list the page's origin in `CORS_ORIGINS`). @default "same-origin"
   */
  credentials?: DiaryCredentials;
  /** The language of the client's own messages, and `Accept-Language` (Russian first). @default "ru" */
  language?: DiaryLanguage;
  /**
   * Send registered operations by id (`documentId`, the GraphQL-over-HTTP persisted documents form) and
   * the text only when the gateway asks for it (`PERSISTED_QUERY_NOT_FOUND`, then the text travels with
   * its hash so the gateway keeps it: Apollo's automatic persisted queries). Not required by
   * `PERSISTED_OPERATIONS=only`, which accepts a registered operation's text too. @default false
   */
  persisted?: boolean;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /** The `fetch` to use (server-side rendering, tests). @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Ask again by itself when the gateway refused a request without doing any of it and said when to come
   * back: `SERVER_BUSY`, `RATE_LIMITED` and `SERVICE_UNAVAILABLE` with no data and a wait (`Retry-After`) of at
   * most `longestWaitSeconds`. A mutation is asked again too: a refusal of these kinds did nothing. Up to
   * `attempts` more times (at most 10), each after the wait the gateway named (`longestWaitSeconds` at most 60);
   * then the refusal rejects as always. Absent: every refusal rejects at once, for an app that would rather show it.
   */
  retryRefusals?: { attempts: number; longestWaitSeconds?: number };
}

/** What one request may add. */
export interface DiaryRequestOptions {
  /** Aborts the request; the promise then rejects with the abort's own error. */
  signal?: AbortSignal;
  /** Headers for this request only. */
  headers?: Readonly<Record<string, string>>;
}

/** An answer that holds data: `errors` lists what is missing from it or went wrong beside it. */
export interface DiaryResult<TData> {
  readonly data: TData;
  readonly errors: readonly DiaryGraphqlError[];
}

/** Variables are optional exactly when the operation has no required variable. */
export type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: DiaryRequestOptions]
    : [variables: TVariables, options?: DiaryRequestOptions];

/** A client bound to one gateway. */
export interface DiaryClient {
  /** Runs `document` (a query or a mutation) with its variables. */
  request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables, options]: VariablesArgument<TVariables>
  ): Promise<DiaryResult<TData>>;
}

/**
 * Creates a client for one gateway.
 * @example
 * const client = createDiaryClient({ url: '/graphql', credentials: 'include' });
 * const { data, errors } = await client.request(DashboardDocument, { today, tomorrow, homeworkUntil, gradesSince, attendanceSince });
 */
export function createDiaryClient(options: DiaryClientOptions): DiaryClient {
  // Anything but English (from plain JavaScript too) reads as Russian, the language families read first.
  const language: DiaryLanguage = options.language === 'en' ? 'en' : 'ru';
  const send = retryingSender(options, language);
  return {
    async request<TData, TVariables>(
      document: TypedDocumentNode<TData, TVariables>,
      ...[variables, requestOptions]: VariablesArgument<TVariables>
    ): Promise<DiaryResult<TData>> {
      const source = operationSource(document);
      const payload = {
        variables: variables ?? {},
        ...(source.operationName ? { operationName: source.operationName } : {}),
      };
      if (!(options.persisted && source.documentId))
        return read<TData>(await send({ ...payload, query: source.text }, requestOptions), language);
      const byId = await send({ ...payload, documentId: source.documentId }, requestOptions);
      if (byId.errors[0]?.code !== 'PERSISTED_QUERY_NOT_FOUND' || byId.data !== undefined)
        return read<TData>(byId, language);
      // The gateway does not know the id (not loaded, or `PERSISTED_OPERATIONS=off`): the text, with its
      // hash so the gateway keeps it for next time.
      return read<TData>(await send({ ...payload, ...withText(source) }, requestOptions), language);
    },
  };
}

/** One answer, read: the HTTP status, `data` when the answer had any, and its errors. */
interface Answer {
  status: number;
  data: unknown;
  errors: DiaryGraphqlError[];
  retryAfter: string | null;
}

function withText(source: OperationSource): Record<string, unknown> {
  return {
    query: source.text,
    extensions: { persistedQuery: { version: 1, sha256Hash: sha256HexOf(source.documentId ?? '') } },
  };
}

/** The refusals that guarantee nothing was done and name a wait: worth asking again after it. */
const PASSING_REFUSALS: ReadonlySet<string> = new Set(['SERVER_BUSY', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

/** `longestWaitSeconds`' default: past it, a person would rather be told than kept waiting. */
const LONGEST_AUTOMATIC_WAIT_S = 10;

/** Most `attempts` honoured, whatever an app passes (a typo of 1000 must not keep a page asking for hours). */
const MOST_AUTOMATIC_ATTEMPTS = 10;

/** `value` as a whole number within 0…`most`; `fallback` for anything that is not a finite number (from plain JS). */
function bounded(value: number | undefined, most: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), most) : fallback;
}

/**
 * {@link sender}, asking again after a passing refusal as `options.retryRefusals` allows (see
 * {@link DiaryClientOptions.retryRefusals}).
 */
function retryingSender(options: DiaryClientOptions, language: DiaryLanguage) {
  const send = sender(options, language);
  const retry = options.retryRefusals;
  if (!retry) return send;
  const attempts = Math.floor(bounded(retry.attempts, MOST_AUTOMATIC_ATTEMPTS, 0));
  const longest = bounded(retry.longestWaitSeconds, LONGEST_AUTOMATIC_WAIT_S * 6, LONGEST_AUTOMATIC_WAIT_S);
  return async (body: Record<string, unknown>, requestOptions: DiaryRequestOptions | undefined): Promise<Answer> => {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(body, requestOptions);
      const wait = passingWait(answer);
      if (wait === null || wait > longest || attempt >= attempts) return answer;
      await pause(wait * 1000, requestOptions?.signal);
    }
  };
}

/** The wait a refusal names, in seconds, when it is a passing one; `null` for anything else. */
function passingWait(answer: Answer): number | null {
  const first = answer.errors[0];
  if (answer.data !== undefined || !first || !PASSING_REFUSALS.has(first.code)) return null;
  return retryAfterOf(answer.retryAfter, answer.errors);
}

/** Waits `ms`, or rejects with the abort's own reason when `signal` aborts first (as `fetch` would). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function sender(options: DiaryClientOptions, language: DiaryLanguage) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return async (body: Record<string, unknown>, requestOptions: DiaryRequestOptions | undefined): Promise<Answer> => {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'accept-language': language === 'ru' ? 'ru, en;q=0.8' : 'en, ru;q=0.8',
      ...options.headers,
      ...requestOptions?.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    let response: Response;
    try {
      response = await doFetch(options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: options.credentials ?? 'same-origin',
        ...(requestOptions?.signal ? { signal: requestOptions.signal } : {}),
      });
    } catch (error) {
      // An abort is the caller's own doing: let it through as it is, so `AbortError` checks keep working.
      if (requestOptions?.signal?.aborted) throw error;
      throw clientError('NETWORK_ERROR', language, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(await response.text());
    } catch (error) {
      throw clientError('BAD_RESPONSE', language, { status: response.status, cause: error });
    }
    if (!isRecord(parsed)) throw clientError('BAD_RESPONSE', language, { status: response.status });
    return {
      status: response.status,
      data: parsed.data ?? undefined,
      errors: readErrors(parsed.errors),
      retryAfter: response.headers.get('retry-after'),
    };
  };
}

function read<TData>(answer: Answer, language: DiaryLanguage): DiaryResult<TData> {
  if (isRecord(answer.data)) return { data: answer.data as TData, errors: answer.errors };
  const first = answer.errors[0];
  if (!first) throw clientError('BAD_RESPONSE', language, { status: answer.status });
  throw new DiaryClientError(first.code, first.message, {
    status: answer.status,
    errors: answer.errors,
    retryAfterSeconds: retryAfterOf(answer.retryAfter, answer.errors),
  });
}
