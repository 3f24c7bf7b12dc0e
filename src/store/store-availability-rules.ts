/**
 * What the store-availability wrapper (`store-availability.ts`) does with each store method: the reads it
 * remembers (with the cache key and the record ids each answer holds), what each known write makes it
 * forget, and the methods that pass through untouched. Tables, so a new store method is placed by adding
 * one line; a method in none of them counts as a write that may change anything.
 */
import type { GatewayStore, GrantRecord, ProviderAccountRecord, SessionRecord } from './store.js';

/** A method of the store. */
export type Method = keyof GatewayStore;
/** A method's arguments, as the wrapper passes them on. */
export type Args = readonly unknown[];

/** The reads that are remembered: cache key, and the ids inside the answer. */
export const REMEMBERED: Partial<
  Record<Method, { key: (args: Args) => string; mentions: (value: unknown) => string[] }>
> = {
  findSession: { key: ([hash]) => `session:${String(hash)}`, mentions: () => [] },
  getUser: { key: ([id]) => `user:${String(id)}`, mentions: () => [] },
  getProviderAccount: {
    key: ([id]) => `account:${String(id)}`,
    mentions: (value) => [(value as ProviderAccountRecord).id],
  },
  listProviderAccounts: { key: ([userId]) => `accounts:${String(userId)}`, mentions: (value) => idsOf(value) },
  listStudentLinks: { key: ([accountId]) => `links:${String(accountId)}`, mentions: () => [] },
  listMatchDecisions: { key: ([userId]) => `decisions:${String(userId)}`, mentions: () => [] },
  listGrantsByGrantee: { key: ([userId]) => `received-grants:${String(userId)}`, mentions: (value) => idsOf(value) },
  listGrantsByOwner: { key: ([userId]) => `given-grants:${String(userId)}`, mentions: (value) => idsOf(value) },
};

function idsOf(records: unknown): string[] {
  return (records as { id: string }[]).map((record) => record.id);
}

/**
 * What each known write may change: exact keys, and record ids whose every mention is forgotten. Keyed
 * by name (not by the interface's keys) on purpose: a method renamed or added later is simply unknown,
 * and an unknown method forgets everything, which is always safe.
 */
export const FORGETS: Readonly<Record<string, (args: Args) => { keys: string[]; ids: string[] }>> = {
  putUser: ([user]) => ({ keys: [`user:${(user as { id: string }).id}`], ids: [] }),
  putSession: ([session]) => ({ keys: [`session:${(session as SessionRecord).tokenHash}`], ids: [] }),
  deleteSession: ([hash]) => ({ keys: [`session:${String(hash)}`], ids: [] }),
  putProviderAccount: ([account]) => accountChange(account as ProviderAccountRecord),
  addProviderAccount: ([account]) => accountChange(account as ProviderAccountRecord),
  updateProviderAccount: ([id]) => ({ keys: [`account:${String(id)}`], ids: [String(id)] }),
  deleteProviderAccount: ([id]) => ({ keys: [`account:${String(id)}`, `links:${String(id)}`], ids: [String(id)] }),
  updateStudentLink: ([accountId]) => ({ keys: [`links:${String(accountId)}`], ids: [] }),
  removeStudentLink: ([link]) => ({ keys: [`links:${(link as { accountId: string }).accountId}`], ids: [] }),
  addMatchDecision: ([decision]) => ({ keys: [`decisions:${(decision as { userId: string }).userId}`], ids: [] }),
  createGrant: ([grant]) => grantChange(grant as GrantRecord),
  // Revoking removes access: every list that holds the grant (above all the invitee's) is forgotten.
  updateGrant: ([id]) => ({ keys: [], ids: [String(id)] }),
  // No read of calendar feeds is remembered (see PASS_THROUGH), so their writes have nothing to forget;
  // listed here so that a fetch noting its time does not forget every family's remembered reads.
  createCalendarFeed: () => ({ keys: [], ids: [] }),
  updateCalendarFeed: () => ({ keys: [], ids: [] }),
  // Likewise for webhooks: never remembered (see PASS_THROUGH), so their writes forget nothing.
  createWebhook: () => ({ keys: [], ids: [] }),
  updateWebhook: () => ({ keys: [], ids: [] }),
  deleteWebhook: () => ({ keys: [], ids: [] }),
  // Likewise for browsers with notifications on (each delivery notes its time) and the gateway's secrets.
  savePushSubscription: () => ({ keys: [], ids: [] }),
  updatePushSubscription: () => ({ keys: [], ids: [] }),
  deletePushSubscription: () => ({ keys: [], ids: [] }),
  claimGatewaySecret: () => ({ keys: [], ids: [] }),
  updateGatewaySecret: () => ({ keys: [], ids: [] }),
  // Likewise for message sends: never remembered (a retry must see the send's latest state), so a send
  // forgets nothing of what families read.
  claimMessageSend: () => ({ keys: [], ids: [] }),
  updateMessageSend: () => ({ keys: [], ids: [] }),
};

function accountChange(account: ProviderAccountRecord): { keys: string[]; ids: string[] } {
  return { keys: [`account:${account.id}`, `accounts:${account.userId}`, `links:${account.id}`], ids: [account.id] };
}

function grantChange(grant: GrantRecord): { keys: string[]; ids: string[] } {
  const keys = [`given-grants:${grant.ownerUserId}`];
  if (grant.granteeUserId) keys.push(`received-grants:${grant.granteeUserId}`);
  return { keys, ids: [grant.id] };
}

/**
 * A refreshed diary token changes nothing a family sees, and refreshes come often (Dnevnik.ru tokens
 * last about an hour): forgetting the account lists on each one would leave nothing to serve should the
 * store fail right after. So the remembered copies take the new sealed credentials once the write has
 * succeeded, and are kept as they are when it did not.
 */
export const CREDENTIALS_UPDATE = 'updateProviderCredentials';

/** Methods that neither change a remembered record nor are worth remembering. */
export const PASS_THROUGH: ReadonlySet<string> = new Set([
  'findUserByLogin',
  'putPendingLogin',
  'takePendingLogin',
  'putPendingLink',
  'takePendingLink',
  'providerAccountsVersion',
  'getGrant',
  'findGrantByCodeHash',
  'listAllProviderAccountIds',
  // Never served from memory: a revoked feed's address must stop answering at once, on every replica, so
  // while the store is away a feed is refused (503) rather than served from a copy that may predate it.
  'findCalendarFeedByTokenHash',
  'listCalendarFeeds',
  // Read by their owner's mutations and by the delivery engine, which must not deliver from an old copy.
  'getWebhook',
  'listWebhooks',
  'listAllWebhookIds',
  // Likewise: a browser turned off must not be sent to from an old copy.
  'getPushSubscription',
  'listPushSubscriptions',
  'listAllPushSubscriptionIds',
]);
