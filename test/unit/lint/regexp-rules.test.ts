/**
 * The lint that keeps regular expressions linear (issue 10, finding 2) is wired up: the project's
 * eslint.config.js, run through ESLint's API, refuses the patterns that froze the gateway and their kin,
 * in gateway code and in tests, and accepts their linear rewrites.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The probes are text, not files on disk, so TypeScript has no program for them: the type-aware rules are
// turned off for them (the regexp rules under test need no types).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

/** The rules that fire on `code`, linted as if it were the file at `filePath`. */
async function rulesOn(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('eslint.config.js', () => {
  it.each([
    [
      'the tidy() pattern of issue 10',
      String.raw`export const tidy = (t: string) => t.replace(/\s*-[\s-]*/g, '-');`,
      'regexp/no-super-linear-move',
    ],
    [
      'trimming hyphens at both ends',
      String.raw`export const trim = (t: string) => t.replace(/^-+|-+$/g, '');`,
      'regexp/no-super-linear-move',
    ],
    [
      'trailing slashes',
      String.raw`export const trim = (t: string) => t.replace(/\/+$/, '');`,
      'regexp/no-super-linear-move',
    ],
    [
      'two \\s* around an optional sign',
      String.raw`export const MARK = /^\s*(\d+)\s*[+-]?\s*$/;`,
      'regexp/no-super-linear-backtracking',
    ],
  ])('should refuse %s in gateway code and in tests', async (_what, code, rule) => {
    expect(await rulesOn(code, 'src/identity/probe.ts')).toContain(rule);
    expect(await rulesOn(code, 'test/unit/probe.test.ts')).toContain(rule);
  });

  it.each([
    ['one run of spaces and hyphens', String.raw`export const tidy = (t: string) => t.replace(/[\s-]+/g, ' ');`],
    [
      'trailing slashes from the first one of their run',
      String.raw`export const trim = (t: string) => t.replace(/(?<!\/)\/+$/, '');`,
    ],
    ['an optional sign with its own spaces', String.raw`export const MARK = /^\s*(\d+)\s*(?:[+-]\s*)?$/;`],
  ])('should accept %s', async (_what, code) => {
    expect(await rulesOn(code, 'src/identity/probe.ts')).toEqual([]);
  });
});
