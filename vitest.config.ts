import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node loads the CJS build for Apollo and
    // graphql-tools, while Vite would pick the ESM build for our sources: two copies of graphql, and
    // `instanceof GraphQLError` or schema checks fail across them. Pin the tests to Node's choice.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Two projects sharing everything below: the gateway's tests, and the family page's browser tests
    // (test/e2e), which alone need the page built (once per run, by their `globalSetup`) and Chromium.
    projects: [
      {
        extends: true,
        test: { name: 'gateway', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/e2e/**'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/web-build.global.ts'],
          // A sign-in through the demo issuer, a page that loads every diary and an axe run take seconds each,
          // and more while the rest of the suite runs beside them.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
    // Lets go of what a test file started and did not let go of itself (test/support/teardown.ts).
    setupFiles: ['test/support/setup.ts'],
    // Every core: on the 2-core CI machine Vitest 4's default ran one file at a time (the suite took 14 minutes
    // instead of 9.5, measured in one session); the tests start their own servers on free ports, so two files
    // side by side share nothing.
    maxWorkers: '100%',
    // Integration tests start real HTTP servers on ephemeral loopback ports; keep them independent.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
