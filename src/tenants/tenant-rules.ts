/**
 * The rules one tenant's fields must meet, shared by the registry (any list, the demo's too) and the
 * `TENANTS_FILE` reader (which names the file's entry). Each problem names the field and never its value:
 * a client secret, a devkey or a URL with a password in it must not reach a log.
 */
import { checkedTimeZone } from '../domain/time-zones.js';
import type { BilingualName, DnevnikTenant, EljurTenant, MeshTenant, Tenant } from './tenant.js';

/** A tenant id: lower-case letters, digits and `-`, 2–40 characters, not starting with `-`. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
/** An Eljur vendor: one hostname label (letters, digits, `-`, `_`), as src/accounts/credential-shape.ts takes it. */
export const VENDOR_ID_PATTERN = /^[\w-]{1,63}$/;

/** Upper bounds of the free-text fields (everything is bounded before use). */
export const TENANT_LIMITS = Object.freeze({
  url: 2048,
  name: 200,
  timeZone: 64,
  clientId: 256,
  clientSecret: 1024,
  devkey: 256,
  scope: 1000,
  vendors: 1000,
  /** Milliseconds, as `REQUEST_DEADLINE_MS` at most. */
  deadlineMs: 120_000,
});

/** Trailing slashes; `(?<!\/)` lets a match start only at a run's first slash, so no run is rescanned. */
const TRAILING_SLASHES = /(?<!\/)\/+$/;

/** Whether `value` is a well-formed tenant id. */
export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID_PATTERN.test(value);
}

/** A base URL as adapters append paths to it: trimmed, without trailing slashes. */
export function normalizedBaseUrl(url: string): string {
  return url.trim().replace(TRAILING_SLASHES, '');
}

/**
 * What is wrong with `value` as an absolute http(s) URL without credentials, or `null`. A base URL (`base`)
 * has no query either, since paths are appended to it; a page (Eljur's sign-in page) may have one.
 */
export function urlProblem(value: unknown, field: string, kind: 'base' | 'page' = 'base'): string | null {
  const wrong = `${field} must be an absolute http(s) URL`;
  if (typeof value !== 'string' || value.length > TENANT_LIMITS.url)
    return `${wrong} of at most ${TENANT_LIMITS.url} characters`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return wrong;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return wrong;
  if (url.username || url.password) return `${field} must not hold a user name or password`;
  if (url.hash) return `${field} must have no fragment (#…)`;
  if (kind === 'base' && url.search) return `${field} must have no query (?…)`;
  return null;
}

/** Every problem of one tenant's own fields (cross-tenant rules are the registry's). */
export function tenantProblems(tenant: Tenant): string[] {
  const problems: string[] = [];
  if (!isTenantId(tenant.id))
    problems.push('id must be 2–40 lower-case letters, digits and -, starting with a letter or digit');
  nameProblems(tenant.name, 'name', problems);
  if (!isTimeZone(tenant.timeZone)) problems.push('timeZone must be an IANA time zone such as Europe/Moscow');
  if (typeof tenant.primary !== 'boolean') problems.push('primary must be true or false');
  const deadlineMs: unknown = tenant.deadlineMs;
  if (
    deadlineMs !== undefined &&
    (!Number.isInteger(deadlineMs) || (deadlineMs as number) < 1 || (deadlineMs as number) > TENANT_LIMITS.deadlineMs)
  )
    problems.push(`deadlineMs must be whole milliseconds between 1 and ${TENANT_LIMITS.deadlineMs}`);
  switch (tenant.platform) {
    case 'MESH':
      meshProblems(tenant, problems);
      break;
    case 'DNEVNIK':
      dnevnikProblems(tenant, problems);
      break;
    case 'ELJUR':
      eljurProblems(tenant, problems);
      break;
    default:
      problems.push('platform must be MESH, DNEVNIK or ELJUR');
  }
  return problems;
}

