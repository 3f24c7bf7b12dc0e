// ESLint 9 flat config: `npm run lint` (and so `npm test`) checks every regular expression.
//
// Why: one regular expression that backtracks super-linearly on untrusted text froze the whole gateway
// (issue 10, finding 2: 120,000 spaces in an invitee's name held the event loop for 15 s). The
// eslint-plugin-regexp rules below fail the build on a pattern that can backtrack or rescan
// super-linearly, and name the attack string.
// Layout is Prettier's job (`npm run format`, checked by `npm run format:check`); `prettierOff`, last,
// turns off any ESLint rule that would argue with it.
import { defineConfig } from 'eslint/config';
import prettierOff from 'eslint-config-prettier/flat';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';
import { layering } from './eslint.layering.js';

/** Super-linear matching: a crafted input can make one `test`/`replace` take seconds (ReDoS). */
const LINEAR_ONLY = {
  'regexp/no-super-linear-backtracking': 'error',
  'regexp/no-super-linear-move': 'error',
};

/**
 * Type-aware TypeScript rules (issue 12, "Tooling that keeps it so"), on top of typescript-eslint's
 * `recommendedTypeChecked`: every promise is awaited or let go on purpose, nothing unused is left behind,
 * type-only imports say so. Type information comes from tsconfig.json, which includes all four folders.
 */
const TYPE_AWARE = {
  // Named though the recommended set has them: these are what the type information is for.
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/no-unnecessary-type-assertion': 'error',
  '@typescript-eslint/prefer-promise-reject-errors': 'error',
  '@typescript-eslint/only-throw-error': 'error',
  // Dead code. Here rather than tsc's noUnusedLocals/noUnusedParameters: one place, with `after-used` (a
  // parameter before a used one is demanded by the signature, so it is not reported, and `_` marks it for
  // the reader), no blanket `_` escape for trailing parameters or variables, and rest siblings allowed
  // (`const { omitted: _omitted, ...rest } = x` is how a key is dropped).
  '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'all', ignoreRestSiblings: true }],
  // verbatimModuleSyntax emits every import not marked `type`: a type-only import must say so, or the JS
  // would load a module for nothing. `import { type A }` would still load it, hence the second rule.
  '@typescript-eslint/consistent-type-imports': [
    'error',
    { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
  ],
  '@typescript-eslint/no-import-type-side-effects': 'error',
  // A switch over a union without `default` must name every member, so a new member is not silently
  // skipped; a `default` is an explicit decision about the rest (e.g. "no fault injected").
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  // Off: an `async` method with no `await` is how in-memory stores, caches and Apollo plugins implement
  // Promise-returning interfaces; `async` turns their throws into rejections, so dropping it would change behaviour.
  '@typescript-eslint/require-await': 'off',
};

/**
 * Test files: the promise, unused-code and import rules above stay; these are off. Raw JSON reaches tests
 * as `any` (`res.json()`, `JSON.parse` of simulator answers and fixtures), and walking it is what an
 * assertion does: the `no-unsafe-*` rules would want a cast on each such line. GraphQL answers are typed
 * (`graphql<TData>`, `operation<TData>` in test/support/graphql.ts), so test/support/**, the helpers every
 * suite leans on, is held to the full set: `any` is kept out of it.
 */
const TYPE_AWARE_TEST_RELIEF = {
  '@typescript-eslint/no-explicit-any': 'off',
  '@typescript-eslint/no-unsafe-argument': 'off',
  '@typescript-eslint/no-unsafe-assignment': 'off',
  '@typescript-eslint/no-unsafe-call': 'off',
  '@typescript-eslint/no-unsafe-member-access': 'off',
  '@typescript-eslint/no-unsafe-return': 'off',
};

export default defineConfig([
  // client/src/generated is GraphQL Code Generator's output (checked by `npm run codegen:check`, like *.generated.ts).
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'bench/results/**',
      '**/*.generated.ts',
      'client/dist/**',
      'client/src/generated/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Code that runs in the gateway and its bench: the plugin's recommended set, plus the two rules above.
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'bench/**/*.ts'],
    extends: [regexp.configs['flat/recommended']],
    rules: {
      ...LINEAR_ONLY,
      // Off: alphabets are written out as their specs give them (`[A-Za-z0-9_-]` is base64url, as in
      // RFC 4648 §5); `\w` with the `i` flag means the same to the engine but hides which alphabet it is.
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
    },
  },
  {
    // Tests: only what can hang a run. Their patterns check answers, and restyling them would churn
    // every suite without changing what any test proves.
    files: ['test/**/*.ts'],
    plugins: { regexp },
    rules: LINEAR_ONLY,
  },
  // --- Type-aware TypeScript rules (issue 12): see TYPE_AWARE above. ---
  {
    // client/src: the typed client package, type-checked with its own tsconfig (client/tsconfig.json).
    // web/: the family page (Preact, TSX), type-checked with web/tsconfig.json.
    files: [
      'src/**/*.ts',
      'adapters/**/*.ts',
      'bench/**/*.ts',
      'test/**/*.ts',
      'client/src/**/*.ts',
      'web/**/*.ts',
      'web/**/*.tsx',
    ],
    extends: [tseslint.configs.recommendedTypeChecked],
    // The project service gives each file the tsconfig an editor would (bench/ is built with its own).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: TYPE_AWARE,
  },
  { files: ['test/**/*.ts'], ignores: ['test/support/**'], rules: TYPE_AWARE_TEST_RELIEF },
  // --- end of the type-aware rules ---
  // --- Layering (issue 12): the import rules of docs/architecture.md, "Direction of imports"; the zones
  // and why this plugin are in eslint.layering.js. ---
  ...layering,
  // --- end of the layering rules ---
  prettierOff,
]);
