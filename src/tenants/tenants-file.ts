/**
 * Reading `TENANTS_FILE`: a JSON (`.json`) or YAML (`.yaml`, `.yml`) document `{ tenants: [ {...}, … ] }`.
 * This module checks the shape of each entry (known fields of its platform, types, lengths); merging an
 * entry into the built-in tenants and checking the values is tenant-overrides.ts's and the registry's.
 *
 * No message shows a value from the file: parser messages quote the source (a devkey on the broken
 * line would be logged), so only positions are reported.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BUILT_IN_TENANTS } from './built-in-tenants.js';
import { TENANT_ID_PATTERN, TENANT_LIMITS } from './tenant-rules.js';

/** The largest file read: far above any real list, far below what would hurt. */
export const MAX_TENANTS_FILE_BYTES = 1024 * 1024;
const MAX_ENTRIES = 500;

const PLATFORM = z.enum(['MESH', 'DNEVNIK', 'ELJUR']);
const text = (max: number) => z.string().max(max);
const url = text(TENANT_LIMITS.url);
const optionalSecret = (max: number) => text(max).nullable().optional();
/** A name: one text for both languages, or `{ ru, en }` (either may be left out when overriding). */
const name = z.union([
  text(TENANT_LIMITS.name),
  z.strictObject({ ru: text(TENANT_LIMITS.name).optional(), en: text(TENANT_LIMITS.name).optional() }),
]);

const common = {
  id: z.string().regex(TENANT_ID_PATTERN),
  platform: PLATFORM.optional(),
  enabled: z.boolean().optional(),
  primary: z.boolean().optional(),
  name: name.optional(),
  timeZone: text(TENANT_LIMITS.timeZone).optional(),
  deadlineMs: z.number().int().min(1).max(TENANT_LIMITS.deadlineMs).optional(),
};

const meshEntry = z.strictObject({
  ...common,
  schoolBaseUrl: url.optional(),
  aclBaseUrl: url.optional(),
  signIn: z
    .strictObject({
      kind: z.enum(['mos-ru', 'regional']).optional(),
      loginBaseUrl: url.optional(),
      clientId: optionalSecret(TENANT_LIMITS.clientId),
      clientSecret: optionalSecret(TENANT_LIMITS.clientSecret),
      scope: text(TENANT_LIMITS.scope).optional(),
      authBaseUrl: url.optional(),
    })
    .nullable()
    .optional(),
});

const dnevnikEntry = z.strictObject({
  ...common,
  apiBaseUrl: url.optional(),
  loginBaseUrl: url.optional(),
  clientId: optionalSecret(TENANT_LIMITS.clientId),
  clientSecret: optionalSecret(TENANT_LIMITS.clientSecret),
  scope: text(TENANT_LIMITS.scope).optional(),
  pkce: z.boolean().optional(),
});

const eljurEntry = z.strictObject({
  ...common,
  baseUrl: url.optional(),
  devkey: optionalSecret(TENANT_LIMITS.devkey),
  vendors: z
    .array(z.strictObject({ id: text(63), name }))
    .max(TENANT_LIMITS.vendors)
    .optional(),
  redirectSignInUrl: url.nullable().optional(),
});

/** One checked entry of the file, with its platform known (given, or the built-in tenant's). */
export type TenantsFileEntry =
  | ({ platform: 'MESH' } & z.infer<typeof meshEntry>)
  | ({ platform: 'DNEVNIK' } & z.infer<typeof dnevnikEntry>)
  | ({ platform: 'ELJUR' } & z.infer<typeof eljurEntry>);

/** A name as the file gives it. */
export type NameInFile = z.infer<typeof name>;

/**
 * An entry and how messages name it (`TENANTS_FILE tenants[2] "mesh-kaluga"`); an entry of the wrong
 * shape is `null`, with its problems (labelled), so they are reported in the file's order.
 */
export interface LabelledEntry {
  label: string;
  entry: TenantsFileEntry | null;
  problems: string[];
}

const ENTRY_SCHEMAS = { MESH: meshEntry, DNEVNIK: dnevnikEntry, ELJUR: eljurEntry } as const;
const FILE_SCHEMA = z.strictObject({ tenants: z.array(z.unknown()).max(MAX_ENTRIES) });
/** The part of an entry read first, to know which platform's fields it may have. */
const HEAD = z.looseObject({ id: z.unknown().optional(), platform: z.unknown().optional() });

/** The default reader: refuses a file larger than {@link MAX_TENANTS_FILE_BYTES} before reading it. */
export function readSmallFile(path: string): string {
  if (statSync(path).size > MAX_TENANTS_FILE_BYTES) throw new RangeError('too large');
  return readFileSync(path, 'utf8');
}

/**
 * Reads and shape-checks the file at `path` (through `readFile`). Problems of the file as a whole go onto
 * `problems`; each entry carries its own.
 */
