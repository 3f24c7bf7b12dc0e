/**
 * The family page's bundle budget: how much gzipped JavaScript a family's phone may download before the
 * page can paint, and in all (lazy chunks included, such as the progress chart's uPlot). The Vite build
 * (web/vite.config.ts) prints the sizes after each build and fails when over; the browser tests check the
 * build they run against the same numbers (test/e2e/family-page-bundle.test.ts).
 *
 * "First paint" is what `index.html` loads (its module scripts and module preloads) and everything those
 * import statically; a chunk reached only through `import()` is lazy. Sizes are gzip at level 9, as the
 * gateway serves the page (src/server/compression.ts compresses each file once, at start-up).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

/** Gzipped bytes the page may ship. */
export interface BundleBudget {
  /** JavaScript loaded before the first paint: the entry and its static imports. */
  readonly firstPaintGzipBytes: number;
  /** Every JavaScript file of the build, lazy chunks included. */
  readonly allGzipBytes: number;
}

/**
 * The budget, set from measurements: the shell alone (Preact, the typed client, sign-in) was 16.3 KiB at
 * first paint; the first full page (every child's card, averages and calculator, the settings) is about
 * 39.5 KiB; uPlot alone is about 22 KiB and lazy. The change feed's, Web Push's and calendar feeds'
 * operations (their documents and manifest texts live in the client's one generated module, so they load
 * with the first paint) took it to 42.8 KiB; their code is lazy (the live updates' `graphql-ws` client, the
 * device settings). Mail's operations (issue 17) would have taken it over 45 KiB with the settings still in the
 * first paint: the settings became a chunk of their own, like the mail view and the cards' remarks and
 * signatures, and the first paint fell to about 37.3 KiB (all JavaScript about 101 KiB). A new view that would
 * cross 45 KiB should be lazy too.
 */
export const BUNDLE_BUDGET: BundleBudget = Object.freeze({
  firstPaintGzipBytes: 45 * 1024,
  allGzipBytes: 110 * 1024,
});

/** One JavaScript file of a build. */
export interface MeasuredFile {
  /** Path inside the build folder, with `/` separators (`assets/index-abc.js`). */
  readonly path: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** Loaded before the first paint (see the module comment); `false` for a lazy chunk. */
  readonly firstPaint: boolean;
}

/** The JavaScript of a build, measured. */
export interface BundleMeasure {
  /** Every `.js` file, first-paint files first, then by path. */
  readonly files: readonly MeasuredFile[];
  readonly firstPaintGzipBytes: number;
  readonly allGzipBytes: number;
}

/**
 * Measures the JavaScript of the page built into `directory` (a Vite `outDir`).
 * @throws Error when `directory` holds no `index.html` (not a page build).
 */
export function measureBuild(directory: string): BundleMeasure {
  const indexPath = join(directory, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`${directory} holds no index.html: not a page build`);
  const firstPaint = firstPaintFiles(directory, readFileSync(indexPath, 'utf8'));
  const files = javaScriptUnder(directory)
    .map((path): MeasuredFile => {
      const body = readFileSync(path);
      return {
        path: relative(directory, path).split(sep).join('/'),
        rawBytes: body.length,
        gzipBytes: gzipSync(body, { level: constants.Z_BEST_COMPRESSION }).length,
        firstPaint: firstPaint.has(path),
      };
    })
    .sort((a, b) => Number(b.firstPaint) - Number(a.firstPaint) || a.path.localeCompare(b.path));
  const sum = (list: readonly MeasuredFile[]) => list.reduce((total, file) => total + file.gzipBytes, 0);
  return {
    files,
    firstPaintGzipBytes: sum(files.filter((file) => file.firstPaint)),
    allGzipBytes: sum(files),
  };
}

/** What is over `budget`, one sentence each; empty when the build is within it. */
export function overBudget(measure: BundleMeasure, budget: BundleBudget = BUNDLE_BUDGET): string[] {
  const problems: string[] = [];
  if (measure.firstPaintGzipBytes > budget.firstPaintGzipBytes)
    problems.push(
      `first-paint JavaScript is ${kib(measure.firstPaintGzipBytes)} gzip, over its budget of ${kib(budget.firstPaintGzipBytes)}`,
    );
  if (measure.allGzipBytes > budget.allGzipBytes)
    problems.push(
      `all JavaScript is ${kib(measure.allGzipBytes)} gzip, over its budget of ${kib(budget.allGzipBytes)}`,
    );
  return problems;
}

/** The build's report: one line per JavaScript file (raw and gzip size), then the totals against `budget`. */
export function budgetReport(measure: BundleMeasure, budget: BundleBudget = BUNDLE_BUDGET): string[] {
  const width = Math.max(0, ...measure.files.map((file) => file.path.length));
  const lines = measure.files.map(
    (file) =>
      `  ${file.path.padEnd(width)}  ${kib(file.rawBytes).padStart(10)} raw  ${kib(file.gzipBytes).padStart(10)} gzip` +
      `  ${file.firstPaint ? 'first paint' : 'lazy'}`,
  );
  lines.push(
    `  first paint ${kib(measure.firstPaintGzipBytes)} of ${kib(budget.firstPaintGzipBytes)} gzip; ` +
      `all JavaScript ${kib(measure.allGzipBytes)} of ${kib(budget.allGzipBytes)} gzip`,
  );
  return lines;
}

/** `bytes` in KiB with one decimal (`16.1 KiB`). */
export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function javaScriptUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return javaScriptUnder(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

/** Absolute paths of the JavaScript loaded before the first paint: what the page names, and their static imports. */
function firstPaintFiles(directory: string, html: string): Set<string> {
  const found = new Set<string>();
  const pending = htmlScripts(html).map((url) => join(directory, url));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (found.has(path) || !existsSync(path)) continue;
    found.add(path);
    for (const specifier of staticImports(readFileSync(path, 'utf8'))) pending.push(join(dirname(path), specifier));
  }
  return found;
}

/** The same-origin JavaScript `index.html` loads: module scripts and module preloads (`/assets/x.js`). */
function htmlScripts(html: string): string[] {
  const urls: string[] = [];
  // Tags first, then their attributes: two simple scans rather than one pattern that backtracks on a long tag.
  for (const [tag = ''] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attributes = new Map(
      [...tag.matchAll(/([a-z-]+)\s*=\s*"([^"]*)"/gi)].map(([, name = '', value = '']) => [name.toLowerCase(), value]),
    );
    const isScript = /^<script/i.test(tag);
    const url = isScript ? attributes.get('src') : attributes.get('href');
    const loadsScript = isScript || attributes.get('rel')?.toLowerCase() === 'modulepreload';
    if (loadsScript && url?.startsWith('/') && !url.startsWith('//')) urls.push(url.slice(1));
  }
  return urls;
}

/**
 * Relative specifiers a chunk imports statically (`import{a}from"./x.js"`, `import"./x.js"`,
 * `export*from"./x.js"`); a dynamic `import("./x.js")` has a parenthesis and is not matched: it is lazy.
 */
function staticImports(source: string): string[] {
  return [...source.matchAll(/\b(?:from|import)\s*["'](\.{1,2}\/[^"'\s]+\.js)["']/g)].map(
    ([, specifier = '']) => specifier,
  );
}
