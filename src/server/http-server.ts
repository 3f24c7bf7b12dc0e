/**
 * The gateway's HTTP edge on `node:http`: health, the demo token, the offline IDE, and GraphQL through
 * Apollo's framework-neutral `executeHTTPGraphQLRequest` (no web framework needed for five routes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createContext, type GatewayContext, type GatewayServices } from '../graphql/context.js';
import type { GraphiqlAssets } from './graphiql.js';

/** What the HTTP edge needs. */
export interface HttpEdgeOptions {
  apollo: ApolloServer<GatewayContext>;
  services: GatewayServices;
  graphiql: GraphiqlAssets;
  /** The demo parent's bearer token; `null` outside demo mode, where `/demo/token` does not exist. */
  demoToken: string | null;
  /** Largest request body accepted. @default 1 MiB */
  maxBodyBytes?: number;
}

class RequestTooLargeError extends Error {}

/** Creates the `node:http` request listener. */
export function createRequestListener(options: HttpEdgeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return (req, res) => {
    route(req, res, options, maxBodyBytes).catch((error: unknown) => {
      options.services.logger.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, options: HttpEdgeOptions, maxBodyBytes: number): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const method = req.method ?? 'GET';
  const path = url.pathname;

  if (path === '/graphql') return handleGraphql(req, res, url, options, maxBodyBytes);
  if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: `${method} is not allowed on ${path}` }, { allow: 'GET, HEAD' });
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/demo/token' && options.demoToken) return sendJson(res, 200, { token: options.demoToken }, { 'cache-control': 'no-store' });
  if (path === '/') return send(res, 302, '', { location: '/graphiql' });
  if (path === '/graphiql') return send(res, 200, options.graphiql.page, { 'content-type': 'text/html; charset=utf-8' });
  const asset = options.graphiql.files.get(path);
  if (asset) return send(res, 200, asset.body, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
  return sendJson(res, 404, { error: `nothing at ${path}` });
}

async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpEdgeOptions,
  maxBodyBytes: number,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown;
  try {
    body = parseBody(await readBody(req, maxBodyBytes), headers.get('content-type'));
  } catch (error) {
    if (error instanceof RequestTooLargeError) return sendGraphqlError(res, 413, `The request body is larger than ${maxBodyBytes} bytes.`);
    return sendGraphqlError(res, 400, 'The request body is not valid JSON.');
  }

  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => createContext(options.services, headers.get('authorization')),
  });
  res.statusCode = result.status ?? 200;
  for (const [name, value] of result.headers) res.setHeader(name, value);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return JSON.parse(raw);
  // Apollo answers other media types with its own 400 (and its CSRF prevention relies on seeing them).
  return raw;
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RequestTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendGraphqlError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end(body);
}
