/**
 * What each sealed blob is bound to besides the key (the AES-GCM additional data): a diary account's
 * credentials to the account id, a webhook's signing secret to `webhook:<id>`, a gateway secret to
 * `gateway-secret:<name>` (a browser's push subscription to its owner and endpoint: `pushTargetContext` of
 * `src/store/store.ts`). So a blob copied onto
 * another record (another account, another webhook, an account from a webhook) never opens there. In one
 * place, because sealing (`src/deliveries`) and resealing after a key rotation (`reseal.ts`) must agree.
 */

/** The context a webhook's secret is sealed for. */
export const webhookSealContext = (webhookId: string): string => `webhook:${webhookId}`;

/** The gateway's own secrets kept in the store (`claimGatewaySecret`): the Web Push key pair. */
export const GATEWAY_SECRET_NAMES = ['web-push-vapid'] as const;

/** The context a gateway secret is sealed for. */
export const gatewaySecretSealContext = (name: string): string => `gateway-secret:${name}`;
