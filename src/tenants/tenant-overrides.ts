/**
 * Applying `TENANTS_FILE` entries to a tenant list: an entry whose id is already there overrides the
 * fields it gives (`name` and `signIn` merged field by field, `vendors` replaced whole); a new id must be
 * complete; `enabled: false` drops the tenant. Values are checked afterwards (tenant-rules.ts), naming the
 * file's entry.
 */
import { DNEVNIK_SCOPE, MOS_RU_SCOPE } from './built-in-tenants.js';
import type {
  BilingualName,
  DnevnikTenant,
  EljurTenant,
  MeshTenant,
  MosRuSignIn,
  RegionalMeshSignIn,
  Tenant,
} from './tenant.js';
import { tenantProblems } from './tenant-rules.js';
import type { LabelledEntry, NameInFile, TenantsFileEntry } from './tenants-file.js';

type MeshEntry = Extract<TenantsFileEntry, { platform: 'MESH' }>;
type SignInEntry = NonNullable<MeshEntry['signIn']>;

/** The fields a new tenant of each platform must give (besides `id`, `platform` and `name`). */
const REQUIRED: Readonly<Record<Tenant['platform'], readonly string[]>> = {
  MESH: ['timeZone', 'schoolBaseUrl', 'aclBaseUrl'],
  DNEVNIK: ['timeZone', 'apiBaseUrl', 'loginBaseUrl'],
  ELJUR: ['timeZone', 'baseUrl'],
};

/** What a new tenant has unless its entry says otherwise. */
function defaults(platform: Tenant['platform']): Partial<Tenant> {
  switch (platform) {
    case 'MESH':
      return { primary: false, signIn: null };
    case 'DNEVNIK':
      return { primary: false, clientId: null, clientSecret: null, scope: DNEVNIK_SCOPE, pkce: false };
    case 'ELJUR':
      return { primary: false, devkey: null, vendors: [], redirectSignInUrl: null };
  }
}

function mergedName(base: BilingualName | undefined, given: NameInFile | undefined): Partial<BilingualName> {
  if (typeof given === 'string') return { ru: given, en: given };
  return { ...base, ...withoutUndefined(given ?? {}) };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as Partial<T>;
}

/** The sign-in of a МЭШ entry merged over the tenant's: same kind → field by field; another kind → anew. */
function mergedSignIn(base: MeshTenant['signIn'] | undefined, given: SignInEntry, problems: string[]) {
  const kind = given.kind ?? base?.kind;
  if (!kind) {
    problems.push('signIn.kind is required ("mos-ru" or "regional")');
    return null;
  }
  const foreign = (kind === 'mos-ru' ? ['authBaseUrl'] : ['loginBaseUrl', 'clientId', 'clientSecret', 'scope']).filter(
    (field) => given[field as keyof SignInEntry] !== undefined,
  );
  for (const field of foreign) problems.push(`signIn.${field} is not a field of a "${kind}" sign-in`);
  if (kind === 'regional') {
    const authBaseUrl = given.authBaseUrl ?? (base?.kind === 'regional' ? base.authBaseUrl : undefined);
    if (authBaseUrl === undefined) problems.push('signIn.authBaseUrl is required for a "regional" sign-in');
    return { kind, authBaseUrl } as RegionalMeshSignIn;
  }
  const same = base?.kind === 'mos-ru' ? base : undefined;
  const loginBaseUrl = given.loginBaseUrl ?? same?.loginBaseUrl;
  if (loginBaseUrl === undefined) problems.push('signIn.loginBaseUrl is required for a "mos-ru" sign-in');
  const signIn: MosRuSignIn = {
    kind,
    loginBaseUrl: loginBaseUrl ?? '',
    clientId: given.clientId !== undefined ? given.clientId : (same?.clientId ?? null),
    clientSecret: given.clientSecret !== undefined ? given.clientSecret : (same?.clientSecret ?? null),
    scope: given.scope ?? same?.scope ?? MOS_RU_SCOPE,
  };
  return signIn;
}

/** `entry` over `base` (or over the defaults, for a new tenant); problems are pushed without the label. */
function merged(base: Tenant | undefined, entry: TenantsFileEntry, problems: string[]): Tenant {
  const { enabled: _enabled, name, ...fields } = entry;
  const tenant: Record<string, unknown> = {
    ...(base ?? defaults(entry.platform)),
    ...withoutUndefined(fields),
    name: mergedName(base?.name, name),
  };
  if (entry.platform === 'MESH' && entry.signIn)
    tenant.signIn = mergedSignIn(base?.platform === 'MESH' ? base.signIn : undefined, entry.signIn, problems);
  if (entry.platform === 'ELJUR' && entry.vendors)
    tenant.vendors = entry.vendors.map((vendor) => ({ id: vendor.id, name: mergedName(undefined, vendor.name) }));
  if (!base) {
    const missing = [...REQUIRED[entry.platform], 'name.ru', 'name.en'].filter((field) =>
      field.startsWith('name.')
        ? (tenant.name as Partial<BilingualName>)[field.slice(5) as 'ru'] === undefined
        : tenant[field] === undefined,
    );
    for (const field of missing) problems.push(`${field} is required for a tenant that is not built in`);
  }
  return tenant as unknown as MeshTenant | DnevnikTenant | EljurTenant;
}

/**
 * `tenants` with the file's entries applied: overrides in place, new tenants after them in file order,
 * disabled ones left out. Problems, each prefixed with the entry's label, go to `problems`.
 */
export function withTenantsFile(
  tenants: readonly Tenant[],
  entries: readonly LabelledEntry[],
  problems: string[],
): Tenant[] {
  const result = new Map<string, Tenant | null>(tenants.map((tenant) => [tenant.id, tenant]));
  for (const { label, entry, problems: shapeProblems } of entries) {
    if (entry === null) {
      problems.push(...shapeProblems);
      continue;
    }
    const base = result.get(entry.id) ?? undefined;
    if (entry.enabled === false) {
      result.set(entry.id, null);
      continue;
    }
    const found: string[] = [];
    const tenant = merged(base, entry, found);
    if (found.length === 0) found.push(...tenantProblems(tenant));
    problems.push(...found.map((problem) => `${label}: ${problem}`));
    result.set(entry.id, tenant);
  }
  return [...result.values()].filter((tenant): tenant is Tenant => tenant !== null);
}
