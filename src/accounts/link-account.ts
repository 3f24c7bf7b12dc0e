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
import { BadUserInputError, NotSupportedByProviderError, ProviderError, ProviderLinkRefusedError } from '../errors/gateway-error.js';
import { compareHolder } from '../identity/matching.js';
import type { AdapterRegistry } from '../loaders/request-loaders.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';
import { rememberChildren } from '../students/account-children.js';
import { saveProviderAccount } from './save-account.js';

/** What linking needs. */
export interface LinkingDeps {
  store: GatewayStore;
  adapters: AdapterRegistry;
  vault: CredentialVault;
  idSecret: string;
  now: () => number;
}

/** Links a diary account for a user; resolves with the stored link. */
export async function linkProviderAccount(
  userId: string,
  input: LinkCredentials,
  scope: UpstreamScope,
  deps: LinkingDeps,
): Promise<ProviderAccountRecord> {
  const adapter = deps.adapters[input.provider];
  if (!adapter) throw new NotSupportedByProviderError(input.provider, 'this gateway is not configured to serve it');
  const { credentials, probe, profile } = await verifyWithDiary(adapter, input, scope);
  const [user, existing] = await Promise.all([deps.store.getUser(userId), deps.store.listProviderAccounts(userId)]);
  const holder = holderIdentity(profile);
  const same = await findSameAccount(existing, input.provider, holder, profile, deps.store);
  const record = await saveProviderAccount(
    {
      id: same?.id ?? probe.id,
      userId,
      provider: input.provider,
      credentials,
      holder,
      holderMatch: compareHolder(holder, user?.person ?? null),
      linkedAt: same?.linkedAt ?? deps.now(),
    },
    deps,
  );
  await rememberChildren(record.id, profile.students, deps);
  return record;
}

/** What unlinking needs. */
export interface UnlinkingDeps {
  store: GatewayStore;
  /** Drops everything cached for the account: a family's diary data must not outlive the link. */
  forget: (accountId: string) => Promise<void>;
}

/**
 * Unlinks one of the user's accounts and forgets its cached diary data; an id that is not theirs is
 * refused like an unknown one.
 */
export async function unlinkProviderAccount(userId: string, accountId: string, deps: UnlinkingDeps): Promise<void> {
  const record = await deps.store.getProviderAccount(accountId);
  if (!record || record.userId !== userId) throw new BadUserInputError('No linked account has this id.', 'id');
  await deps.store.deleteProviderAccount(accountId);
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
    const known = (await store.listStudentLinks(record.id)).map((link) => `${link.snapshot.provider}\u0000${link.snapshot.externalId}`);
    if (known.length === 0 ? children.size === 0 : known.some((child) => children.has(child))) return record;
  }
  return undefined;
}

/** Signs in to the diary and reads the account at once; a refusal says to check the credentials. */
async function verifyWithDiary(adapter: ProviderAdapter, input: LinkCredentials, scope: UpstreamScope) {
  try {
    const credentials = await adapter.signIn(input, scope);
    const probe: ProviderAccount = { id: `acc_${randomBytes(16).toString('base64url')}`, provider: input.provider, credentials };
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
