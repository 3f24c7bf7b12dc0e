/**
 * Web Push in the schema: `Query.webPushPublicKey`, `Viewer.pushSubscriptions`, `registerPushSubscription`,
 * `removePushSubscription` and the `PushSubscription` type. The rules are `src/push`'s; sending is the
 * deliveries' (`src/deliveries`).
 */
import { registerPushSubscription, removePushSubscription } from '../../push/push-registrations.js';
import { requireUser } from './enrollment-loads.js';
import type {
  MutationResolvers,
  PushSubscriptionResolvers,
  QueryResolvers,
  ViewerResolvers,
} from '../resolvers.generated.js';
import { instant } from './instants.js';

export const PushSubscription: PushSubscriptionResolvers = {
  createdAt: (record) => instant(record.createdAt),
  lastDeliveredAt: (record) => (record.lastDeliveredAt === null ? null : instant(record.lastDeliveredAt)),
  lastFailedAt: (record) => (record.lastFailedAt === null ? null : instant(record.lastFailedAt)),
};

/** The VAPID public key, `null` with Web Push off. Public: it opens nothing. */
export const webPushPublicKey: NonNullable<QueryResolvers['webPushPublicKey']> = (_root, _args, context) =>
  context.services.push?.vapidKeys?.publicKey ?? null;

/** The browsers in which the viewer turned notifications on, newest first (never their endpoints or keys). */
export const viewerPushSubscriptions: NonNullable<ViewerResolvers['pushSubscriptions']> = (viewer, _args, context) =>
  context.services.store.listPushSubscriptions(viewer.id);

export const pushMutations: Pick<MutationResolvers, 'registerPushSubscription' | 'removePushSubscription'> = {
  registerPushSubscription(_root, { input }, context) {
    const { store, vault, now, push } = context.services;
    return registerPushSubscription(requireUser(context), input, {
      store,
      vault,
      now: () => now().getTime(),
      enabled: push?.vapidKeys != null,
      allowHttp: push?.allowHttpEndpoints ?? false,
      engine: push?.engine,
    });
  },
  removePushSubscription: (_root, { id }, context) =>
    removePushSubscription(requireUser(context), id, context.services.store),
};
