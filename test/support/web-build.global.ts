/**
 * Builds the family page once per test run, for the browser tests (a `globalSetup` of the `browser`
 * project in vitest.config.ts, so a run without browser tests never pays for it). Vite's own `build()`
 * with the page's real config (web/vite.config.ts: the same plugins, the bundle budget included), only
 * written to a temporary folder: dist/web, which a developer's gateway may be serving, is left alone.
 * The folder reaches the tests as `inject('familyPageDir')` and is removed when the run ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the family page was built into for this run (its `index.html` and `assets/`). */
    familyPageDir: string;
  }
}

/** Builds the page and provides its folder; the returned function removes it. */
export default async function buildFamilyPage(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(join(tmpdir(), 'diary-gateway-family-page-'));
  // The page exactly as `npm run build:web` makes it: vitest sets NODE_ENV=test, and Vite builds for
  // development (unminified names, Preact's checks) under any NODE_ENV but production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  project.provide('familyPageDir', outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
