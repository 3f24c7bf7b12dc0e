/**
 * The names of the gateway's own span attributes (OpenTelemetry traces, see `src/observability/tracing.ts`),
 * kept in one place because several rooms make spans: the loaders (a span per cached read), the cache (its
 * outcome on that span), the resilience wrappers (a span per diary call) and the HTTP edge. They live in
 * `domain` because it is the one room every other may import; they are names only, with no behaviour.
 *
 * Values are bounded and never personal: providers, tenants, resources and outcomes come from closed sets
 * or configuration, routes are templates, and nothing holds a child, an account, a token or a date of birth.
 * Standard HTTP and GraphQL attributes use the OpenTelemetry semantic conventions' own names instead.
 */

/** The diary platform: `MESH`, `DNEVNIK` or `ELJUR`. */
export const ATTR_PROVIDER = 'diary_gateway.provider';
/** The diary installation (tenant id, e.g. `mesh-moscow`), when the call is made for one. */
export const ATTR_TENANT = 'diary_gateway.tenant';
/** What a cached read loads: `grades`, `schedule`, `profile`… (`CachedResource`). */
export const ATTR_RESOURCE = 'diary_gateway.resource';
/** The calendar range of a ranged read (`2026-11-01..2026-11-30`): dates only, never a person's. */
export const ATTR_RANGE = 'diary_gateway.range';
/** What the upstream cache did: `hit`, `miss`, `revalidate`, `stale_served`, `renewed` (`CacheOutcome`). */
export const ATTR_CACHE_OUTCOME = 'diary_gateway.cache.outcome';
/**
 * On a `/graphql` request's span: `hit` when the answer cache sent a kept answer, `renewed` when it sent one after
 * renewing its copies, `miss` when the request ran.
 */
export const ATTR_ANSWER_CACHE = 'diary_gateway.answer_cache';
/** Whether the result served is older than its fresh window (a stale copy). */
export const ATTR_CACHE_STALE = 'diary_gateway.cache.stale';
/** HTTP attempts one diary call took (retries included; 0 when the breaker or the rate limit refused it). */
export const ATTR_UPSTREAM_ATTEMPTS = 'diary_gateway.upstream.attempts';
/** How each attempt ended, in order: its HTTP status or network failure (`["503", "200"]`, `["connection"]`). */
export const ATTR_UPSTREAM_ATTEMPT_OUTCOMES = 'diary_gateway.upstream.attempt_outcomes';
/** The host's circuit breaker when the call began: `closed`, `open` or `half-open`. */
export const ATTR_BREAKER_STATE = 'diary_gateway.breaker.state';
/** The host's circuit breaker when the call ended, only when it changed during the call. */
export const ATTR_BREAKER_STATE_AFTER = 'diary_gateway.breaker.state_after';
/** The request's id (`X-Request-Id`), to go from a trace to the log lines and back. */
export const ATTR_REQUEST_ID = 'diary_gateway.request_id';
/** How many errors a GraphQL answer carried (partial results included). */
export const ATTR_GRAPHQL_ERROR_COUNT = 'diary_gateway.graphql.error_count';
/** The distinct `extensions.code`s of those errors, sorted. */
export const ATTR_GRAPHQL_ERROR_CODES = 'diary_gateway.graphql.error_codes';

// Incubating semantic conventions, copied rather than imported from `@opentelemetry/semantic-conventions/
// incubating` as that package advises (its incubating names may change between minor versions).

/** `url.template`: the low-cardinality template of a URL's path (`/v2/persons/{person}/edu-groups`). */
export const ATTR_URL_TEMPLATE = 'url.template';
/** `graphql.operation.name`: the operation's name as the document gives it. */
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** `graphql.operation.type`: `query`, `mutation` or `subscription`. */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
