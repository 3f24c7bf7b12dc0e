/**
 * gzip at the HTTP edge (src/server/compression.ts): a family's phone gets the dashboard compressed when it
 * says it takes gzip, the same bytes once unzipped, and `Vary` keeps the forms apart for shared caches.
 * Requests go through undici's `request`, which, unlike `fetch`, neither adds `Accept-Encoding` nor unzips.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptsGzip,
  endCompressed,
  endGzipped,
  gzipAnswer,
  MIN_COMPRESSED_BYTES,
} from '../../src/server/compression.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { registerTeardown } from '../support/teardown.js';

const DASHBOARD = `query($from: Date!, $to: Date!) { viewer { students { fullName
  grades(from: $from, to: $to) { date subject { name } value { raw fivePoint } weight workType } } } }`;

describe('acceptsGzip', () => {
  const accepts = (value: string | undefined) => acceptsGzip(value === undefined ? {} : { 'accept-encoding': value });

  it('takes gzip when the client lists it, or anything', () => {
    expect(accepts('gzip')).toBe(true);
    expect(accepts('gzip, deflate, br')).toBe(true);
    expect(accepts('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(accepts('*')).toBe(true);
    expect(accepts('GZIP')).toBe(true);
  });

  it('sends identity when the client does not say, refuses gzip, or prefers no encoding', () => {
    expect(accepts(undefined)).toBe(false);
    expect(accepts('')).toBe(false);
    expect(accepts('identity')).toBe(false);
    expect(accepts('gzip;q=0')).toBe(false);
    expect(accepts('br')).toBe(false);
    expect(accepts('identity;q=1, gzip;q=0.5')).toBe(false);
    expect(accepts('*;q=0')).toBe(false);
  });
});

describe('endCompressed', () => {
  let url: string;

  beforeAll(async () => {
    const server = createServer((req, res) => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
      res.setHeader('vary', 'Origin');
      void endCompressed(res, req.headers, 'ё'.repeat(size / 2));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registerTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  const get = async (size: number, headers: IncomingHttpHeaders) => {
    const answer = await request(`${url}/?size=${size}`, { headers: headers as Record<string, string> });
    return { headers: answer.headers, body: Buffer.from(await answer.body.arrayBuffer()) };
  };

  it('gzips a body of the threshold or more, and keeps the Vary already there', async () => {
    const answer = await get(MIN_COMPRESSED_BYTES, { 'accept-encoding': 'gzip' });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
    expect(gunzipSync(answer.body).toString('utf8')).toBe('ё'.repeat(MIN_COMPRESSED_BYTES / 2));
  });

  it('sends a smaller body as it is, still varying on Accept-Encoding', async () => {
    const answer = await get(MIN_COMPRESSED_BYTES - 2, { 'accept-encoding': 'gzip' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
    expect(answer.body.toString('utf8')).toBe('ё'.repeat(MIN_COMPRESSED_BYTES / 2 - 1));
  });
});

describe('endGzipped (an answer kept in its gzip form alone)', () => {
  const body = JSON.stringify({ data: { name: 'Ёлкина Софья'.repeat(200) } });
  let url: string;

  beforeAll(async () => {
    const gzipped = (await gzipAnswer(body))!;
    const server = createServer((req, res) => {
      res.setHeader('vary', 'Origin');
      void endGzipped(res, req.headers, gzipped);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registerTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  const get = async (headers: Record<string, string>) => {
    const answer = await request(url, { headers });
    return { headers: answer.headers, body: Buffer.from(await answer.body.arrayBuffer()) };
  };

  it('sends the gzip form as it is to a client that takes gzip', async () => {
    const answer = await get({ 'accept-encoding': 'gzip' });
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
    expect(gunzipSync(answer.body).toString('utf8')).toBe(body);
  });

  it('unzips it for a client that takes no gzip: the very bytes Apollo wrote', async () => {
    const answer = await get({});
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toBe('Origin, Accept-Encoding');
    expect(answer.body.toString('utf8')).toBe(body);
  });

  it('leaves a body too short to be worth it uncompressed', async () => {
    expect(await gzipAnswer('{"data":{}}')).toBeNull();
  });
});

describe('GraphQL answers over gzip', () => {
  let target: TestGateway;

  beforeAll(async () => {
    target = await startTestGateway({ DEMO: 'true' });
  });

  const ask = async (acceptEncoding: string | null) => {
    const answer = await request(`${target.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.gateway.demo!.token}`,
        ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }),
      },
      body: JSON.stringify({ query: DASHBOARD, variables: { from: '2026-09-01', to: '2026-11-23' } }),
    });
    return { status: answer.statusCode, headers: answer.headers, body: Buffer.from(await answer.body.arrayBuffer()) };
  };

  it('answers a family dashboard gzipped when asked, the same JSON once unzipped and far fewer bytes', async () => {
    const plain = await ask(null);
    const zipped = await ask('gzip, deflate, br');
    expect(plain.status).toBe(200);
    expect(zipped.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(String(zipped.headers.vary)).toMatch(/Accept-Language.*Accept-Encoding/);
    const unzipped = gunzipSync(zipped.body).toString('utf8');
    expect(JSON.parse(unzipped)).toEqual(JSON.parse(plain.body.toString('utf8')));
    expect(zipped.body.length * 4).toBeLessThan(plain.body.length);
  });

  it('answers uncompressed when gzip is refused', async () => {
    const refused = await ask('gzip;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.body.toString('utf8')).data.viewer.students.length).toBeGreaterThan(0);
  });

  it('sends a kept answer byte for byte alike, plain or gzipped, once only its gzip form is held', async () => {
    const first = await ask(null);
    // The answer cache keeps the gzip form made right after the first send; both forms come from it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const plain = await ask(null);
      const zipped = await ask('gzip');
      expect(plain.body.equals(first.body)).toBe(true);
      expect(gunzipSync(zipped.body).equals(first.body)).toBe(true);
    }
  });
});
