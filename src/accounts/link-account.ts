/**
 * Linking and unlinking diary accounts. Linking signs in to the diary with what the parent typed, reads
 * the account's holder and children at once (a refusal is a typed error and stores nothing), and only then
 * stores the link with its credentials sealed. Linking the same diary account again (after a password
 * change or a lapsed token) replaces the credentials of the existing link instead of adding a second one.
 */
import { randomBytes } from 'node:crypto';
import type { LinkCredentials, ProviderAccount, ProviderAdapter, UpstreamScope } from '../domain/adapter.js';
import type { ProviderAccountProfile } from '../domain/model.js';
import type { PersonIdentity } from '../domain/person.js';
import {
  BadUserInputError,
  NotSupportedByProviderError,
  ProviderError,
  ProviderLinkRefusedError,
} from '../errors/gateway-error.js';
import { compareHolder } from '../identity/matching.js';
import { displayName } from '../identity/names.js';
import type { AdapterRegistry } from '../loaders/request-loaders.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import { StoreError } from '../store/store-error.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';
import { firstSighting, rememberChildren, studentLink } from '../students/account-children.js';
import { runAsLinkAttempt } from '../upstream/link-attempt.js';
import { checkLinkCredentials } from './credential-shape.js';

/** What linking needs. */
export interface LinkingDeps {
  store: GatewayStore;
  adapters: AdapterRegistry;
  vault: CredentialVault;
  idSecret: string;
  now: () => number;
  /**
   * Told of each link stored (new or renewed), with the user it is for (the gateway starts a structure
   * prefetch); must return at once and not throw.
   */
  onLinked?: (userId: string) => void;
}

/** Where to link: the tenant (installation of the diary) the account lives on. */
export interface LinkTarget {
  /** The tenant's id; absent: the diary's primary tenant (`mesh-moscow`, `dnevnik-ru`, `eljur`). */
  tenantId?: string | undefined;
}

/**
 * Links a diary account for a user on a tenant; resolves with the stored link. Linking an account of the
 * same holder and children on the same tenant again (a lapsed token) renews its credentials and keeps its
 * id, and with it the children's ids, matches and grants.
 */
export async function linkProviderAccount(
  userId: string,
  typed: LinkCredentials,
  scope: UpstreamScope,
  deps: LinkingDeps,
  target: LinkTarget = {},
): Promise<ProviderAccountRecord> {
  // Before any diary is called: a value no diary accepts (a token with CR/LF) is the parent's mistake to
  // fix, not a request to send (docs/resilience.md, "Link attempts").
  const input = checkLinkCredentials(typed);
  const tenantId = target.tenantId ?? deps.adapters.tenantOf({ provider: input.provider });
  const adapter = tenantId === undefined ? undefined : deps.adapters.forTenant(tenantId);
  if (tenantId === undefined || !adapter) {
    const what = target.tenantId === undefined ? 'it' : 'this tenant of it';
    throw new NotSupportedByProviderError(input.provider, `this gateway is not configured to serve ${what}`);
  }
  if (adapter.provider !== input.provider)
    throw new BadUserInputError(`The tenant is not one of ${input.provider}'s.`, 'tenant');
  // A link attempt: its calls are neither retried nor counted by the diary's breaker (one person's input).
  const { credentials, probe, profile } = await runAsLinkAttempt(() => verifyWithDiary(adapter, input, scope));
  const user = await deps.store.getUser(userId);
  const holder = holderIdentity(profile);
  const holderMatch = compareHolder(holder, user?.person ?? null);
  // Deciding "the same account again, or a new one" and writing it must not race another link or an unlink
  // of this family's accounts (issue 10, finding 1). A relink writes only while its account still exists,
  // so an acknowledged unlink is never undone; a new link is written only while the user's accounts are
  // still those looked at, with its children in the same step, so a second link of the same diary account
  // racing this one finds it complete and relinks it instead of adding a twin. Losing a race means the
  // family's accounts changed: look again.
  for (let attempt = 0; attempt < MAX_LINK_ATTEMPTS; attempt += 1) {
    const version = await deps.store.providerAccountsVersion(userId);
    const existing = await deps.store.listProviderAccounts(userId);
    const onTenant = existing.filter((record) => deps.adapters.tenantOf(record) === tenantId);
    const same = await findSameAccount(onTenant, input.provider, holder, profile, deps.store);
    if (same) {
      // Sealed here rather than in save-account.ts: the write is conditional, and a relink keeps the id.
      const sealedCredentials = deps.vault.seal(credentials, same.id);
      const relinked = await deps.store.updateProviderAccount(same.id, (current) => ({
        ...current,
        displayName: displayName(holder),
        holder,
        holderMatch,
        sealedCredentials,
      }));
      if (!relinked) continue; // unlinked meanwhile: it is a new link now
      await rememberChildren(relinked.id, profile.students, deps);
      deps.onLinked?.(userId);
      return relinked;
    }
    const linkedAt = deps.now();
    const account: ProviderAccountRecord = {
      id: probe.id,
      userId,
      provider: input.provider,
      tenant: tenantId,
      displayName: displayName(holder),
      sealedCredentials: deps.vault.seal(credentials, probe.id),
      holder,
      holderMatch,
      linkedAt,
    };
    const links = profile.students.map((student) =>
      studentLink(account.id, student, firstSighting(student, linkedAt, deps.idSecret)),
    );
    if (await deps.store.addProviderAccount(account, links, version)) {
      deps.onLinked?.(userId);
      return account;
    }
  }
  throw new StoreError(
    'STORE_CONFLICT',
    `Linking kept meeting other changes of this user's accounts through ${MAX_LINK_ATTEMPTS} attempts; nothing was linked.`,
  );
}

