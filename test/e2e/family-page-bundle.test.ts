/**
 * The family page's bundle budget (web/bundle-budget.ts): the build this run's browser tests use is within
 * it, and uPlot (the progress chart) stays out of what loads before the first paint; and the measuring
 * itself, on small fake builds: which files count as first paint, and what is reported over the budget.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  budgetReport,
  BUNDLE_BUDGET,
  kib,
  measureBuild,
  overBudget,
  type BundleMeasure,
} from '../../web/bundle-budget.js';
import { familyPageDir } from '../support/family-browser.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * What only uPlot's code holds: its root class as a string of its own (the page names its lazy chunk
 * `uplot-chart-…`, which is not this), and two of its element classes.
 */
const UPLOT_SIGNATURES = [/[`"']uplot[`"']/, /\bu-legend\b/, /\bu-cursor-x\b/];

const holdsUplot = (source: string) => UPLOT_SIGNATURES.some((signature) => signature.test(source));

describe("this run's build of the family page", () => {
  let directory: string;
  let measure: BundleMeasure;

  beforeAll(() => {
    directory = familyPageDir();
    measure = measureBuild(directory);
  });

  it('should be within the bundle budget', () => {
    expect(overBudget(measure), budgetReport(measure).join('\n')).toEqual([]);
    expect(measure.firstPaintGzipBytes).toBeGreaterThan(0);
  });

  it('should load uPlot lazily: in a chunk of its own, never in what the first paint loads', async () => {
    const sources = await Promise.all(
      measure.files.map(async (file) => ({ ...file, source: await readFile(join(directory, file.path), 'utf8') })),
    );
    const firstPaint = sources.filter((file) => file.firstPaint);
    expect(firstPaint.length).toBeGreaterThan(0);
    for (const file of firstPaint) expect(holdsUplot(file.source), file.path).toBe(false);
    expect(sources.filter((file) => !file.firstPaint && holdsUplot(file.source)).map((file) => file.path)).toHaveLength(
      1,
    );
  });
});

/** Writes `files` (path → text) into a new folder; returns it. */
async function fakeBuild(files: Record<string, string>): Promise<string> {
  const directory = await tempDir('bundle-budget-');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(directory, path, '..'), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  return directory;
}

const INDEX = `<!doctype html><html><head>
<script type="module" crossorigin src="/assets/index-a1.js"></script>
<link rel="modulepreload" crossorigin href="/assets/preloaded-b2.js">
<link rel="stylesheet" crossorigin href="/assets/index-c3.css">
<link rel="icon" href="/favicon.svg">
<script src="https://elsewhere.example/x.js"></script>
</head><body></body></html>`;

describe('measureBuild', () => {
  it('should count as first paint what index.html loads and what that imports statically, and nothing lazy', async () => {
    const directory = await fakeBuild({
      'index.html': INDEX,
      'assets/index-a1.js': `import{a as e}from"./shared-d4.js";import"./side-e5.js";import(\`./lazy-f6.js\`);`,
      'assets/preloaded-b2.js': 'export const b=1;',
      'assets/shared-d4.js': `export*from"./deeper-g7.js";export const a=1;`,
      'assets/side-e5.js': 'globalThis.side=1;',
      'assets/deeper-g7.js': 'export const g=1;',
      'assets/lazy-f6.js': `import{a}from"./shared-d4.js";export const f=a;`,
      'assets/orphan-h8.js': 'export const h=1;',
      'assets/index-c3.css': 'body{margin:0}',
    });
    const measure = measureBuild(directory);
    expect(measure.files.map((file) => [file.path, file.firstPaint])).toEqual([
      ['assets/deeper-g7.js', true],
      ['assets/index-a1.js', true],
      ['assets/preloaded-b2.js', true],
      ['assets/shared-d4.js', true],
      ['assets/side-e5.js', true],
      ['assets/lazy-f6.js', false],
      ['assets/orphan-h8.js', false],
    ]);
    const sum = (firstPaint: boolean | null) =>
      measure.files
        .filter((file) => firstPaint === null || file.firstPaint === firstPaint)
        .reduce((total, file) => total + file.gzipBytes, 0);
    expect(measure.firstPaintGzipBytes).toBe(sum(true));
    expect(measure.allGzipBytes).toBe(sum(null));
    const index = measure.files.find((file) => file.path === 'assets/index-a1.js')!;
    expect(index.rawBytes).toBe(Buffer.byteLength(await readFile(join(directory, index.path))));
  });

  it('should measure gzip at level 9: a repetitive file shrinks to a fraction', async () => {
    const directory = await fakeBuild({
      'index.html': INDEX,
      'assets/index-a1.js': `export const words=${JSON.stringify('Оценки и уроки. '.repeat(500))};`,
    });
    const [file] = measureBuild(directory).files;
    expect(file!.rawBytes).toBeGreaterThan(10_000);
    expect(file!.gzipBytes).toBeLessThan(file!.rawBytes / 20);
  });

  it('should refuse a folder without index.html', async () => {
    const directory = await fakeBuild({ 'assets/index-a1.js': 'export {};' });
    expect(() => measureBuild(directory)).toThrow(`${directory} holds no index.html: not a page build`);
  });
});

describe('overBudget and budgetReport', () => {
  const measure = (firstPaint: number, all: number): BundleMeasure => ({
    files: [
      { path: 'assets/index-a1.js', rawBytes: firstPaint * 3, gzipBytes: firstPaint, firstPaint: true },
      { path: 'assets/chart-b2.js', rawBytes: (all - firstPaint) * 3, gzipBytes: all - firstPaint, firstPaint: false },
    ],
    firstPaintGzipBytes: firstPaint,
    allGzipBytes: all,
  });
  const budget = { firstPaintGzipBytes: 1000, allGzipBytes: 3000 };

  it('should find nothing over when both totals are at most their budget', () => {
    expect(overBudget(measure(1000, 3000), budget)).toEqual([]);
  });

  it('should name each total over its budget, with both sizes', () => {
    expect(overBudget(measure(1001, 3000), budget)).toEqual([
      'first-paint JavaScript is 1.0 KiB gzip, over its budget of 1.0 KiB',
    ]);
    expect(overBudget(measure(2048, 4096), budget)).toEqual([
      'first-paint JavaScript is 2.0 KiB gzip, over its budget of 1.0 KiB',
      'all JavaScript is 4.0 KiB gzip, over its budget of 2.9 KiB',
    ]);
  });

  it('should report a line per file with raw and gzip sizes, then the totals against the budget', () => {
    expect(budgetReport(measure(1024, 3072), budget)).toEqual([
      '  assets/index-a1.js     3.0 KiB raw     1.0 KiB gzip  first paint',
      '  assets/chart-b2.js     6.0 KiB raw     2.0 KiB gzip  lazy',
      '  first paint 1.0 KiB of 1.0 KiB gzip; all JavaScript 3.0 KiB of 2.9 KiB gzip',
    ]);
  });

  it('should hold a budget under what a phone should wait for, with the first paint the smaller part', () => {
    expect(BUNDLE_BUDGET.firstPaintGzipBytes).toBeLessThan(BUNDLE_BUDGET.allGzipBytes);
    expect(kib(BUNDLE_BUDGET.allGzipBytes)).toBe('110.0 KiB');
  });
});
