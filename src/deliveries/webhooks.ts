/**
 * Registering webhooks (docs/webhooks.md): a viewer (a parent or a trusted person) names an address, and
 * every change of the children they see is POSTed there, signed. What each operation checks: the address
 * (`webhook-address-policy.ts`), the secret's form, the label's length, the bound per viewer, and that the
 * webhook is the caller's own (another's id is refused like one that does not exist).
 *
 * The secret is the integrator's, or 32 random bytes the gateway makes and shows once; either way it is
 * kept only sealed (`src/secrets`, bound to `webhook:<id>`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { BadUserInputError, LimitReachedError } from '../errors/gateway-error.js';
import { phrase } from '../errors/phrases.js';
import type { CredentialVault } from '../secrets/credential-vault.js';
import type { GatewayStore, WebhookRecord } from '../store/store.js';
import type { AttemptPage, DeliveryState } from './ports.js';
import { MAX_ATTEMPT_PAGE } from './state-checks.js';
import { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH, type WebhookUrlPolicy } from './webhook-address-policy.js';
import { webhookSealContext } from '../secrets/seal-contexts.js';

/** The most webhooks one viewer keeps: an integration or two per child of a large family. */
export const MAX_WEBHOOKS = 10;
/** The longest label. */
export const MAX_WEBHOOK_LABEL = 60;
/** A secret an integrator gives: 16–256 visible ASCII characters (16 is already 96+ bits of a random one). */
export const MIN_WEBHOOK_SECRET = 16;
export const MAX_WEBHOOK_SECRET = 256;
const SECRET = /^[\x21-\x7e]+$/;

/** What the webhook operations need. */
export interface WebhookDeps {
  store: GatewayStore;
  vault: Pick<CredentialVault, 'seal'>;
  state: DeliveryState;
  policy: WebhookUrlPolicy;
  now: () => number;
  /** The engine's hooks: start a new webhook at the newest change; run one now. */
  engine: {
    begin(target: { id: string; ownerUserId: string; enabled: boolean }): Promise<void>;
    wake(id: string): void;
  };
}

/** What a viewer gives to register or change a webhook. */
export interface WebhookInput {
  url?: string | null;
  secret?: string | null;
  label?: string | null;
}

/** The status a viewer reads. */
export type WebhookStatus = 'ACTIVE' | 'DISABLED' | 'FAILING' | 'GONE';

/** A webhook's status from its record. */
export function webhookStatus(webhook: WebhookRecord): WebhookStatus {
  if (webhook.disabledAt === null) return 'ACTIVE';
  return webhook.disabledReason === 'FAILING' ? 'FAILING' : webhook.disabledReason === 'GONE' ? 'GONE' : 'DISABLED';
}

/**
 * Registers a webhook of `owner`. Returns it with its secret when the gateway made one (shown only then).
 * @throws BadUserInputError for an address, secret or label out of bounds; LimitReachedError at {@link MAX_WEBHOOKS}.
 */
export async function createWebhook(
  owner: string,
  input: WebhookInput & { url: string },
  deps: WebhookDeps,
): Promise<{ webhook: WebhookRecord; secret: string | null }> {
  const url = checkUrl(input.url, deps.policy);
  const given = input.secret == null ? null : checkSecret(input.secret);
  const secret = given ?? `whsec_${randomBytes(32).toString('base64url')}`;
  const id = `whk_${randomUUID()}`;
  const at = deps.now();
  const webhook: WebhookRecord = {
    id,
    ownerUserId: owner,
    url,
    label: checkLabel(input.label ?? null),
    sealedSecret: deps.vault.seal({ secret }, webhookSealContext(id)),
    createdAt: at,
    updatedAt: at,
    disabledAt: null,
    disabledReason: null,
  };
  if (!(await deps.store.createWebhook(webhook, MAX_WEBHOOKS)))
    throw new LimitReachedError(
      'webhooks',
      MAX_WEBHOOKS,
      `You already keep ${MAX_WEBHOOKS} webhooks; delete one you no longer use, then register a new one.`,
      phrase('webhook.tooMany', { max: MAX_WEBHOOKS }),
    );
  await deps.engine.begin({ id, ownerUserId: owner, enabled: true });
  deps.engine.wake(id);
  return { webhook, secret: given === null ? secret : null };
}

/**
 * Changes the address, label or secret of the caller's webhook (a field left out stays as it is).
 * @throws BadUserInputError as {@link createWebhook}, and for an id that is not the caller's.
 */
