/**
 * Webhooks in the schema (`schema/webhooks.graphql`): `Viewer.webhooks`, the `Webhook` type with its
 * delivery log, and the mutations. The rules are `src/deliveries`'s; nothing here sees a secret in clear
 * except the one the gateway made, returned once by `createWebhook`.
 */
import {
  createWebhook,
  deleteWebhook,
  setWebhookEnabled,
  updateWebhook,
  webhookAttempts,
  webhookStatus,
  type WebhookDeps,
} from '../../deliveries/webhooks.js';
import type { GatewayContext } from '../context.js';
import { requireUser } from './enrollment-loads.js';
import type {
  MutationResolvers,
  ViewerResolvers,
  WebhookDeliveryPageResolvers,
  WebhookDeliveryResolvers,
  WebhookResolvers,
} from '../resolvers.generated.js';
import { instant } from './instants.js';

const progressOf = async (context: GatewayContext, id: string) => context.services.webhooks.state.progress(id);

export const Webhook: WebhookResolvers = {
  status: (webhook) => webhookStatus(webhook),
  createdAt: (webhook) => instant(webhook.createdAt),
  disabledAt: (webhook) => (webhook.disabledAt === null ? null : instant(webhook.disabledAt)),
  async lastDeliveredAt(webhook, _args, context) {
    const at = (await progressOf(context, webhook.id))?.lastDeliveredAt ?? null;
    return at === null ? null : instant(at);
  },
  async failingSince(webhook, _args, context) {
    const at = (await progressOf(context, webhook.id))?.failingSince ?? null;
    return at === null ? null : instant(at);
  },
  async nextAttemptAt(webhook, _args, context) {
    const progress = await progressOf(context, webhook.id);
    return progress && progress.failures > 0 ? instant(progress.nextAttemptAt) : null;
  },
  deliveries: (webhook, { first, after }, context) =>
    webhookAttempts(webhook.id, after ?? null, first ?? 20, webhookDeps(context)),
};

export const WebhookDeliveryPage: WebhookDeliveryPageResolvers = {
  deliveries: (page) => page.attempts,
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  attemptedAt: (attempt) => instant(attempt.at),
  httpStatus: (attempt) => attempt.status,
};

/** The viewer's webhooks, newest first. Their delivery state changes without the store: never kept. */
export const viewerWebhooks: NonNullable<ViewerResolvers['webhooks']> = (viewer, _args, context) => {
  context.answerNotKept('webhook deliveries');
  return context.services.store.listWebhooks(viewer.id);
};

export const webhookMutations: Pick<
  MutationResolvers,
  'createWebhook' | 'updateWebhook' | 'disableWebhook' | 'enableWebhook' | 'deleteWebhook'
> = {
  createWebhook: (_root, { input }, context) =>
    createWebhook(requireUser(context), input, webhookDeps(context)).then(({ webhook, secret }) => ({
      webhook,
      secret,
    })),
  updateWebhook: (_root, { id, input }, context) =>
    updateWebhook(requireUser(context), id, input, webhookDeps(context)),
  disableWebhook: (_root, { id }, context) => setWebhookEnabled(requireUser(context), id, false, webhookDeps(context)),
  enableWebhook: (_root, { id }, context) => setWebhookEnabled(requireUser(context), id, true, webhookDeps(context)),
  deleteWebhook: (_root, { id }, context) => deleteWebhook(requireUser(context), id, webhookDeps(context)),
};

function webhookDeps(context: GatewayContext): WebhookDeps {
  const { store, vault, webhooks, now } = context.services;
  return { store, vault, ...webhooks, now: () => now().getTime() };
}
