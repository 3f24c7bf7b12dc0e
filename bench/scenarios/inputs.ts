/**
 * Worst-case inputs through the name functions (issue 10, finding 2): the strings that made the old
 * `tidy()` pattern quadratic ("Иванова" + 120,000 spaces + "Галина Петровна" held the event loop for
 * 15 s), and their kin, at 1×, 10× and 100× a base length, through `normalizeNamePart`,
 * `parsePersonName` and `fullNameMatches`. Linear code takes about 10× longer per 10× length; the old
 * pattern took about 100×. The tests only check that these calls return (no timing in `it()`); the time
 * bound is here. Runs in the orchestrating process, before any other process starts, on a quiet core.
 *
 * Every call's answer is checked against the expected one (style.md §9.1): a fast wrong answer is no result.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PersonName } from '../../src/domain/person.js';
import { fullNameMatches, normalizeNamePart, parsePersonName } from '../../src/identity/names.js';

const GALINA: PersonName = { lastName: 'Иванова', firstName: 'Галина', middleName: 'Петровна' };

/** What each function must answer for one worst-case input, at every length. */
interface Expected {
  normalizeNamePart: string;
  parsePersonName: PersonName | null;
  fullNameMatches: boolean;
}

/** One kind of worst-case input, `length` characters of its attacking run. */
interface WorstInput {
  name: string;
  make(length: number): string;
  expected: Expected;
}

const NOBODY: Expected = { normalizeNamePart: '', parsePersonName: null, fullNameMatches: false };

/** The inputs: issue 10's name first, then the runs the old patterns retried from every character. */
export const WORST_INPUTS: readonly WorstInput[] = [
  {
    name: '"Иванова" + n spaces + "Галина Петровна"',
    make: (length) => `Иванова${' '.repeat(length)}Галина Петровна`,
    expected: { normalizeNamePart: 'иванова галина петровна', parsePersonName: GALINA, fullNameMatches: true },
  },
  { name: 'n hyphens', make: (length) => '-'.repeat(length), expected: NOBODY },
  { name: '" -" × n/2', make: (length) => ' -'.repeat(length / 2), expected: NOBODY },
  {
    name: '"Петрова" + " -" × n/2 + "Водкина Анна"',
    make: (length) => `Петрова${' -'.repeat(length / 2)}Водкина Анна`,
    expected: {
      normalizeNamePart: 'петрова-водкина анна',
      parsePersonName: { lastName: 'Петрова-Водкина', firstName: 'Анна', middleName: null },
      fullNameMatches: false,
    },
  },
  { name: 'zero-width space + space × n/2', make: (length) => '\u200b '.repeat(length / 2), expected: NOBODY },
];

const FUNCTIONS: Readonly<Record<keyof Expected, (text: string) => unknown>> = {
  normalizeNamePart: (text) => normalizeNamePart(text),
  parsePersonName: (text) => parsePersonName(text),
  fullNameMatches: (text) => fullNameMatches(text, GALINA),
};

/** Lengths as multiples of the base length. */
export const INPUT_SCALES = [1, 10, 100] as const;

/** How long each measurement runs. */
export interface InputsSettings {
  /** Length of the attacking run at 1×, characters. */
  baseLength: number;
  /** Timed batches per measurement; the fastest batch counts. */
  batches: number;
  /** Each batch repeats the call until it has run this long, ms. */
  batchMs: number;
}

/** One function on one input, at every scale. */
export interface InputsRow {
  input: string;
  fn: keyof Expected;
  /** Time of one call at each scale (fastest batch), ms. */
  msPerCall: number[];
  /** Time at each scale ÷ time at the previous one (about 10 when linear, 100 when quadratic). */
  growth: number[];
  /** Calls whose answer was not the expected one (0 for a valid row). */
  wrongAnswers: number;
  calls: number;
}

/** The scenario's result. */
export interface InputsResult {
  baseLength: number;
  scales: readonly number[];
  rows: InputsRow[];
  /** The largest growth ratio of any row between two scales. */
  worstGrowth: number;
}

/**
 * Ms per call of `fn(text)` in the fastest batch (other processes on the core only ever add time, so the
 * fastest batch is the one closest to the code's own cost), counting answers that differ from `expected`.
 */
function timeCalls(
  fn: (text: string) => unknown,
  text: string,
  expected: unknown,
  settings: InputsSettings,
): { ms: number; wrong: number; calls: number } {
  const perCall: number[] = [];
  let wrong = 0;
  let calls = 0;
  for (let batch = 0; batch < settings.batches; batch++) {
    let repeats = 0;
    const start = performance.now();
    let elapsed = 0;
    while (repeats === 0 || elapsed < settings.batchMs) {
      if (!isDeepStrictEqual(fn(text), expected)) wrong++;
      repeats++;
      elapsed = performance.now() - start;
    }
    calls += repeats;
    perCall.push(elapsed / repeats);
  }
  return { ms: Math.min(...perCall), wrong, calls };
}

/** Times every function on every worst input at 1×, 10× and 100× the base length. */
export function measureInputs(settings: InputsSettings): InputsResult {
  const rows: InputsRow[] = [];
  for (const input of WORST_INPUTS) {
    const texts = INPUT_SCALES.map((scale) => input.make(settings.baseLength * scale));
    for (const fn of Object.keys(FUNCTIONS) as (keyof Expected)[]) {
      // One untimed call per length first: the first call of a shape pays for compiling it.
      for (const text of texts) FUNCTIONS[fn](text);
      const timed = texts.map((text) => timeCalls(FUNCTIONS[fn], text, input.expected[fn], settings));
      const msPerCall = timed.map((each) => each.ms);
      rows.push({
        input: input.name,
        fn,
        msPerCall,
        growth: msPerCall.slice(1).map((ms, index) => ms / msPerCall[index]!),
        wrongAnswers: timed.reduce((sum, each) => sum + each.wrong, 0),
        calls: timed.reduce((sum, each) => sum + each.calls, 0),
      });
    }
  }
  return {
    baseLength: settings.baseLength,
    scales: INPUT_SCALES,
    rows,
    worstGrowth: Math.max(...rows.flatMap((row) => row.growth)),
  };
}