export async function updateWebhook(
  owner: string,
  id: string,
  input: WebhookInput,
  deps: WebhookDeps,
): Promise<WebhookRecord> {
  const url = input.url == null ? null : checkUrl(input.url, deps.policy);
  const secret = input.secret == null ? null : checkSecret(input.secret);
  const label = input.label === undefined ? undefined : checkLabel(input.label);
  const updated = await deps.store.updateWebhook(id, (webhook) => {
    if (webhook.ownerUserId !== owner) throw notYours();
    return {
      ...webhook,
      ...(url === null ? {} : { url }),
      ...(label === undefined ? {} : { label }),
      ...(secret === null ? {} : { sealedSecret: deps.vault.seal({ secret }, webhookSealContext(id)) }),
      updatedAt: deps.now(),
    };
  });
  if (!updated) throw notYours();
  if (url !== null) {
    // A new address is a new chance: a back-off earned by the old one is not waited out.
    await deps.state.resetBackoff(id, deps.now());
    deps.engine.wake(id);
  }
  return updated;
}

/**
 * Turns the caller's webhook on or off. Turned on again, it starts at once (its back-off forgotten) from
 * where it stopped: the changes kept since (`CHANGE_FEED_RETENTION_DAYS`) are delivered in order.
 */
export async function setWebhookEnabled(
  owner: string,
  id: string,
  enabled: boolean,
  deps: WebhookDeps,
): Promise<WebhookRecord> {
  const at = deps.now();
  const updated = await deps.store.updateWebhook(id, (webhook) => {
    if (webhook.ownerUserId !== owner) throw notYours();
    if ((webhook.disabledAt === null) === enabled) return null;
    return enabled
      ? { ...webhook, disabledAt: null, disabledReason: null, updatedAt: at }
      : { ...webhook, disabledAt: at, disabledReason: 'BY_VIEWER', updatedAt: at };
  });
  if (!updated) throw notYours();
  if (enabled) {
    await deps.state.resetBackoff(id, at);
    deps.engine.wake(id);
  }
  return updated;
}

/** Deletes the caller's webhook and its delivery state; `false` when there is none of theirs with this id. */
export async function deleteWebhook(
  owner: string,
  id: string,
  deps: Pick<WebhookDeps, 'store' | 'state'>,
): Promise<boolean> {
  const webhook = await deps.store.getWebhook(id);
  if (!webhook || webhook.ownerUserId !== owner) return false;
  const deleted = await deps.store.deleteWebhook(id);
  await deps.state.forget(id);
  return deleted;
}

/** The caller's webhook, or `BAD_USER_INPUT` when there is none of theirs with this id. */
export async function ownWebhook(owner: string, id: string, store: GatewayStore): Promise<WebhookRecord> {
  const webhook = await store.getWebhook(id);
  if (!webhook || webhook.ownerUserId !== owner) throw notYours();
  return webhook;
}

/** The newest attempts of a webhook, after the attempt `before` (its id), at most `first`. */
export async function webhookAttempts(
  webhookId: string,
  before: string | null,
  first: number,
  deps: Pick<WebhookDeps, 'state' | 'now'>,
): Promise<AttemptPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_ATTEMPT_PAGE)
    throw new BadUserInputError(
      `first must be between 1 and ${MAX_ATTEMPT_PAGE}.`,
      'first',
      phrase('changes.firstOutOfRange', { max: MAX_ATTEMPT_PAGE }),
    );
  return deps.state.attempts(webhookId, before, first, deps.now());
}

function checkUrl(text: string, policy: WebhookUrlPolicy): string {
  const checked = checkWebhookUrl(text.trim(), policy);
  if ('url' in checked) return checked.url.href;
  const messages = {
    'not-a-url': 'The webhook address is not a URL.',
    'too-long': `The webhook address is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`,
    'not-https': 'The webhook address must be an https URL.',
    credentials: 'The webhook address must not hold a user name or password.',
    'private-address':
      'The webhook address points into a private network; give an address reachable from the internet.',
  } as const;
  throw new BadUserInputError(
    messages[checked.refused],
    'url',
    phrase('webhook.badUrl', { reason: checked.refused, max: MAX_WEBHOOK_URL_LENGTH }),
  );
}

function checkSecret(secret: string): string {
  if (secret.length >= MIN_WEBHOOK_SECRET && secret.length <= MAX_WEBHOOK_SECRET && SECRET.test(secret)) return secret;
  throw new BadUserInputError(
    `The secret must be ${MIN_WEBHOOK_SECRET}–${MAX_WEBHOOK_SECRET} visible ASCII characters.`,
    'secret',
    phrase('webhook.badSecret', { min: MIN_WEBHOOK_SECRET, max: MAX_WEBHOOK_SECRET }),
  );
}

function checkLabel(label: string | null): string | null {
  if (label === null) return null;
  const trimmed = label.trim();
  if (trimmed.length > MAX_WEBHOOK_LABEL)
    throw new BadUserInputError(`The label is longer than ${MAX_WEBHOOK_LABEL} characters.`, 'label');
  return trimmed === '' ? null : trimmed;
}

function notYours(): BadUserInputError {
  return new BadUserInputError('You have no webhook with this id.', 'id', phrase('webhook.notYours'));
}
