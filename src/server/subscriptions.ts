/**
 * GraphQL subscriptions over WebSocket at `/graphql`: the `graphql-transport-ws` protocol of `graphql-ws`
 * (the library Apollo's and urql's clients speak), on `ws`, sharing the HTTP server's port.
 *
 * Why these libraries: `graphql-ws` is the reference implementation of the protocol, maintained by the
 * GraphQL foundation's members, with every close code of the protocol; `ws` is what it runs on in Node and
 * the most used WebSocket server there. Apollo Server 5 has no WebSocket transport of its own.
 *
 * The edge's rules hold here as on HTTP:
 * - the upgrade takes one request from the address's allowance (else HTTP 429, no socket);
 * - a socket is authenticated once, at `connection_init`: a bearer in `connectionParams.authorization`
 *   (a gateway session token or the issuer's access token), else the `dg_session` cookie of the upgrade,
 *   but the cookie only from the gateway's own pages or a listed web app (`CORS_ORIGINS`): a page of any
 *   other site could open a socket with the browser's cookie (cross-site WebSocket hijacking), never with
 *   a token. No valid credential: closed with 4403;
 * - each subscription takes one request from the session's allowance, and a socket holds at most
 *   {@link MAX_SUBSCRIPTIONS_PER_SOCKET}; queries and mutations belong to HTTP (its rate limits, admission
 *   gate, kept answers and persisted operations), so only subscriptions run here;
 * - documents pass the same depth, cost and alias limits; errors pass the same masking;
 * - messages are at most {@link MAX_MESSAGE_BYTES}.
 */
import type { IncomingMessage, Server } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { Duplex } from 'node:stream';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authenticateRequest, type RequestIdentity } from '../auth/sessions.js';
import { negotiateLanguage, type Language } from '../errors/language.js';
import { createContext } from '../graphql/context.js';
import { createFormatError } from '../graphql/format-error.js';
import { createQueryLimitRules, type QueryLimits } from '../graphql/limits/index.js';
import { clientAddress } from './client-address.js';
import type { HttpEdgeOptions } from './http-edge-options.js';
import { refusalOf } from './http-replies.js';
import type { PersistedOperations } from './persisted-operations.js';
import { isCrossSiteRequest } from './same-origin.js';
import { sessionRateKey } from './session-rate-limit.js';

/** The most subscriptions one socket runs at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 16;
/** The largest message a client may send (a subscribe message holds a document and its variables). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** The longest `connectionParams.authorization` read. */
const MAX_AUTHORIZATION_LENGTH = 4096;

/** What {@link attachSubscriptions} needs beside the edge's options. */
export interface SubscriptionEdgeOptions {
  edge: HttpEdgeOptions;
  schema: GraphQLSchema;
  limits: QueryLimits;
  /** `PERSISTED_OPERATIONS`: under `only`, a subscription runs only when its text is a registered operation's. */
  persistedOperations?: PersistedOperations;
}

/** The socket's authenticated identity and language, kept in graphql-ws's `extra`. */
type SocketState = {
  identity?: RequestIdentity;
  language?: Language;
};

