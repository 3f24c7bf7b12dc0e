import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Node loads the CJS build for Apollo and
    // graphql-tools, while Vite would pick the ESM build for our sources: two copies of graphql, and
    // `instanceof GraphQLError` or schema checks fail across them. Pin the tests to Node's choice.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Lets go of what a test file started and did not let go of itself (test/support/teardown.ts).
    setupFiles: ['test/support/setup.ts'],
    // Integration tests start real HTTP servers on ephemeral loopback ports; keep them independent.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
