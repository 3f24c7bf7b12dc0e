/**
 * What every adapter call must do under a fuzzed diary (issue 6): resolve to well-formed domain models
 * (of the kind the method promises, nothing the schema's scalars would refuse), or reject with a
 * `GatewayError` whose message quotes neither a secret nor a run of the text it was sent.
 */
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../../src/domain/adapter.js';
import { isIsoDate } from '../../../src/domain/dates.js';
import type { DateRange, ProviderStudent } from '../../../src/domain/model.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { isContainer, type ServedLog } from './transport.js';

/** How an adapter call ended: a synchronous throw counts as a rejection. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs an adapter call and records how it ended. */
export async function settle(call: () => Promise<unknown>): Promise<Settled> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Shortest run of payload text that counts as quoting it. */
const QUOTE_LENGTH = 13;

/** The first secret, or the first 13-character run of a served string, that `message` contains. */
export function leakedPiece(message: string, secrets: readonly string[], served: readonly string[]): string | null {
  for (const secret of secrets) if (secret !== '' && message.includes(secret)) return secret;
  for (const value of served) {
    for (let start = 0; start + QUOTE_LENGTH <= value.length; start++) {
      const piece = value.slice(start, start + QUOTE_LENGTH);
      if (message.includes(piece)) return piece;
    }
  }
  return null;
}

const DATE_FIELDS = new Set(['date', 'start', 'end', 'dueOn', 'assignedOn', 'pointDeadline', 'birthDate']);
const DATE_TIME_FIELDS = new Set(['startsAt', 'endsAt', 'createdAt', 'fetchedAt']);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What in a resolved model the schema's scalars would refuse: a non-finite number, a lesson `number`
 * that is not a 32-bit integer, a date that is not `YYYY-MM-DD`, a datetime without an offset.
 */
export function modelProblems(root: unknown): string[] {
  const problems: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'number' && !Number.isFinite(node)) problems.push(`${path}: ${node}`);
    if (!isContainer(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (DATE_FIELDS.has(key) && value !== null && !(typeof value === 'string' && isIsoDate(value)))
        problems.push(`${at}: not a date`);
      if (
        DATE_TIME_FIELDS.has(key) &&
        value !== null &&
        !(typeof value === 'string' && DATE_TIME.test(value) && isIsoDate(value.slice(0, 10)))
      ) {
        problems.push(`${at}: not a datetime with offset`);
      }
      if (key === 'number' && value !== null && !(Number.isInteger(value) && Math.abs(value as number) < 2 ** 31))
        problems.push(`${at}: not an Int`);
      walk(value, at);
    }
  };
  walk(root, '(result)');
  return problems;
}

/**
 * What a call resolves to: models (`array`, `profile`), nothing (a write such as an absence notice), or
 * the credentials `signIn` hands back to be stored.
 */
export type ResultKind = 'array' | 'profile' | 'nothing' | 'credentials';

/** Credentials to store must be a flat record of non-empty strings; anything else is a problem. */
function credentialsProblem(value: unknown): string | null {
  if (!isContainer(value) || Array.isArray(value)) return 'resolved to something other than credentials';
  const bad = Object.entries(value).filter(([, field]) => typeof field !== 'string' || field.trim() === '');
  if (Object.keys(value).length === 0) return 'resolved to empty credentials';
  return bad.length === 0 ? null : `credentials with empty or non-string fields: ${bad.map(([key]) => key).join(', ')}`;
}

/**
 * The property every adapter call must hold: it resolves to the expected kind of value with no model
 * problem (for `nothing`, to `undefined`; for `credentials`, to non-empty strings), or rejects with a `GatewayError` whose message holds no secret and no run of served text.
 * Returns a description of the violation, or `null`.
 */
export function violation(
  outcome: Settled,
  expected: ResultKind,
  secrets: readonly string[],
  served: ServedLog,
): string | null {
  if (outcome.ok) {
    const { value } = outcome;
    if (expected === 'nothing') return value === undefined ? null : 'resolved to a value where nothing was promised';
    if (expected === 'credentials') return credentialsProblem(value);
    if (expected === 'array' && !Array.isArray(value)) return 'resolved to something other than an array';
    if (expected === 'profile') {
      const profile = value as { holder?: unknown; students?: unknown };
      if (!isContainer(profile.holder) || !Array.isArray(profile.students))
        return 'resolved to something other than a profile';
    }
    const problems = modelProblems(value);
    return problems.length > 0 ? `resolved with model problems: ${problems.slice(0, 5).join('; ')}` : null;
  }
  const { error } = outcome;
  if (!(error instanceof GatewayError))
    return `rejected with a non-GatewayError: ${String((error as Error)?.stack ?? error)}`;
  const leaked = leakedPiece(error.message, secrets, served.values);
  return leaked === null ? null : `the message quotes ${JSON.stringify(leaked)}: ${error.message}`;
}

/** The `ProviderAdapter` methods, each driven by the properties. */
export const ADAPTER_METHODS = [
  'fetchProfile',
  'fetchSubjects',
  'fetchPeriods',
  'fetchGrades',
  'fetchHomework',
  'fetchSchedule',
  'fetchAttendance',
  'fetchSubjectAverages',
  'fetchNonSchoolDays',
] as const satisfies readonly (keyof ProviderAdapter)[];

export type AdapterMethod = (typeof ADAPTER_METHODS)[number];

/** Calls one adapter method with the arguments it takes. */
export function callMethod(
  adapter: ProviderAdapter,
  method: AdapterMethod,
  account: ProviderAccount,
  student: ProviderStudent,
  range: DateRange,
  scope: UpstreamScope,
): Promise<unknown> {
  switch (method) {
    case 'fetchProfile':
      return adapter.fetchProfile(account, scope);
    case 'fetchSubjects':
    case 'fetchPeriods':
    case 'fetchSubjectAverages':
      return adapter[method](account, student, scope);
    default:
      return adapter[method](account, student, range, scope);
  }
}

/** What a method resolves to. */
export function expectedKind(method: AdapterMethod): 'profile' | 'array' {
  return method === 'fetchProfile' ? 'profile' : 'array';
}
