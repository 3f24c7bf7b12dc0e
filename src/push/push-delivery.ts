/**
 * Web Push as a delivery transport (`src/deliveries`): each browser with notifications on is a target that
 * follows its owner's feed, and each delivery is one notification telling the changes handed over (up to
 * {@link PUSH_MAX_BATCH}), encrypted for that browser. The registry reads the browsers from the store; a
 * browser the push service calls gone, or one that kept failing for the engine's whole patience, is
 * forgotten (its owner turns notifications on again from the page).
 */
import type { Dispatcher } from 'undici';
import type { VapidKeyPair } from '../config/web-push.js';
import { failureClass, policedAgent } from '../deliveries/outbound.js';
import type { DeliveryOutcome, DeliveryTarget, DeliveryTransport, TargetRegistry } from '../deliveries/ports.js';
import { checkWebhookUrl, type WebhookUrlPolicy } from '../deliveries/webhook-address-policy.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import { pushTargetContext, type GatewayStore, type PushSubscriptionRecord } from '../store/store.js';
import { pushMessage } from './push-message.js';
import { openPushTarget } from './push-registrations.js';
import { sendPush } from './push-sender.js';

/**
 * The most changes one notification tells: a phone shows three lines and a count, so more would only be
 * ids in the payload; the rest come in the next notification.
 */
export const PUSH_MAX_BATCH = 20;

/** A browser as the engine's target. */
export interface PushDeliveryTarget extends DeliveryTarget {
  record: PushSubscriptionRecord;
}

/** What the push transport needs. */
export interface PushTransportOptions {
  store: GatewayStore;
  vault: Pick<CredentialVault, 'open' | 'seal' | 'needsResealing'>;
  vapidKeys: VapidKeyPair;
  /** The VAPID subject (`vapidSubject`), asked per send: the public address may be learned after start. */
  subject: () => string;
  /** The family page's address, opened on a tap. */
  pageUrl: () => string;
  /** The owner's students' first names by `Student.id`. */
  names: (ownerUserId: string) => Promise<ReadonlyMap<string, string>>;
  /** `WEB_PUSH_ENDPOINTS`: `public` refuses push services at loopback and private addresses. */
  policy: WebhookUrlPolicy;
  /** The longest wait for a push service's answer. */
  timeoutMs: number;
  now: () => number;
  /** The connection pool; a policed one of its own when absent. */
  dispatcher?: Dispatcher;
}

/** The push transport, with the pool it owns (close it on shutdown). */
export interface PushTransport extends DeliveryTransport<PushDeliveryTarget> {
  close(): Promise<void>;
}

/** Creates the push transport. */
export function createPushTransport(options: PushTransportOptions): PushTransport {
  const owned = options.dispatcher ? null : policedAgent({ policy: options.policy });
  const dispatcher = options.dispatcher ?? owned!;
  let closing: Promise<void> | null = null;

  const note = (id: string, delivered: boolean) =>
    options.store
      .updatePushSubscription(id, (record) =>
        delivered
          ? { ...record, lastDeliveredAt: options.now(), lastFailedAt: null }
          : { ...record, lastFailedAt: options.now() },
      )
      // A note is a courtesy to the owner's list: never a reason to send again.
      .catch(() => null);

  /** Seals a subscription read under an older key with the first one, as accounts are on use. */
  const resealed = async (record: PushSubscriptionRecord) => {
    if (!options.vault.needsResealing(record.sealedTarget)) return;
    const context = pushTargetContext(record);
    await options.store
      .updatePushSubscription(record.id, (current) =>
        options.vault.needsResealing(current.sealedTarget)
          ? { ...current, sealedTarget: options.vault.seal(options.vault.open(current.sealedTarget, context), context) }
          : null,
      )
      .catch(() => null);
  };

  return {
    name: 'push',
    maxBatch: PUSH_MAX_BATCH,
    async deliver(target, changes, signal): Promise<DeliveryOutcome> {
      let browser;
      try {
        browser = openPushTarget(target.record, options.vault);
      } catch {
        // Sealed with a key no longer configured, or damaged: nothing can ever be sent to it.
        return { kind: 'gone', reason: 'unreadable_subscription' };
      }
      await resealed(target.record);
      // Checked on every send, as the policy may have changed since registration.
      if ('refused' in checkWebhookUrl(browser.endpoint, options.policy)) {
        await note(target.id, false);
        return { kind: 'retry', reason: 'address_refused' };
      }
      const message = pushMessage(changes, await options.names(target.ownerUserId), options.pageUrl());
      const sent = await sendPush(
        browser,
        message,
        { vapidKeys: options.vapidKeys, subject: options.subject(), timeoutMs: options.timeoutMs, dispatcher },
        signal,
      );
      await note(target.id, sent.kind === 'delivered');
      return sent.kind === 'retry' && sent.error !== undefined
        ? { kind: 'retry', reason: failureClass(sent.error, signal) }
        : sent;
    },
    close: () => (closing ??= owned ? owned.close() : Promise.resolve()),
  };
}

/** The browsers as the engine's targets. */
export function createPushRegistry(store: GatewayStore): TargetRegistry<PushDeliveryTarget> {
  const forget = async (id: string) => {
    const record = await store.getPushSubscription(id);
    if (record) await store.deletePushSubscription(id, record.ownerUserId);
  };
  return {
    allIds: () => store.listAllPushSubscriptionIds(),
    async get(id) {
      const record = await store.getPushSubscription(id);
      return record ? { id: record.id, ownerUserId: record.ownerUserId, enabled: true, record } : null;
    },
    forget,
    // Days of failures: the browser is most likely gone (a phone reset); the page registers again when opened.
    disable: (id) => forget(id),
  };
}