function meshProblems(tenant: MeshTenant, problems: string[]): void {
  push(problems, urlProblem(tenant.schoolBaseUrl, 'schoolBaseUrl'), urlProblem(tenant.aclBaseUrl, 'aclBaseUrl'));
  const signIn = tenant.signIn;
  if (signIn === null) return;
  if (signIn?.kind === 'mos-ru') {
    push(problems, urlProblem(signIn.loginBaseUrl, 'signIn.loginBaseUrl'));
    textProblem(signIn.clientId, 'signIn.clientId', TENANT_LIMITS.clientId, problems);
    textProblem(signIn.clientSecret, 'signIn.clientSecret', TENANT_LIMITS.clientSecret, problems);
    textProblem(signIn.scope, 'signIn.scope', TENANT_LIMITS.scope, problems, false);
  } else if (signIn?.kind === 'regional') {
    push(problems, urlProblem(signIn.authBaseUrl, 'signIn.authBaseUrl'));
  } else {
    problems.push('signIn must be null, a "mos-ru" or a "regional" sign-in');
  }
}

function dnevnikProblems(tenant: DnevnikTenant, problems: string[]): void {
  push(problems, urlProblem(tenant.apiBaseUrl, 'apiBaseUrl'), urlProblem(tenant.loginBaseUrl, 'loginBaseUrl'));
  textProblem(tenant.clientId, 'clientId', TENANT_LIMITS.clientId, problems);
  textProblem(tenant.clientSecret, 'clientSecret', TENANT_LIMITS.clientSecret, problems);
  textProblem(tenant.scope, 'scope', TENANT_LIMITS.scope, problems, false);
  if (typeof tenant.pkce !== 'boolean') problems.push('pkce must be true or false');
}

function eljurProblems(tenant: EljurTenant, problems: string[]): void {
  push(problems, urlProblem(tenant.baseUrl, 'baseUrl'));
  if (tenant.devkey !== null) {
    const devkey: unknown = tenant.devkey;
    if (typeof devkey !== 'string' || devkey.length < 8 || devkey.length > TENANT_LIMITS.devkey || !isPrintable(devkey))
      problems.push(`devkey must be null or the developer key Eljur issued (8–${TENANT_LIMITS.devkey} characters)`);
  }
  if (tenant.redirectSignInUrl !== null)
    push(problems, urlProblem(tenant.redirectSignInUrl, 'redirectSignInUrl', 'page'));
  if (!Array.isArray(tenant.vendors) || tenant.vendors.length > TENANT_LIMITS.vendors) {
    problems.push(`vendors must be a list of at most ${TENANT_LIMITS.vendors} schools`);
    return;
  }
  const seen = new Set<string>();
  tenant.vendors.forEach((vendor, index) => {
    const id: unknown = vendor?.id;
    if (typeof id !== 'string' || !VENDOR_ID_PATTERN.test(id)) {
      problems.push(`vendors[${index}].id must be a school subdomain: 1–63 letters, digits, - and _`);
    } else if (seen.has(id)) {
      problems.push(`vendors[${index}].id "${id}" appears twice`);
    }
    if (typeof id === 'string') seen.add(id);
    nameProblems(vendor?.name, `vendors[${index}].name`, problems);
  });
}

function nameProblems(name: BilingualName | undefined, field: string, problems: string[]): void {
  for (const language of ['ru', 'en'] as const) {
    const text: unknown = name?.[language];
    if (typeof text !== 'string' || !text.trim() || text.length > TENANT_LIMITS.name || !isPrintable(text))
      problems.push(`${field}.${language} must be 1–${TENANT_LIMITS.name} characters`);
  }
}

/** A nullable (or, with `nullable` false, required) one-line text field. */
function textProblem(value: unknown, field: string, max: number, problems: string[], nullable = true): void {
  if (nullable && value === null) return;
  if (typeof value !== 'string' || !value || value.length > max || !isPrintable(value))
    problems.push(`${field} must be ${nullable ? 'null or ' : ''}1–${max} characters on one line`);
}

/** No control characters: a pasted secret with a stray newline would fail far from here. */
function isPrintable(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || !zone || zone.length > TENANT_LIMITS.timeZone) return false;
  try {
    checkedTimeZone(zone, 'timeZone');
    return true;
  } catch {
    return false;
  }
}

function push(problems: string[], ...found: (string | null)[]): void {
  for (const problem of found) if (problem) problems.push(problem);
}
