/**
 * Vite build of the family page (web/): Preact with TypeScript, bundled into dist/web, which the gateway
 * serves at `/` (src/server/family-page.ts). No dev server is needed to use it: `npm start` builds it.
 * The typed client is compiled in from its sources (client/src), so the page and the client package are
 * always the same version, and every operation the page sends is in the client's persisted manifest.
 * After each build, the sizes of its JavaScript are printed against the budget (web/bundle-budget.ts), and
 * a build over it fails.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { budgetReport, measureBuild, overBudget } from './bundle-budget.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Prints one line per JavaScript file (raw and gzip) and the totals against the budget, measured on the
 * files as written (what the gateway will serve), and fails the build when over. Printed with
 * `console.log` because the config keeps Vite's own output at `warn`; `logLevel: 'silent'` quiets it too.
 */
function bundleBudget(): Plugin {
  let silent = false;
  return {
    name: 'family-page-bundle-budget',
    apply: 'build',
    configResolved(config) {
      silent = config.logLevel === 'silent';
    },
    writeBundle(options) {
      if (!options.dir) return;
      const measure = measureBuild(options.dir);
      if (!silent) console.log(['family page JavaScript:', ...budgetReport(measure)].join('\n'));
      const problems = overBudget(measure);
      if (problems.length > 0)
        this.error(`The family page is over its bundle budget (web/bundle-budget.ts): ${problems.join('; ')}.`);
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  // Preact's automatic JSX runtime (the tsconfig says the same for the type checker).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [bundleBudget()],
  resolve: {
    alias: [{ find: /^@diary-gateway\/client$/, replacement: here('../client/src/index.ts') }],
  },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // The gateway serves the files itself, with a strict Content-Security-Policy: no inline module preload.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    sourcemap: false,
  },
  logLevel: 'warn',
});
