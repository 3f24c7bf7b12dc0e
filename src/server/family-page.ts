/**
 * The family page (web/, built by Vite into dist/web) served by the gateway itself, with no CDN: `/` is
 * the page, `/assets/*` its hashed files (cached for a year: a new build has new names). The files are
 * read once at start-up. When the page has not been built (the gateway started from sources, as the tests
 * do), `/` says so in both languages and points at GraphiQL, rather than a bare 404.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { acceptsGzip, gzipOnce, MIN_COMPRESSED_BYTES } from './compression.js';

/** One file of the page. */
export interface FamilyPageFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Hashed build output under `assets/`: safe to cache for good. */
  readonly immutable: boolean;
  /** The same bytes gzipped once at start-up, for text files (`null` for images and small files). */
  readonly gzipped: Buffer | null;
}

/** The built page: its files by URL path (`/` is the page itself). */
export interface FamilyPageAssets {
  readonly files: ReadonlyMap<string, FamilyPageFile>;
}

/**
 * What the page may load: only its own files and its own API (`connect-src 'self'`), no inline script, no
 * framing. Attachments' links leave the page as ordinary navigation, which this does not restrict.
 */
export const FAMILY_PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Largest build the gateway keeps in memory: far above the page's budget, a guard against a wrong folder. */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

/**
 * The folder Vite builds the page into: `dist/web` beside the gateway's package.json, whether the gateway
 * runs from dist/ (`npm start`) or from sources (tests).
 */
export function defaultFamilyPageDir(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'web', 'index.html')))
      return join(directory, 'dist', 'web');
    const parent = dirname(directory);
    if (parent === directory) return join(process.cwd(), 'dist', 'web');
    directory = parent;
  }
}

/**
 * Reads the built page from `directory`; `null` when it holds no `index.html` (not built).
 * @throws Error when the folder holds more than 8 MiB (not a page build).
 */
export function loadFamilyPage(directory: string): FamilyPageAssets | null {
  const indexPath = join(directory, 'index.html');
  if (!existsSync(indexPath)) return null;
  const files = new Map<string, FamilyPageFile>();
  let total = 0;
  for (const path of filesUnder(directory)) {
    const body = readFileSync(path);
    total += body.length;
    if (total > MAX_TOTAL_BYTES)
      throw new Error(`${directory} holds more than ${MAX_TOTAL_BYTES} bytes: not a page build`);
    const urlPath = `/${relative(directory, path).split(sep).join('/')}`;
    const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const compressible = /^(?:text\/|application\/(?:json|manifest\+json)|image\/svg)/.test(contentType);
    const gzipped = compressible && body.length >= MIN_COMPRESSED_BYTES ? gzipOnce(body) : null;
    const file = { body, contentType, immutable: urlPath.startsWith('/assets/'), gzipped };
    files.set(urlPath === '/index.html' ? '/' : urlPath, file);
  }
  return { files };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Sends a page file: gzipped when the browser takes it and the file has a gzipped copy; no body for `HEAD`.
 */
export function sendFamilyPageFile(
  res: ServerResponse,
  requestHeaders: IncomingHttpHeaders,
  file: FamilyPageFile,
  head: boolean,
): void {
  const gzipped = file.gzipped !== null && acceptsGzip(requestHeaders);
  const body = gzipped ? file.gzipped : file.body;
  res.writeHead(200, {
    ...familyPageHeaders(file),
    ...(file.gzipped !== null ? { vary: 'Accept-Encoding' } : {}),
    ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(body.length),
  });
  res.end(head ? undefined : body);
}

/** The headers a page file is served with (besides its encoding and length). */
function familyPageHeaders(file: FamilyPageFile): Record<string, string> {
  return {
    'content-type': file.contentType,
    // The page itself is revalidated each time, so a new build is seen at once; its assets never change.
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...FAMILY_PAGE_SECURITY_HEADERS,
  };
}

/** `/` when the page was not built: what to do, in both languages. */
export const FAMILY_PAGE_NOT_BUILT = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Страница семьи не собрана</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>Страница семьи не собрана</h1>
<p>Соберите её командой <code>npm run build:web</code> и перезапустите шлюз (<code>npm start</code> делает и то,
и другое). API работает: <a href="/graphiql">GraphiQL</a>.</p>
<p lang="en">The family page has not been built: run <code>npm run build:web</code> and restart the gateway
(<code>npm start</code> does both). The API works: <a href="/graphiql">GraphiQL</a>.</p>
</body></html>`;
