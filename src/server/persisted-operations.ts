/**
 * Persisted operations (`PERSISTED_OPERATIONS`, docs/persisted-operations.md). The manifest of registered
 * operations is read at start (`persisted-manifest.ts`). Then, per request, before Apollo:
 *
 * - `documentId` (the GraphQL-over-HTTP persisted documents form the typed client sends) becomes Apollo's
 *   `extensions.persistedQuery.sha256Hash`, so both shapes mean the same in every mode;
 * - `off`: nothing else; Apollo's automatic persisted queries (APQ) work as usual;
 * - `allow`: a registered operation runs by hash alone, never registered by anyone first; APQ still works;
 * - `only`: a request runs only when its text hashes to a registered operation or it names one by hash;
 *   anything else (ad-hoc text, unknown hash, APQ registration) is refused before it is even parsed, with
 *   HTTP 400 and `PERSISTED_QUERY_NOT_ALLOWED`.
 */
import type { HTTPGraphQLRequest } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RedisConnection } from '../redis/connect.js';
import type { Language } from '../errors/language.js';
import type { Logger } from '../logging/logger.js';
import { loadPersistedManifest, sha256Hex } from './persisted-manifest.js';
import {
  APQ_TTL_SECONDS,
  createMemoryQueryStore,
  createPersistedQueryStore,
  createRedisQueryStore,
} from './persisted-query-store.js';

/** Which operations the gateway runs (`PERSISTED_OPERATIONS`). */
export type PersistedOperationsMode = 'off' | 'allow' | 'only';

/** The stable code of a refused unregistered operation under `only`. */
export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';

/** The longest `documentId` looked at (`sha256:` and 64 hex digits fit with room to spare). */
const MAX_DOCUMENT_ID_CHARS = 200;

/** What a request becomes: the request Apollo runs, or the answer given instead. */
export type Admission =
  | { readonly kind: 'run'; readonly request: HTTPGraphQLRequest }
  | {
      readonly kind: 'refuse';
      readonly status: number;
      readonly code: string;
      /** In both languages: the caller answers in the request's (`Accept-Language`). */
      readonly message: Readonly<Record<Language, string>>;
    };

type Refusal = Extract<Admission, { kind: 'refuse' }>;

/** The persisted-operations part of the Apollo Server (`createApolloServer`'s `persistedOperations`). */
export interface PersistedOperations {
  readonly mode: PersistedOperationsMode;
  /** Apollo's `persistedQueries` option. */
  readonly persistedQueries: { readonly cache: KeyValueCache<string>; readonly ttl: number };
  /** Decides what to do with one request, before Apollo sees it. */
  admit(request: HTTPGraphQLRequest): Admission;
}

/**
 * Reads the manifest (unless `off`) and builds the APQ store: in process, or in Redis when `redis` is given.
 * @throws PersistedManifestError when the manifest is missing, too large, or an entry is not its hash's text.
 */
export function createPersistedOperations(
  setting: { mode: PersistedOperationsMode; manifestFile: string },
  shared: { redis: RedisConnection | null; keyPrefix: string; logger: Logger },
): PersistedOperations {
  const { mode } = setting;
  const manifest = mode === 'off' ? null : loadPersistedManifest(setting.manifestFile);
  const automatic =
    mode === 'only'
      ? null
      : shared.redis
        ? createRedisQueryStore({ redis: shared.redis, keyPrefix: shared.keyPrefix, logger: shared.logger })
        : createMemoryQueryStore();
  return {
    mode,
    persistedQueries: { cache: createPersistedQueryStore({ manifest, automatic }), ttl: APQ_TTL_SECONDS },
    admit: (request) => admit(request, mode, manifest),
  };
}

