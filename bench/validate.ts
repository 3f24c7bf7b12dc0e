/**
 * Every response of every run is checked (benchmarking.md §8.4 item 6, style.md §9.1): with healthy
 * diaries the body must equal the golden answer byte for byte; under faults it must be a well-formed
 * partial answer — the healthy diary's child exactly as in the golden answer, the failing diary's child
 * either complete (fresh or a stale copy) or with lists missing, and every error a provider error on
 * the failing child. Pure functions, so the harness itself is unit-tested.
 */

/** How a run's responses are checked. */
export type Validation =
  | { kind: 'exact'; golden: string }
  | {
      kind: 'degraded';
      golden: string;
      /** Aliases of the children whose diaries are healthy (none when every child's diary fails). */
      healthy: readonly string[];
      /** Aliases of the children whose diaries are failing. */
      failing: readonly string[];
      /** `extensions.code`s the failing diary may cause. */
      allowedCodes: readonly string[];
    }
  | {
      /**
       * Healthy diaries, but entries may be served while a background call refreshes them: the answer must
       * equal the golden one once every `freshness` list is left out (its `isStale` and `fetchedAt` follow the
       * cache's age, nothing else may), with no errors.
       */
      kind: 'revalidating';
      golden: string;
    };

/** What the failing diary's child looked like in one degraded answer. */
export type FailingState = 'fresh' | 'stale' | 'partial';

/** The verdict on one response. */
export interface Verdict {
  valid: boolean;
  /** Why it is invalid (short, stable text: tallied as a key). */
  reason?: string;
  /** An example of the problem (the first error's path and message), kept once per reason. */
  detail?: string;
  /** Degraded runs: every healthy diary's child equals the golden one. */
  healthyData?: boolean;
  /** Degraded runs: the worst state among the failing diaries' children (partial < stale < fresh). */
  failing?: FailingState;
  /** Degraded runs: the `extensions.code`s of the answer's errors. */
  codes?: string[];
  /** Revalidating runs: some part of the answer was marked stale (served while being refreshed). */
  staleMarked?: boolean;
}

interface GraphqlError {
  message?: unknown;
  path?: (string | number)[];
  extensions?: { code?: unknown; staleDataServed?: unknown };
}

type Json = Record<string, unknown>;

function parse(body: string): { data?: Json | null; errors?: GraphqlError[] } | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

function firstError(errors: readonly GraphqlError[] | undefined): string | undefined {
  const error = errors?.[0];
  return error ? `${JSON.stringify(error.path ?? null)} ${String(error.message).slice(0, 200)}` : undefined;
}

function errorCodes(errors: readonly GraphqlError[] | undefined): string[] {
  return (errors ?? []).map((error) => codeOf(error, 'NO_CODE'));
}

/** An error's `extensions.code` as text, `fallback` without one; a code that is no string shows as JSON. */
function codeOf(error: GraphqlError, fallback: string): string {
  const code = error.extensions?.code ?? fallback;
  return typeof code === 'string' ? code : JSON.stringify(code);
}

function withoutFreshness(student: unknown): string {
  if (!student || typeof student !== 'object') return JSON.stringify(student);
  const { freshness: _freshness, ...rest } = student as Json;
  return JSON.stringify(rest);
}

/** An answer's JSON, or the verdict that it is not a clean one (not JSON, or with errors). */
function parseAnswer(body: string): { answer: NonNullable<ReturnType<typeof parse>> } | { refused: Verdict } {
  const parsed = parse(body);
  if (!parsed) return { refused: { valid: false, reason: 'body is not JSON' } };
  const codes = errorCodes(parsed.errors);
  if (codes.length === 0) return { answer: parsed };
  const reason = `errors: ${[...new Set(codes)].sort().join(',')}`;
  return { refused: { valid: false, reason, detail: firstError(parsed.errors) } };
}

function validateExact(golden: string, status: number, body: string): Verdict {
  if (status !== 200) return { valid: false, reason: `HTTP ${status}` };
  if (body === golden) return { valid: true };
  const parsed = parseAnswer(body);
  if ('refused' in parsed) return parsed.refused;
  return { valid: false, reason: 'body differs from the golden answer', detail: firstDifference(golden, body) };
}

