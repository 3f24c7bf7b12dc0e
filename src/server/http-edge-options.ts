/** The options of the gateway's HTTP edge (`http-server.ts`): its services, limits and optional parts. */
import type { ApolloServer } from '@apollo/server';
import type { AnswerCache } from '../answers/answer-cache.js';
import type { AdmissionGate } from './admission.js';
import type { AuthEdge } from '../auth/oidc/gateway-auth.js';
import type { FeedBodies } from '../feeds/feed-bodies.js';
import type { GatewayContext, GatewayServices } from '../graphql/context.js';
import type { LinkingContextParts } from '../linking/linking-edge.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { AccessLogSettings } from './access-log.js';
import type { FamilyPageAssets } from './family-page.js';
import type { GraphiqlAssets } from './graphiql.js';
import type { ReadinessCheck } from './readiness.js';
import type { SessionRateLimit } from './session-rate-limit.js';

/** What the HTTP edge needs. */
export interface HttpEdgeOptions {
  apollo: ApolloServer<GatewayContext>;
  services: GatewayServices;
  graphiql: GraphiqlAssets;
  /** The family page's built files (`/`, `/assets/*`); `null` when it was not built. @default null */
  familyPage?: FamilyPageAssets | null;
  /** The demo parent's bearer token; `null` outside demo mode, where `/demo/token` does not exist. */
  demoToken: string | null;
  /** In demo mode, the simulators' credentials for the link mutations (`GET /demo/accounts`); else `null`. */
  demoLinkingCredentials?: (() => unknown) | null;
  /**
   * Complete answers of signed-in queries, served again while what they were built from is unchanged
   * (`ANSWER_CACHE`, src/answers). Absent or `null`: every request runs.
   */
  answers?: AnswerCache | null;
  /**
   * The admission gate of GraphQL executions (`MAX_EXECUTIONS_IN_FLIGHT`, `MAX_EXECUTIONS_QUEUED`,
   * src/server/admission.ts); kept answers do not pass through it. Absent or `null`: every request runs at once.
   */
  admission?: AdmissionGate | null;
  /** Largest request body accepted (`MAX_BODY_BYTES`). @default 1 MiB */
  maxBodyBytes?: number;
  /** The registry `/metrics` serves; the edge also counts the errors it answers itself. Absent: no `/metrics`. */
  metrics?: GatewayMetrics;
  /** Checks behind `/readyz`, read on every probe (so checks added after start count). @default [] */
  readinessChecks?: readonly ReadinessCheck[];
  /** Longest a readiness check may take before it counts as failed. @default 2000 */
  readinessTimeoutMs?: number;
  /** `false` once the gateway is shutting down, which makes `/readyz` answer 503. @default () => true */
  isAcceptingTraffic?: () => boolean;
  /** Per-session allowance of GraphQL requests (`SESSION_RATE_LIMIT_PER_MINUTE`). Absent: unlimited. */
  sessionRateLimit?: SessionRateLimit;
  /**
   * Per-address allowance of `/graphql`, `/auth/*`, `/link*` and `/calendar/*` requests, taken before authenticating
   * (`ADDRESS_RATE_LIMIT_PER_MINUTE`). Absent: unlimited.
   */
  addressRateLimit?: SessionRateLimit;
  /**
   * Per-address allowance of `/auth/login`, `/auth/callback` and the link flows' start, callback, form and
   * post (`SIGN_IN_RATE_LIMIT_PER_MINUTE`). Absent: unlimited.
   */
  signInRateLimit?: SessionRateLimit;
  /**
   * Per-token allowance of calendar feed fetches (`CALENDAR_FEED_RATE_LIMIT_PER_MINUTE`), taken after the
   * address's and before the feed is looked up. Absent: unlimited.
   */
  calendarFeedRateLimit?: SessionRateLimit;
  /** Calendar feeds rendered lately, kept by content (`src/feeds/feed-bodies.ts`). Absent: each fetch renders. */
  calendarFeedBodies?: FeedBodies;
  /** Reverse proxies whose `X-Forwarded-For` entries are trusted (`TRUSTED_PROXY_HOPS`). @default 0 */
  trustedProxyHops?: number;
  /**
   * The gateway's origin as browsers see it (`PUBLIC_URL`'s), for the cross-site check; `null` compares
   * `Origin` with the request's `Host`. @default () => null
   */
  publicOrigin?: () => string | null;
  /**
   * Web apps' origins allowed to call the API paths from a browser, with credentials (`CORS_ORIGINS`,
   * `cors.ts`); a state-changing request from one of them to an API path passes the cross-site check.
   * @default [] (no CORS)
   */
  corsOrigins?: readonly string[];
  /** Browser sign-in and issuer access tokens. Absent: only gateway session tokens authenticate. */
  auth?: AuthEdge;
  /**
   * Linking diaries from the browser (`/link`, `src/linking`); its start, callback and form post take the
   * sign-in allowance (`signInRateLimit`). Absent: every `/link` path answers 404.
   */
  linking?: LinkingContextParts;
  /**
   * The access-log line per request (`ACCESS_LOG`) and how operation names become metric labels
   * (`access-log.ts`). Absent: no access lines; the request histograms still count when `metrics` is given.
   */
  accessLog?: AccessLogSettings;
}
