/**
 * The type-aware lint of issue 12 is wired up: the project's eslint.config.js, run through ESLint's API
 * with type information, refuses a promise nobody awaits, dead code, a type-only import not marked `type`,
 * a switch that forgets a case and their kin — in gateway code and in tests — and lets tests read `any`.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * One of each mistake. Linted as if it were an existing file: the project service types only files it
 * finds on disk (their text is replaced by this one for the lint, not written).
 */
const PROBE = String.raw`
import { Readable } from 'node:stream';
import { type Socket } from 'node:net';

async function load(): Promise<number> {
  return 1;
}

export async function probe(stream: Readable, socket: Socket, kind: 'a' | 'b', _trailing: number): Promise<number> {
  load();
  [stream, socket].forEach(async () => {
    await load();
  });
  const dead = await 1;
  if (stream.readable!) throw 'refused';
  switch (kind) {
    case 'a':
      return Promise.reject('refused');
  }
  return JSON.parse('{"y": 1}').y;
}
`;

/** The rules of the type-aware set that the probe breaks, wherever it is. */
const EVERYWHERE = [
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
  '@typescript-eslint/await-thenable',
  '@typescript-eslint/no-unused-vars',
  '@typescript-eslint/consistent-type-imports',
  '@typescript-eslint/no-import-type-side-effects',
  '@typescript-eslint/no-unnecessary-type-assertion',
  '@typescript-eslint/only-throw-error',
  '@typescript-eslint/prefer-promise-reject-errors',
  '@typescript-eslint/switch-exhaustiveness-check',
];

/** Off in test files (raw JSON reaches them as `any`), on in gateway code and in test/support. */
const GATEWAY_ONLY = ['@typescript-eslint/no-unsafe-member-access', '@typescript-eslint/no-unsafe-return'];

const eslint = new ESLint({ cwd: process.cwd() });

/** Rule id → how many times it fired on the probe linted as `filePath`. */
async function findingsAt(filePath: string): Promise<Map<string, number>> {
  const [result] = await eslint.lintText(PROBE, { filePath });
  const counts = new Map<string, number>();
  for (const message of result?.messages ?? []) {
    const rule = message.ruleId ?? `fatal: ${message.message}`;
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return counts;
}

describe('eslint.config.js, type-aware rules', () => {
  let gateway: Map<string, number>;
  let tests: Map<string, number>;
  let support: Map<string, number>;

  beforeAll(async () => {
    // The first lint builds the TypeScript program of the whole project: seconds, not milliseconds.
    gateway = await findingsAt('src/main.ts');
    tests = await findingsAt('test/unit/lint/type-aware-rules.test.ts');
    support = await findingsAt('test/support/gateway.ts');
  }, 180_000);

  it.each(EVERYWHERE)('should report %s in gateway code and in tests', (rule) => {
    expect(gateway.get(rule)).toBeGreaterThan(0);
    expect(tests.get(rule)).toBeGreaterThan(0);
  });

  it('should report an unused trailing parameter even when it starts with `_`, and the unused local', () => {
    expect(gateway.get('@typescript-eslint/no-unused-vars')).toBe(2);
  });

  it.each(GATEWAY_ONLY)('should report %s in gateway code only', (rule) => {
    expect(gateway.get(rule)).toBeGreaterThan(0);
    expect(tests.has(rule)).toBe(false);
  });

  it.each(GATEWAY_ONLY)('should report %s in test/support, which keeps `any` out of the helpers', (rule) => {
    expect(support.get(rule)).toBeGreaterThan(0);
  });

  it('should parse the probe with type information (no fatal errors)', () => {
    const fatal = [...gateway.keys(), ...tests.keys()].filter((rule) => rule.startsWith('fatal'));
    expect(fatal).toEqual([]);
  });
});