/** Where two texts first differ, with a little context of each. */
export function firstDifference(expected: string, actual: string): string {
  let index = 0;
  while (index < expected.length && expected[index] === actual[index]) index++;
  const around = (text: string) => JSON.stringify(text.slice(Math.max(0, index - 60), index + 60));
  return `at ${index}: expected …${around(expected)}… got …${around(actual)}…`;
}

/** The golden parts a degraded answer is compared with, computed once per run. */
export interface DegradedReference {
  /** Golden JSON of each healthy child. */
  healthy: Record<string, string>;
  /** Golden JSON of each failing child, without its `freshness`. */
  failing: Record<string, string>;
  failingKeys: Record<string, string[]>;
}

/** Prepares the comparison strings of a degraded validation. */
export function degradedReference(validation: Extract<Validation, { kind: 'degraded' }>): DegradedReference {
  const golden = parse(validation.golden)?.data ?? {};
  const reference: DegradedReference = { healthy: {}, failing: {}, failingKeys: {} };
  for (const alias of validation.healthy) reference.healthy[alias] = JSON.stringify(golden[alias]);
  for (const alias of validation.failing) {
    const student = golden[alias];
    reference.failing[alias] = withoutFreshness(student);
    reference.failingKeys[alias] = student && typeof student === 'object' ? Object.keys(student) : [];
  }
  return reference;
}

const SEVERITY: Record<FailingState, number> = { partial: 0, stale: 1, fresh: 2 };

function failingState(
  alias: string,
  student: Json,
  reference: DegradedReference,
  errors: readonly GraphqlError[],
): FailingState | null {
  if (Object.keys(student).join() !== reference.failingKeys[alias]?.join()) return null;
  const own = errors.filter((error) => error.path?.[0] === alias);
  if (withoutFreshness(student) === reference.failing[alias]) {
    const staleServed = own.some((error) => error.extensions?.staleDataServed === true);
    const markedStale =
      Array.isArray(student.freshness) && (student.freshness as Json[]).some((entry) => entry.isStale === true);
    return staleServed || markedStale ? 'stale' : 'fresh';
  }
  // Lists missing: acceptable only when an error on this child explains it.
  return own.length > 0 ? 'partial' : null;
}

function validateDegraded(
  validation: Extract<Validation, { kind: 'degraded' }>,
  reference: DegradedReference,
  status: number,
  body: string,
): Verdict {
  if (status !== 200) return { valid: false, reason: `HTTP ${status}` };
  const parsed = parse(body);
  if (!parsed?.data) return { valid: false, reason: parsed ? 'no data' : 'body is not JSON' };
  const data = parsed.data;
  const errors = parsed.errors ?? [];
  const codes = errorCodes(errors);
  const healthyData = validation.healthy.every((alias) => JSON.stringify(data[alias]) === reference.healthy[alias]);
  const stray = errors.find(
    (error) =>
      !validation.failing.includes(String(error.path?.[0])) ||
      !validation.allowedCodes.includes(String(error.extensions?.code)),
  );
  if (stray) {
    const where = validation.healthy.includes(String(stray.path?.[0]))
      ? 'on a healthy child'
      : `at ${JSON.stringify(stray.path ?? null)}`;
    return {
      valid: false,
      reason: `unexpected ${codeOf(stray, 'error')} ${where}`,
      detail: firstError([stray]),
      healthyData,
      codes,
    };
  }
  if (!healthyData) {
    const alias = validation.healthy.find((each) => JSON.stringify(data[each]) !== reference.healthy[each])!;
    return {
      valid: false,
      reason: 'healthy child differs from the golden answer',
      detail: firstDifference(reference.healthy[alias]!, JSON.stringify(data[alias])),
      healthyData,
      codes,
    };
  }
  let worst: FailingState = 'fresh';
  for (const alias of validation.failing) {
    const student = data[alias];
    if (!student || typeof student !== 'object')
      return { valid: false, reason: 'failing child missing', healthyData, codes };
    const state = failingState(alias, student as Json, reference, errors);
    if (!state)
      return { valid: false, reason: 'failing child malformed or changed without an error', healthyData, codes };
    if (SEVERITY[state] < SEVERITY[worst]) worst = state;
  }
  return { valid: true, healthyData, failing: worst, codes };
}

