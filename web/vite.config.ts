/**
 * Vite build of the family page (web/): Preact with TypeScript, bundled into dist/web, which the gateway
 * serves at `/` (src/server/family-page.ts). No dev server is needed to use it: `npm start` builds it.
 * The typed client is compiled in from its sources (client/src), so the page and the client package are
 * always the same version, and every operation the page sends is in the client's persisted manifest.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // Preact's automatic JSX runtime (the tsconfig says the same for the type checker).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
