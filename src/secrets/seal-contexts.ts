/**
 * What each sealed blob is bound to besides the key (the AES-GCM additional data): a diary account's
 * credentials to the account id, a webhook's signing secret to `webhook:<id>`. So a blob copied onto
 * another record (another account, another webhook, an account from a webhook) never opens there. In one
 * place, because sealing (`src/deliveries`) and resealing after a key rotation (`reseal.ts`) must agree.
 */

/** The context a webhook's secret is sealed for. */
export const webhookSealContext = (webhookId: string): string => `webhook:${webhookId}`;