/** `value` with every `freshness` property left out, at any depth. */
function withoutAnyFreshness(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnyFreshness);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => name !== 'freshness')
      .map(([name, inner]) => [name, withoutAnyFreshness(inner)]),
  );
}

/** Whether any `freshness` list at any depth has an entry with `isStale: true`. */
function anyMarkedStale(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(anyMarkedStale);
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([name, inner]) =>
    name === 'freshness' && Array.isArray(inner)
      ? inner.some((entry) => (entry as Json | null)?.isStale === true)
      : anyMarkedStale(inner),
  );
}

function validateRevalidating(reference: string, status: number, body: string): Verdict {
  if (status !== 200) return { valid: false, reason: `HTTP ${status}` };
  const checked = parseAnswer(body);
  if ('refused' in checked) return checked.refused;
  const parsed = checked.answer;
  const stripped = JSON.stringify(withoutAnyFreshness(parsed));
  if (stripped !== reference)
    return {
      valid: false,
      reason: 'body differs from the golden answer (freshness left out)',
      detail: firstDifference(reference, stripped),
    };
  return { valid: true, staleMarked: anyMarkedStale(parsed) };
}

/** Returns a checker for one run; `reference` is computed once. */
export function createValidator(validation: Validation): (status: number, body: string) => Verdict {
  if (validation.kind === 'exact') return (status, body) => validateExact(validation.golden, status, body);
  if (validation.kind === 'revalidating') {
    const reference = JSON.stringify(withoutAnyFreshness(parse(validation.golden)));
    return (status, body) => validateRevalidating(reference, status, body);
  }
  const reference = degradedReference(validation);
  return (status, body) => validateDegraded(validation, reference, status, body);
}

/** Counts of one run's verdicts. */
export interface ValidationSummary {
  checked: number;
  valid: number;
  invalid: number;
  /** Invalid responses by reason. */
  reasons: Record<string, number>;
  /** One example per reason, when the answer said more. */
  examples: Record<string, string>;
  /** Degraded runs only. */
  healthyData?: number;
  failing?: Record<FailingState, number>;
  /** Degraded runs: how many answers carried each error code (once per answer). */
  codes?: Record<string, number>;
  /** Revalidating runs: valid answers with a part marked stale (served while being refreshed). */
  staleMarked?: number;
}

/** Adds verdicts up. */
export class ValidationTally {
  private readonly summary: ValidationSummary = { checked: 0, valid: 0, invalid: 0, reasons: {}, examples: {} };

  add(verdict: Verdict): void {
    const summary = this.summary;
    summary.checked++;
    if (verdict.valid) summary.valid++;
    else {
      summary.invalid++;
      const reason = verdict.reason ?? 'invalid';
      summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
      if (verdict.detail && !(reason in summary.examples)) summary.examples[reason] = verdict.detail;
    }
    if (verdict.healthyData !== undefined)
      summary.healthyData = (summary.healthyData ?? 0) + (verdict.healthyData ? 1 : 0);
    if (verdict.failing) {
      summary.failing ??= { fresh: 0, stale: 0, partial: 0 };
      summary.failing[verdict.failing]++;
    }
    if (verdict.staleMarked !== undefined)
      summary.staleMarked = (summary.staleMarked ?? 0) + (verdict.staleMarked ? 1 : 0);
    if (verdict.codes) {
      summary.codes ??= {};
      for (const code of new Set(verdict.codes)) summary.codes[code] = (summary.codes[code] ?? 0) + 1;
    }
  }

  /** Requests that never got an answer (connection errors, client timeouts) are invalid too. */
  addUnanswered(count: number): void {
    if (count <= 0) return;
    this.summary.checked += count;
    this.summary.invalid += count;
    this.summary.reasons['no answer (connection error or client timeout)'] = count;
  }

  result(): ValidationSummary {
    return structuredClone(this.summary);
  }
}