function admit(
  request: HTTPGraphQLRequest,
  mode: PersistedOperationsMode,
  manifest: ReadonlyMap<string, string> | null,
): Admission {
  const operation = readOperation(request);
  const named = nameByHash(request, operation);
  if (named.kind === 'refuse') return named;
  const { hash } = named;
  const text = typeof operation.query === 'string' && operation.query !== '' ? operation.query : null;
  const textHash = text !== null && (hash !== undefined || mode === 'only') ? sha256Hex(text) : null;
  // Apollo would refuse this too, but without a code of its own (it reached clients as INTERNAL_SERVER_ERROR).
  if (text !== null && hash !== undefined && hash !== textHash)
    return badRequest({
      ru: '`extensions.persistedQuery.sha256Hash` не совпадает с SHA-256 текста `query`.',
      en: '`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query`.',
    });
  if (mode !== 'only') return { kind: 'run', request: named.request };
  const registered =
    textHash !== null
      ? manifest?.has(textHash)
      : operation.query === undefined && typeof hash === 'string' && manifest?.has(hash);
  if (registered) return { kind: 'run', request: named.request };
  return {
    kind: 'refuse',
    status: 400,
    code: PERSISTED_QUERY_NOT_ALLOWED,
    message: {
      ru:
        'Этот шлюз выполняет только зарегистрированные операции (PERSISTED_OPERATIONS=only): отправьте ' +
        'идентификатор зарегистрированной операции (`documentId` или `extensions.persistedQuery.sha256Hash`) ' +
        'или её точный текст.',
      en:
        'This gateway runs registered operations only (PERSISTED_OPERATIONS=only): send a registered ' +
        "operation's id (`documentId` or `extensions.persistedQuery.sha256Hash`) or its exact text.",
    },
  };
}

/**
 * The hash a request names (`documentId`, else its APQ hash), and the request with a `documentId` turned
 * into the APQ shape Apollo reads.
 */
function nameByHash(
  request: HTTPGraphQLRequest,
  operation: ReturnType<typeof readOperation>,
): { kind: 'named'; request: HTTPGraphQLRequest; hash: unknown } | Refusal {
  const { documentId } = operation;
  if (documentId === undefined) return { kind: 'named', request, hash: operation.hash };
  if (typeof documentId !== 'string' || documentId === '' || documentId.length > MAX_DOCUMENT_ID_CHARS)
    return badRequest({
      ru: '`documentId` должен быть строкой вида "sha256:<64 шестнадцатеричные цифры>".',
      en: '`documentId` must be a string such as "sha256:<64 hex digits>".',
    });
  if (operation.query !== undefined || operation.hash !== undefined)
    return badRequest({
      ru: 'Отправьте `documentId` без `query` и `extensions.persistedQuery`.',
      en: 'Send `documentId` alone, without `query` or `extensions.persistedQuery`.',
    });
  const hash = documentId.startsWith('sha256:') ? documentId.slice('sha256:'.length) : documentId;
  return { kind: 'named', request: withPersistedHash(request, hash), hash };
}

/** What a request names: its text, its `documentId`, its APQ hash (each as sent, `undefined` when absent). */
function readOperation(request: HTTPGraphQLRequest): { query?: unknown; documentId?: unknown; hash?: unknown } {
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    const extensions = search.get('extensions');
    return {
      query: search.get('query') ?? undefined,
      documentId: search.get('documentId') ?? undefined,
      hash: extensions === null ? undefined : persistedHashOf(parseJson(extensions)),
    };
  }
  if (!isRecord(request.body)) return {};
  const { query, documentId, extensions } = request.body;
  return { query, documentId, hash: persistedHashOf(extensions) };
}

/** The request with `documentId` replaced by `extensions.persistedQuery` (version 1, `hash`). */
function withPersistedHash(request: HTTPGraphQLRequest, hash: string): HTTPGraphQLRequest {
  const persistedQuery = { version: 1, sha256Hash: hash };
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    search.delete('documentId');
    const extensions = parseJson(search.get('extensions') ?? '{}');
    search.set('extensions', JSON.stringify({ ...(isRecord(extensions) ? extensions : {}), persistedQuery }));
    return { ...request, search: search.toString() };
  }
  const { documentId: _documentId, ...body } = request.body as Record<string, unknown>;
  return {
    ...request,
    body: { ...body, extensions: { ...(isRecord(body.extensions) ? body.extensions : {}), persistedQuery } },
  };
}

function persistedHashOf(extensions: unknown): unknown {
  if (!isRecord(extensions) || !isRecord(extensions.persistedQuery)) return undefined;
  return extensions.persistedQuery.sha256Hash;
}

function badRequest(message: Refusal['message']): Refusal {
  return { kind: 'refuse', status: 400, code: 'BAD_REQUEST', message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
