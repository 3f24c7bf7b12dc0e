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

/** Super-linear matching: a crafted input can make one `test`/`replace` take seconds (ReDoS). */
const LINEAR_ONLY = {
  'regexp/no-super-linear-backtracking': 'error',
  'regexp/no-super-linear-move': 'error',
};

export default defineConfig([
  { ignores: ['dist/**', 'coverage/**', 'bench/results/**', '**/*.generated.ts'] },
  {
    files: ['**/*.ts'],
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
  prettierOff,
]);