export function readTenantsFile(path: string, readFile: (path: string) => string, problems: string[]): LabelledEntry[] {
  const where = `TENANTS_FILE "${path}"`;
  const document = parseDocument(path, readFile, where, problems);
  if (document === undefined) return [];
  const file = FILE_SCHEMA.safeParse(document);
  if (!file.success) {
    problems.push(...file.error.issues.map((issue) => `${where}: ${describeIssue(issue)}`));
    return [];
  }
  const entries: LabelledEntry[] = [];
  const seen = new Set<string>();
  file.data.tenants.forEach((raw, index) => {
    const head = HEAD.safeParse(raw);
    if (!head.success) {
      const label = `TENANTS_FILE tenants[${index}]`;
      entries.push({ label, entry: null, problems: [`${label}: must be an object { id, platform, … }`] });
      return;
    }
    const id = typeof head.data.id === 'string' && TENANT_ID_PATTERN.test(head.data.id) ? head.data.id : null;
    const label = `TENANTS_FILE tenants[${index}]${id === null ? '' : ` "${id}"`}`;
    const found: string[] = [];
    const entry = checkedEntry(raw, head.data.platform, id, label, found);
    if (entry && seen.has(entry.id)) found.push(`${label}: id appears twice in the file`);
    if (entry) seen.add(entry.id);
    entries.push({ label, entry: found.length > 0 ? null : entry, problems: found });
  });
  return entries;
}

/** The entry checked against its platform's fields; `platformField` is what the entry says, if anything. */
function checkedEntry(
  raw: unknown,
  platformField: unknown,
  id: string | null,
  label: string,
  problems: string[],
): TenantsFileEntry | null {
  const given = PLATFORM.safeParse(platformField);
  const builtIn = id === null ? undefined : BUILT_IN_TENANTS.find((tenant) => tenant.id === id);
  if (platformField !== undefined && !given.success) {
    problems.push(`${label}: platform must be MESH, DNEVNIK or ELJUR`);
    return null;
  }
  if (given.success && builtIn && builtIn.platform !== given.data) {
    problems.push(`${label}: platform cannot change (the built-in tenant is ${builtIn.platform})`);
    return null;
  }
  const platform = given.success ? given.data : builtIn?.platform;
  if (!platform) {
    const which = id === null ? 'id must be 2–40 lower-case letters, digits and -, and ' : '';
    problems.push(`${label}: ${which}platform is required for a tenant that is not built in (MESH, DNEVNIK or ELJUR)`);
    return null;
  }
  const parsed = ENTRY_SCHEMAS[platform].safeParse(raw);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${label}: ${describeIssue(issue)}`));
    return null;
  }
  return { ...parsed.data, platform };
}

function parseDocument(path: string, readFile: (path: string) => string, where: string, problems: string[]): unknown {
  const extension = extname(path).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(extension)) {
    problems.push(`${where}: must end in .json, .yaml or .yml`);
    return undefined;
  }
  let source: string;
  try {
    source = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = error instanceof RangeError ? `larger than ${MAX_TENANTS_FILE_BYTES} bytes` : (code ?? 'unreadable');
    problems.push(`${where}: cannot be read (${why})`);
    return undefined;
  }
  if (source.length > MAX_TENANTS_FILE_BYTES) {
    problems.push(`${where}: cannot be read (larger than ${MAX_TENANTS_FILE_BYTES} bytes)`);
    return undefined;
  }
  try {
    return extension === '.json'
      ? (JSON.parse(source) as unknown)
      : (parseYaml(source, { maxAliasCount: 100 }) as unknown);
  } catch (error) {
    problems.push(`${where}: ${extension === '.json' ? jsonProblem(error) : yamlProblem(error)}`);
    return undefined;
  }
}

function jsonProblem(error: unknown): string {
  const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
  return `is not valid JSON${position ? ` (near character ${position})` : ''}`;
}

function yamlProblem(error: unknown): string {
  const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  return `is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}`;
}

/** `signIn.clientId`, `vendors[0].id`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
}

/**
 * A key the file used, shown only when it looks like a field name: letters, `_` and `-` (every field
 * name is); a pasted secret or key, which has digits, is not shown.
 */
function keyName(key: string): string {
  return /^[A-Za-z][A-Za-z_-]{0,39}$/.test(key) ? `"${key}"` : '(a key of another form)';
}

/** The issue in words of our own: zod's may quote the value. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path) || 'the document';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const where = issue.path.length > 0 ? ` in ${field}` : '';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(keyName).join(', ')}${where}`;
    }
    case 'invalid_type':
      // zod leaves the input out of its issues; its own message says whether anything was there.
      return issue.message.endsWith('received undefined')
        ? `${field} is required`
        : `${field} must be ${issue.expected === 'int' ? 'a whole number' : issue.expected}`;
    case 'too_big':
      if (issue.origin === 'number') return `${field} must be at most ${String(issue.maximum)}`;
      return issue.origin === 'array'
        ? `${field} has more than ${String(issue.maximum)} entries`
        : `${field} is longer than ${String(issue.maximum)} characters`;
    case 'too_small':
      return issue.origin === 'number' ? `${field} must be at least ${String(issue.minimum)}` : `${field} is invalid`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union':
      return `${field} must be a text or { ru, en }`;
    case 'invalid_format':
      return field === 'id'
        ? 'id must be 2–40 lower-case letters, digits and -, starting with a letter or digit'
        : `${field} has the wrong form`;
    default:
      return `${field} is invalid`;
  }
}