/** Subscriptions on a server. */
export interface SubscriptionEdge {
  /** Closes every socket (code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/** Serves subscriptions on `server`'s `/graphql` upgrades; other upgrade paths are refused. */
export function attachSubscriptions(server: Server, options: SubscriptionEdgeOptions): SubscriptionEdge {
  const { edge } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const rules = [...specifiedRules, ...createQueryLimitRules(options.limits)];
  const formatError = createFormatError(edge.services.logger);
  const cookieAllowed = new WeakMap<IncomingMessage, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(req, socket, head).catch((error: unknown) => {
      edge.services.logger.warn({ err: { name: (error as Error).name } }, 'a WebSocket upgrade failed');
      refuse(socket, 503, 'Service Unavailable');
    });
  };
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://gateway.local').pathname !== '/graphql')
      return refuse(socket, 404, 'Not Found');
    if (edge.isAcceptingTraffic && !edge.isAcceptingTraffic()) return refuse(socket, 503, 'Service Unavailable');
    const address = clientAddress(req, edge.trustedProxyHops ?? 0);
    if (await refusalOf(edge.addressRateLimit, `address:${address}`)) return refuse(socket, 429, 'Too Many Requests');
    cookieAllowed.set(req, !isCrossSite(req, edge));
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const disposable = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      schema: options.schema,
      // Whatever NODE_ENV says: a failure closes the socket with 4500 "Internal server error", never with
      // its own message (a Redis address, a key) as graphql-ws does outside production.
      isProd: true,
      onConnect: failingQuietly(edge, 'connection_init', async (ctx) => {
        const { request } = ctx.extra;
        const authorization = ctx.connectionParams?.authorization;
        if (
          authorization !== undefined &&
          (typeof authorization !== 'string' || authorization.length > MAX_AUTHORIZATION_LENGTH)
        )
          return false;
        const cookie = cookieAllowed.get(request) ? request.headers.cookie : undefined;
        const identity = await authenticateRequest(
          edge.services.store,
          { authorization, cookie },
          edge.services.now().getTime(),
          accessTokensOf(edge),
        );
        if (!identity.userId) return false;
        ctx.extra.identity = identity;
        ctx.extra.language = negotiateLanguage(request.headers['accept-language']);
        return true;
      }),
      onSubscribe: failingQuietly(edge, 'subscribe', async (ctx, _id, payload) => {
        if (Object.keys(ctx.subscriptions).length >= MAX_SUBSCRIPTIONS_PER_SOCKET)
          return [
            refusal(`A socket runs at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions at once.`, 'RATE_LIMITED'),
          ];
        const identity = ctx.extra.identity!;
        if (await refusalOf(edge.sessionRateLimit, sessionRateKey(identity.userId, undefined)))
          return [refusal('Too many requests for this session; try again in a minute.', 'RATE_LIMITED')];
        const unregistered = refusedAsUnregistered(options.persistedOperations, payload, ctx.extra.language ?? 'en');
        if (unregistered) return [unregistered];
        let document;
        try {
          document = parse(payload.query, { maxTokens: 10_000 });
        } catch (error) {
          return [
            error instanceof GraphQLError
              ? error
              : refusal('The document could not be parsed.', 'GRAPHQL_PARSE_FAILED'),
          ];
        }
        const errors = validate(options.schema, document, rules);
        if (errors.length > 0) return errors;
        const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        if (operations.some((operation) => operation.operation !== OperationTypeNode.SUBSCRIPTION))
          return [
            refusal(
              'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.',
              'BAD_REQUEST',
            ),
          ];
        const args: ExecutionArgs = {
          schema: options.schema,
          document,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
          contextValue: await createContext(edge.services, undefined, identity, ctx.extra.language ?? 'en'),
        };
        return args;
      }),
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => formatError(error.toJSON(), error));
      },
    },
    sockets,
  );

  let closed: Promise<void> | null = null;
  return {
    close(): Promise<void> {
      server.off('upgrade', onUpgrade);
      // Closes every socket with 1001 (going away) and the WebSocket server itself, once: a gateway may be
      // closed twice (a test's teardown after its own close), and the server can be closed only once.
      closed ??= Promise.resolve(disposable.dispose());
      return closed;
    },
  };
}

/**
 * `hook`, except that a failure is logged by the gateway's logger (its kind only: a store's message may name
 * keys or addresses) and reaches graphql-ws as a bare "Internal server error", which closes the socket with
 * 4500 — and which graphql-ws prints on the console, so it must say nothing either.
 */
function failingQuietly<A extends unknown[], R>(
  edge: HttpEdgeOptions,
  step: string,
  hook: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await hook(...args);
    } catch (error) {
      edge.services.logger.warn({ err: { name: (error as Error).name }, step }, 'a subscription step failed');
      throw new Error('Internal server error');
    }
  };
}

/** Whether the upgrade came from a page the session cookie may not be used for. */
function isCrossSite(req: IncomingMessage, edge: HttpEdgeOptions): boolean {
  const origin = req.headers.origin;
  if (origin && (edge.corsOrigins ?? []).includes(origin)) return false;
  return isCrossSiteRequest(req.headers, edge.publicOrigin?.() ?? null);
}

/** The issuer's access-token check, when an issuer is configured. */
function accessTokensOf(edge: HttpEdgeOptions) {
  const signIn = edge.auth?.signIn();
  return signIn ? (token: string) => signIn.authenticateAccessToken(token, { admit: async () => true }) : null;
}

/**
 * The refusal of a document that is not registered when only registered operations run; `null` otherwise.
 * Decided by the HTTP edge's own rule (`persisted-operations.ts`), given the message as a request body.
 */
function refusedAsUnregistered(
  persisted: PersistedOperations | undefined,
  payload: { query: string; operationName?: string | null; extensions?: Record<string, unknown> | null },
  language: Language,
): GraphQLError | null {
  if (!persisted || persisted.mode !== 'only') return null;
  const body = { query: payload.query, operationName: payload.operationName, extensions: payload.extensions };
  const admission = persisted.admit({ method: 'POST', headers: new HeaderMap(), search: '', body });
  return admission.kind === 'refuse' ? refusal(admission.message[language], admission.code) : null;
}

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Answers an upgrade with a plain HTTP refusal and closes the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
