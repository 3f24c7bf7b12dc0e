/**
 * The family page as the gateway serves it (src/server/family-page.ts and its routes in http-server.ts),
 * on a fake build in a temporary folder: `/` and `/assets/*` with their caching, security headers and gzip,
 * HEAD, the bilingual 503 page when nothing was built, 404 for what is not in the build (a path that climbs
 * out of it included), 405 for a POST, and the 8 MiB guard against serving a wrong folder.
 *
 * The HTTP edge runs with only what these routes read: any other part of the gateway a request reached
 * would throw, naming it. Requests go through `node:http`, which sends a path exactly as written (no
 * `..` resolved, no `Accept-Encoding` added, nothing unzipped).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../../src/graphql/context.js';
import { createLogger } from '../../../src/logging/logger.js';
import {
  defaultFamilyPageDir,
  FAMILY_PAGE_SECURITY_HEADERS,
  loadFamilyPage,
  type FamilyPageAssets,
} from '../../../src/server/family-page.js';
import { createRequestListener, type HttpEdgeOptions } from '../../../src/server/http-server.js';
import { listeningServer } from '../../support/http-server.js';
import { captureLogs } from '../../support/logs.js';
import { tempDir } from '../../support/temp-dir.js';

const INDEX = `<!doctype html><html lang="ru"><head><title>Дневник семьи</title>
<script type="module" crossorigin src="/assets/index-abc123.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-def456.css"></head><body><div id="app"></div></body></html>`;
/** Large enough to be gzipped (1 KiB or more), and compressible. */
const SCRIPT = `export const words = ${JSON.stringify('Оценки, уроки и домашние задания. '.repeat(200))};\n`;
const STYLE = 'body { margin: 0 }\n';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(4096, 7)]);
const SECRET = 'the gateway must never serve this file';

/** A fake build (`web/`) beside a file that is not part of it (`secret.txt`); returns the build's folder. */
async function fakeBuild(): Promise<string> {
  const root = await tempDir('family-page-test-');
  const web = join(root, 'web');
  await mkdir(join(web, 'assets', 'fonts'), { recursive: true });
  await writeFile(join(root, 'secret.txt'), SECRET);
  await writeFile(join(web, 'index.html'), INDEX);
  await writeFile(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(web, 'assets', 'index-abc123.js'), SCRIPT);
  await writeFile(join(web, 'assets', 'index-def456.css'), STYLE);
  await writeFile(join(web, 'assets', 'fonts', 'logo-0a1b.png'), PNG);
  return web;
}

/** A part of the options no page route may read: reading anything but `present` throws, naming it. */
function onlyWith<T extends object>(name: string, present: Partial<T>): T {
  return new Proxy(present, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return Reflect.get(target, key) as unknown;
      throw new Error(`a family page route read ${name}.${key}`);
    },
  }) as T;
}

/** The HTTP edge with the page's routes and nothing a page request should need besides. */
function pageEdge(familyPage: FamilyPageAssets | null): HttpEdgeOptions {
  return {
    apollo: onlyWith<HttpEdgeOptions['apollo']>('apollo', {}),
    services: onlyWith<GatewayServices>('services', { logger: createLogger('info', captureLogs().stream) }),
    graphiql: { page: '', files: new Map() },
    familyPage,
    demoToken: null,
  };
}

