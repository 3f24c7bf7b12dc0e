/**
 * Browsers with notifications on: a parent or a trusted person registers a browser's push subscription,
 * lists theirs and removes one. The endpoint and keys let anyone send to the browser, so they are stored
 * only sealed, and shown to nobody: the list shows the push service's host and the family's label.
 */
import { createHash, randomBytes } from 'node:crypto';
import { checkWebhookUrl } from '../deliveries/webhook-address-policy.js';
import { BadUserInputError, LimitReachedError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import { pushTargetContext, type GatewayStore, type PushSubscriptionRecord } from '../store/store.js';
import { checkRegistration, type PushRegistrationInput } from './push-input.js';

/**
 * The most browsers one person keeps notifications on in: two phones, a tablet and a few computers, with
 * room to spare. Each is a send per change, so the bound also bounds what one person costs per change.
 */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

/** Where a notification goes and what it is encrypted for (RFC 8291): never shown, never logged. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** What registering needs. */
export interface PushRegistrationDeps {
  store: GatewayStore;
  vault: CredentialVault;
  /** Epoch milliseconds. */
  now: () => number;
  /** `WEB_PUSH`: off refuses registrations. */
  enabled: boolean;
  /** Accept `http` endpoints (tests only: a push service on loopback). */
  allowHttp: boolean;
  /**
   * The deliveries' hooks: a new browser starts at the newest change (it is not sent the feed's past),
   * and is looked at soon. Absent: nothing is sent (Web Push off, or no engine in this process).
   */
  engine?: {
    begin(target: { id: string; ownerUserId: string; enabled: boolean }): Promise<void>;
    wake(id: string): void;
  };
}

/**
 * Registers (or registers again) a browser for `owner`; answers the record as stored.
 * @throws BadUserInputError for a malformed subscription or Web Push off; LimitReachedError at the bound.
 */
export async function registerPushSubscription(
  owner: string,
  input: PushRegistrationInput,
  deps: PushRegistrationDeps,
): Promise<PushSubscriptionRecord> {
  if (!deps.enabled)
    throw new BadUserInputError('Web Push is off on this gateway (WEB_PUSH=off).', undefined, phrase('push.off'));
  const checked = checkRegistration(input, deps.allowHttp);
  // A push service written as a private or loopback address would be refused at every send: say so now.
  // (A name that resolves to one is refused when it is resolved, at the send.)
  if ('refused' in checkWebhookUrl(checked.endpoint, deps.allowHttp ? 'any' : 'public'))
    throw new BadUserInputError(
      "The endpoint must be the push service's https address, as PushManager.subscribe gave it.",
      'input.endpoint',
      phrase('push.badEndpoint'),
    );
  const endpointHash = createHash('sha256').update(checked.endpoint).digest('hex');
  const target: PushTarget = { endpoint: checked.endpoint, p256dh: checked.p256dh, auth: checked.auth };
  const record: PushSubscriptionRecord = {
    id: `push_${randomBytes(16).toString('base64url')}`,
    ownerUserId: owner,
    endpointHash,
    sealedTarget: deps.vault.seal({ ...target }, pushTargetContext({ ownerUserId: owner, endpointHash })),
    pushService: checked.pushService,
    label: checked.label,
    createdAt: deps.now(),
    lastDeliveredAt: null,
    lastFailedAt: null,
  };
  const stored = await deps.store.savePushSubscription(record, MAX_PUSH_SUBSCRIPTIONS);
  if (!stored)
    throw new LimitReachedError(
      'pushSubscriptions',
      MAX_PUSH_SUBSCRIPTIONS,
      `Notifications are already on in ${MAX_PUSH_SUBSCRIPTIONS} browsers; turn them off in one you no longer use.`,
      phrase('push.tooMany', { max: MAX_PUSH_SUBSCRIPTIONS }),
    );
  // A browser registering again keeps its place in the feed: only a new one starts at the newest change.
  if (stored.id === record.id) await deps.engine?.begin({ id: stored.id, ownerUserId: owner, enabled: true });
  deps.engine?.wake(stored.id);
  return stored;
}

/**
 * Forgets `owner`'s subscription `id`: nothing more is sent to it. `false` when `owner` has none with this
 * id: removed already (a second tap, another tab), another person's, or made up — told apart for nobody,
 * so an id says nothing about whether someone else's browser exists.
 */
export function removePushSubscription(owner: string, id: string, store: GatewayStore): Promise<boolean> {
  return store.deletePushSubscription(id, owner);
}

/**
 * The endpoint and keys of a stored subscription.
 * @throws CredentialVaultError when the sealed target does not open (another record's, or keys rotated away).
 */
export function openPushTarget(record: PushSubscriptionRecord, vault: Pick<CredentialVault, 'open'>): PushTarget {
  const opened = vault.open(record.sealedTarget, pushTargetContext(record));
  return { endpoint: opened.endpoint ?? '', p256dh: opened.p256dh ?? '', auth: opened.auth ?? '' };
}
