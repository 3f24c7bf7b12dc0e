import { beforeAll, describe, expect, it } from 'vitest';
import { networkFailureToGatewayError } from '../../../src/upstream/provider-errors.js';
import {
  createFetchTransport,
  createUndiciTransport,
  UpstreamNetworkError,
  type HttpTransport,
} from '../../../src/upstream/transport.js';
import { listeningServer } from '../../support/http-server.js';
import { closedPortUrl } from '../../support/rejection.js';

// A real loopback server with one route per behaviour; the timeouts below are tiny, so nothing waits long.
let base: string;
/** Requests the server received: a refused request must never reach it. */
let received = 0;
beforeAll(async () => {
  ({ url: base } = await listeningServer((req, res) => {
    received += 1;
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
  }));
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
  const transport = createUndiciTransport({
    headersTimeoutMs: 100,
    bodyTimeoutMs: 100,
    connectTimeoutMs: 500,
    maxResponseBytes: 1024,
  });

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
    const error = await failureOf(transport({ method: 'GET', url: new URL(`${await closedPortUrl()}/`), headers: {} }));
    expect(error.failure).toBe('connection');
  });

  it('should stop when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = transport({
      method: 'GET',
      url: new URL(`${base}/hang-headers`),
      headers: {},
      signal: controller.signal,
    });
    controller.abort();
    expect((await failureOf(pending)).failure).toBe('aborted');
  });
});

/** Header values the HTTP client must refuse, as the attack sent them (a МЭШ token with CR/LF). */
const INJECTED = ['abc\r\ndef', 'token\r\nX-Injected: 1', 'nul\u0000byte', 'кириллица'];

describe.each<[string, () => HttpTransport]>([
  ['createUndiciTransport', () => createUndiciTransport({ headersTimeoutMs: 1000 })],
  ['createFetchTransport', () => createFetchTransport({ timeoutMs: 1000 })],
])('%s: a request it cannot send', (_name, create) => {
  const transport = create();

  it.each(INJECTED)(
    'should refuse the header value %j as invalid-request, without sending or quoting it',
    async (value) => {
      const before = received;
      const error = await failureOf(
        transport({ method: 'GET', url: new URL(`${base}/ok`), headers: { 'Auth-Token': value } }),
      );
      expect(error.failure).toBe('invalid-request');
      expect(error.message).toBe('the Auth-Token header holds characters HTTP cannot carry');
      expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(value);
      expect(received).toBe(before);
    },
  );

  it('should refuse a URL that is not HTTP as invalid-request', async () => {
    const error = await failureOf(transport({ method: 'GET', url: new URL('file:///etc/passwd'), headers: {} }));
    expect(error.failure).toBe('invalid-request');
  });
});

describe('what the transports’ own checks do not foresee', () => {
  it('should read an undici refusal (here of an Expect header) as invalid-request, not a connection failure', async () => {
    const before = received;
    const error = await failureOf(
      createUndiciTransport()({ method: 'GET', url: new URL(`${base}/ok`), headers: { Expect: '100-continue' } }),
    );
    expect(error.failure).toBe('invalid-request');
    expect(received).toBe(before);
  });

  it('should read a fetch TypeError without a cause as invalid-request and drop its message, which quotes the value', async () => {
    const fetch = async () => {
      throw new TypeError('Headers.append: "secret-token" is an invalid header value.');
    };
    const error = await failureOf(
      createFetchTransport({ fetch })({ method: 'GET', url: new URL(`${base}/ok`), headers: {} }),
    );
    expect(error.failure).toBe('invalid-request');
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain('secret-token');
  });

  it('should still read fetch’s "fetch failed" (a TypeError with the socket error as cause) as a connection failure', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    };
    const error = await failureOf(
      createFetchTransport({ fetch })({ method: 'GET', url: new URL(`${base}/ok`), headers: {} }),
    );
    expect(error.failure).toBe('connection');
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

  it('should map invalid-request to INTERNAL_SERVER_ERROR: the gateway’s bug, never "the diary is not answering"', () => {
    const cause = new UpstreamNetworkError(
      'invalid-request',
      'the Auth-Token header holds characters HTTP cannot carry',
    );
    const error = networkFailureToGatewayError('DNEVNIK', cause);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe(
      "The gateway built a request to Dnevnik.ru that cannot be sent. This is the gateway's fault, not the diary's, and it has been logged.",
    );
  });
});