/** An answer read whole. */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends `method path` to `origin` as written, and reads the whole answer. */
function ask(origin: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Starts the edge on a free port with the page loaded from `directory` (`null`: not built). */
async function servePage(directory: string | null): Promise<string> {
  const page = directory === null ? null : loadFamilyPage(directory);
  return (await listeningServer(createRequestListener(pageEdge(page)))).url;
}

describe('loadFamilyPage', () => {
  it('should say "not built" (null) for a folder without index.html, and for no folder at all', async () => {
    const empty = await tempDir('family-page-empty-');
    expect(loadFamilyPage(empty)).toBeNull();
    expect(loadFamilyPage(join(empty, 'missing'))).toBeNull();
  });

  it('should key every file by its URL path, the page itself at `/`, with its type, and only assets immutable', async () => {
    const page = loadFamilyPage(await fakeBuild())!;
    const summary = [...page.files].map(([path, file]) => [path, file.contentType, file.immutable]);
    expect(summary.sort()).toEqual([
      ['/', 'text/html; charset=utf-8', false],
      ['/assets/fonts/logo-0a1b.png', 'image/png', true],
      ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', true],
      ['/assets/index-def456.css', 'text/css; charset=utf-8', true],
      ['/favicon.svg', 'image/svg+xml', false],
    ]);
    expect(page.files.get('/')!.body.toString('utf8')).toBe(INDEX);
  });

  it('should load a folder of exactly 8 MiB and refuse one byte more, naming the folder', async () => {
    const directory = await tempDir('family-page-large-');
    await writeFile(join(directory, 'index.html'), INDEX);
    const rest = 8 * 1024 * 1024 - Buffer.byteLength(INDEX);
    await writeFile(join(directory, 'big.bin'), Buffer.alloc(rest));
    expect(loadFamilyPage(directory)?.files.size).toBe(2);
    await writeFile(join(directory, 'big.bin'), Buffer.alloc(rest + 1));
    expect(() => loadFamilyPage(directory)).toThrow(`${directory} holds more than 8388608 bytes: not a page build`);
  });

  it('should look for the build in dist/web beside package.json', () => {
    expect(defaultFamilyPageDir()).toBe(fileURLToPath(new URL('../../../dist/web', import.meta.url)));
  });
});

describe('the family page routes', () => {
  let origin: string;
  let build: string;

  beforeAll(async () => {
    build = await fakeBuild();
    origin = await servePage(build);
  });

  /** The headers every page file carries: what it may load, no type sniffing, no referrer elsewhere. */
  const expectSecurityHeaders = (headers: IncomingHttpHeaders) => {
    for (const [name, value] of Object.entries(FAMILY_PAGE_SECURITY_HEADERS)) expect(headers[name]).toBe(value);
    const policy = String(headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ])
      expect(policy).toContain(directive);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(headers['x-content-type-options']).toBe('nosniff');
  };

  it('should serve the page at `/`, revalidated on every visit, with its security headers', async () => {
    const answer = await ask(origin, '/');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(answer.headers);
    expect(answer.body.toString('utf8')).toBe(INDEX);
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', SCRIPT],
    ['/assets/index-def456.css', 'text/css; charset=utf-8', STYLE],
    ['/assets/fonts/logo-0a1b.png', 'image/png', PNG],
  ])('should serve %s as %s, cached for a year as immutable', async (path, type, body) => {
    const answer = await ask(origin, path);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(answer.headers);
    expect(answer.body).toEqual(Buffer.from(body));
  });

  it('should serve a file outside assets/ (the icon) revalidated, since its name has no hash', async () => {
    const answer = await ask(origin, '/favicon.svg');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('image/svg+xml');
    expect(answer.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/', '/assets/index-abc123.js'])(
    'should answer HEAD %s with the headers of GET and no body',
    async (path) => {
      const [get, head] = [await ask(origin, path), await ask(origin, path, 'HEAD')];
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(head.headers['content-length']).toBe(String(get.body.length));
      for (const name of ['content-type', 'cache-control', 'content-security-policy', 'x-content-type-options'])
        expect(head.headers[name]).toBe(get.headers[name]);
    },
  );

  it('should send a script gzipped to a browser that takes gzip: the same bytes, varying on Accept-Encoding', async () => {
    const zipped = await ask(origin, '/assets/index-abc123.js', 'GET', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.headers['content-length']).toBe(String(zipped.body.length));
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(SCRIPT);
    expect(zipped.body.length * 4).toBeLessThan(Buffer.byteLength(SCRIPT));
    const head = await ask(origin, '/assets/index-abc123.js', 'HEAD', { 'accept-encoding': 'gzip' });
    expect(head.headers['content-length']).toBe(String(zipped.body.length));
  });

  it('should send small files and images as they are, even to a browser that takes gzip', async () => {
    for (const path of ['/assets/index-def456.css', '/assets/fonts/logo-0a1b.png']) {
      const answer = await ask(origin, path, 'GET', { 'accept-encoding': 'gzip' });
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
  });

  it.each(['/assets/x.js', '/assets/index-abc123.js.map', '/index.html', '/assets/', '/assets'])(
    'should answer %s, which is not in the build, with 404',
    async (path) => {
      const answer = await ask(origin, path);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/assets/..\\..\\secret.txt',
    '/%2e%2e%2fsecret.txt',
    `/${'../'.repeat(12)}etc/passwd`,
  ])('should answer %s, a path climbing out of the build, with 404 and nothing of the file', async (path) => {
    const answer = await ask(origin, path);
    expect(answer.status).toBe(404);
    expect(answer.body.toString('utf8')).not.toContain(SECRET);
  });

  it('should serve only what was built when it started: a file added later is not read from disk', async () => {
    await writeFile(join(build, 'assets', 'late-0c0d.js'), 'export {};');
    expect((await ask(origin, '/assets/late-0c0d.js')).status).toBe(404);
  });

  it.each(['POST', 'PUT', 'DELETE'])('should refuse %s / with 405, allowing GET and HEAD', async (method) => {
    for (const path of ['/', '/assets/index-abc123.js']) {
      const answer = await ask(origin, path, method);
      expect(answer.status, path).toBe(405);
      expect(answer.headers.allow, path).toBe('GET, HEAD');
    }
  });
});

describe('the family page routes when the page was not built', () => {
  let origin: string;

  beforeAll(async () => {
    origin = await servePage(null);
  });

  it('should answer `/` with 503 and a page saying how to build it, in both languages, never cached', async () => {
    const answer = await ask(origin, '/');
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    const page = answer.body.toString('utf8');
    expect(page).toContain('Страница семьи не собрана');
    expect(page).toContain('The family page has not been built');
    expect(page.match(/npm run build:web/g)).toHaveLength(2);
    expect(page).toContain('href="/graphiql"');
  });

  it('should answer an asset with 404, and HEAD `/` with 503 too', async () => {
    expect((await ask(origin, '/assets/index-abc123.js')).status).toBe(404);
    expect((await ask(origin, '/', 'HEAD')).status).toBe(503);
  });
});
