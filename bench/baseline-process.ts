/**
 * Child process (core 1, alone, like the gateway): the baselines of benchmarking.md §8.2.
 *
 * - **B0**: bare `node:http` answering every request with the gateway's golden response bytes. The
 *   ceiling: wire + framing on this box, no GraphQL.
 * - **B1h**: Apollo Server 5 with the gateway's own schema (`schema/*.graphql`) behind the same
 *   `node:http` edge and `executeHTTPGraphQLRequest` call the gateway uses, its resolvers answering from
 *   memory with the already-normalised data of one gateway answer. Same query, same response bytes;
 *   what it lacks is exactly the gateway's own work (sessions, loaders, cache, adapters, resolvers).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { readTypeDefs } from '../src/graphql/schema.js';
import { childOptions, serveParent } from './processes.js';

/** What the parent passes. */
export interface BaselineOptions {
  kind: 'B0' | 'B1h';
  /** File holding the golden response body. */
  goldenFile: string;
  /** `content-type` the gateway answered with (B0 repeats it). */
  contentType: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function bareListener(golden: Buffer, contentType: string): RequestListener {
  return (request, response) => {
    request.resume();
    request.once('end', () => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': String(golden.length) });
      response.end(golden);
    });
  };
}

/**
 * Resolvers over one captured answer: `Query.student(id)` returns that student's captured subtree and
 * every other field is read by graphql-js's default resolver from the captured objects, so the answer
 * is the captured one, produced by the full Apollo pipeline (parse cache, validation, execution, JSON).
 */
function capturedResolvers(data: Record<string, unknown>) {
  const students = new Map<string, unknown>();
  for (const value of Object.values(data)) {
    const id = (value as { id?: unknown } | null)?.id;
    if (typeof id === 'string') students.set(id, value);
  }
  return {
    Query: {
      student: (_parent: unknown, args: { id: string }) => students.get(args.id) ?? null,
      viewer: () => data.viewer ?? null,
    },
  };
}

async function apolloListener(golden: string): Promise<RequestListener> {
  const { data } = JSON.parse(golden) as { data: Record<string, unknown> };
  const apollo = new ApolloServer({
    typeDefs: readTypeDefs(),
    resolvers: capturedResolvers(data),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  return (request, response) => {
    void (async () => {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const raw = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://baseline.local');
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: request.method ?? 'POST',
          headers,
          search: url.search,
          body: raw ? JSON.parse(raw) : undefined,
        },
        context: async () => ({}),
      });
      response.statusCode = result.status ?? 200;
      for (const [name, value] of result.headers) response.setHeader(name, value);
      if (result.body.kind === 'complete') response.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    })().catch(() => {
      response.statusCode = 500;
      response.end();
    });
  };
}

async function main(): Promise<void> {
  const options = childOptions<BaselineOptions>();
  const golden = readFileSync(options.goldenFile);
  const listener =
    options.kind === 'B0' ? bareListener(golden, options.contentType) : await apolloListener(golden.toString('utf8'));
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent(
    async () => null,
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
