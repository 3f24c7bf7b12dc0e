import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkFailureToGatewayError } from '../../../src/upstream/provider-errors.js';
import { createUndiciTransport, UpstreamNetworkError } from '../../../src/upstream/transport.js';

// A real loopback server with one route per behaviour; the timeouts below are tiny, so nothing waits long.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-trace': 'abc' });
      res.end(JSON.stringify({ method: req.method, header: req.headers['x-probe'] }));
    } else if (req.url === '/hang-headers') {
      // never answers: the headers timeout must fire
    } else if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    } else if (req.url === '/big') {
      res.end('x'.repeat(4096));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(promise: Promise<unknown>): Promise<UpstreamNetworkError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamNetworkError);
  return error as UpstreamNetworkError;
}

describe('createUndiciTransport', () => {
  const transport = createUndiciTransport({ headersTimeoutMs: 100, bodyTimeoutMs: 100, connectTimeoutMs: 500, maxResponseBytes: 1024 });

  it('should send the request and read status, lower-case headers and body', async () => {
    const response = await transport({ method: 'GET', url: new URL(`${base}/ok`), headers: { 'X-Probe': 'yes' } });
    expect(response.status).toBe(200);
    expect(response.headers['x-trace']).toBe('abc');
    expect(JSON.parse(response.body)).toEqual({ method: 'GET', header: 'yes' });
  });

  it.each([
    ['/hang-headers', 'headers-timeout'],
    ['/stall-body', 'body-timeout'],
    ['/big', 'too-large'],
  ])('should turn %s into a %s failure', async (path, failure) => {
    const error = await failureOf(transport({ method: 'GET', url: new URL(`${base}${path}`), headers: {} }));
    expect(error.failure).toBe(failure);
  });

  it('should report a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(transport({ method: 'GET', url: new URL(`http://127.0.0.1:${port}/`), headers: {} }));
    expect(error.failure).toBe('connection');
  });

  it('should stop when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = transport({ method: 'GET', url: new URL(`${base}/hang-headers`), headers: {}, signal: controller.signal });
    controller.abort();
    expect((await failureOf(pending)).failure).toBe('aborted');
  });
});

describe('networkFailureToGatewayError', () => {
  it.each([
    ['headers-timeout', 'PROVIDER_TIMEOUT'],
    ['connect-timeout', 'PROVIDER_TIMEOUT'],
    ['body-timeout', 'PROVIDER_TIMEOUT'],
    ['aborted', 'PROVIDER_TIMEOUT'],
    ['connection', 'PROVIDER_UNAVAILABLE'],
    ['too-large', 'PROVIDER_BAD_RESPONSE'],
  ] as const)('should map %s to %s and keep the cause', (failure, code) => {
    const cause = new UpstreamNetworkError(failure, 'detail');
    const error = networkFailureToGatewayError('MESH', cause);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
    expect(error.toExtensions()).toMatchObject({ code, provider: 'MESH' });
  });
});
