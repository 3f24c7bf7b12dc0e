/**
 * The signature of a webhook delivery, as Stripe and GitHub sign theirs: an HMAC-SHA256 with the webhook's
 * secret over `<unix seconds>.<raw body>`, sent as `Webhook-Signature: t=<unix seconds>,v1=<hex>`. The
 * timestamp is inside what is signed, so a receiver that refuses old timestamps (5 minutes, say) also
 * refuses a captured delivery replayed later. docs/webhooks.md shows a receiver's check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header's value for `body` sent at `unixSeconds`. */
export function signWebhookBody(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, unixSeconds, body)}`;
}

function hmacHex(secret: string, unixSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
}

/**
 * A receiver's check (the docs' snippet, and the tests'): the header names a timestamp within
 * `toleranceSeconds` of `nowSeconds` and a `v1` signature equal to the expected one (compared in constant
 * time). Any `v1` may match, so a sender may sign with two secrets while one is being replaced.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