/** How often linking looks again after losing a race with another link or unlink of the same user. */
const MAX_LINK_ATTEMPTS = 5;

/** What unlinking needs. */
export interface UnlinkingDeps {
  store: GatewayStore;
  /** Drops everything cached for the account: a family's diary data must not outlive the link. */
  forget: (accountId: string) => Promise<void>;
}

/**
 * Unlinks one of the user's accounts and forgets its cached diary data; an id that is not theirs is
 * refused like an unknown one, and so is an account another request unlinked first (of two unlinks
 * racing, one is told it happened).
 */
export async function unlinkProviderAccount(userId: string, accountId: string, deps: UnlinkingDeps): Promise<void> {
  const record = await deps.store.getProviderAccount(accountId);
  if (!record || record.userId !== userId) throw new BadUserInputError('No linked account has this id.', 'id');
  // An account never changes user, so the check above still holds for the delete.
  if (!(await deps.store.deleteProviderAccount(accountId)))
    throw new BadUserInputError('No linked account has this id.', 'id');
  // After the delete, so requests that start from now on cannot read the account and refill its entries.
  // (A request that opened the account just before may still store a result; it ages out by expiry.)
  await deps.forget(accountId);
}

/**
 * The user's existing link of this diary account, if any. Diaries give no account id, so an account is
 * recognised by its holder and its children: one parent may hold two accounts of one diary (two Eljur
 * schools, each its own vendor), and linking the second must not overwrite the first's credentials.
 * Relinking the same account shows at least one child it showed before (or none, as before).
 */
async function findSameAccount(
  existing: ProviderAccountRecord[],
  provider: ProviderAccountRecord['provider'],
  holder: PersonIdentity,
  profile: ProviderAccountProfile,
  store: GatewayStore,
): Promise<ProviderAccountRecord | undefined> {
  const children = new Set(profile.students.map((student) => `${student.provider}\u0000${student.externalId}`));
  for (const record of existing) {
    if (record.provider !== provider || !sameHolder(record.holder, holder)) continue;
    const known = (await store.listStudentLinks(record.id)).map(
      (link) => `${link.snapshot.provider}\u0000${link.snapshot.externalId}`,
    );
    if (known.length === 0 ? children.size === 0 : known.some((child) => children.has(child))) return record;
  }
  return undefined;
}

/** Signs in to the diary and reads the account at once; a refusal says to check the credentials. */
async function verifyWithDiary(adapter: ProviderAdapter, input: LinkCredentials, scope: UpstreamScope) {
  try {
    const credentials = await adapter.signIn(input, scope);
    const probe: ProviderAccount = {
      id: `acc_${randomBytes(16).toString('base64url')}`,
      provider: input.provider,
      credentials,
    };
    return { credentials, probe, profile: await adapter.fetchProfile(probe, scope) };
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'PROVIDER_AUTH_FAILED') {
      throw new ProviderLinkRefusedError(input.provider, { cause: error, upstreamStatus: error.upstreamStatus });
    }
    throw error;
  }
}

/** The holder as the gateway compares people (SNILS already hashed at the adapter boundary). */
function holderIdentity(profile: ProviderAccountProfile): PersonIdentity {
  const { lastName, firstName, middleName, birthDate, snils } = profile.holder;
  return { lastName, firstName, middleName, birthDate, snilsHash: snils };
}

/** Two links are one diary account when the holder is the same person record the diary sent. */
function sameHolder(a: PersonIdentity, b: PersonIdentity): boolean {
  return (
    a.lastName === b.lastName &&
    a.firstName === b.firstName &&
    a.middleName === b.middleName &&
    a.birthDate === b.birthDate &&
    a.snilsHash === b.snilsHash
  );
}
