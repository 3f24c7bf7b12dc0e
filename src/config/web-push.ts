/**
 * Reading the Web Push settings (`WEB_PUSH`, `VAPID_PUBLIC_KEY`, `VAPID_PRIVATE_KEY`, `VAPID_SUBJECT`): the
 * key pair that identifies this gateway to browsers' push services (RFC 8292, "VAPID"). A browser's
 * subscription is bound to the public key it was made with, so the pair must stay the same across restarts
 * and replicas: set it here, or leave it unset and the gateway makes one once and keeps it sealed in the
 * store (src/push/vapid-keys.ts).
 */

/** A VAPID key pair, base64url without padding, as `web-push generate-vapid-keys` prints it. */
export interface VapidKeyPair {
  /** The uncompressed P-256 point: 65 bytes, starting 0x04. */
  readonly publicKey: string;
  /** The private scalar: 32 bytes. */
  readonly privateKey: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Checks a configured pair's shape; problems name the variable, never echo a key. */
export function parseVapidKeys(
  publicKey: string | undefined,
  privateKey: string | undefined,
  problems: string[],
): VapidKeyPair | null {
  if (publicKey === undefined && privateKey === undefined) return null;
  if (publicKey === undefined || privateKey === undefined) {
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both or neither');
    return null;
  }
  const decoded = (value: string) => (BASE64URL.test(value) ? Buffer.from(value, 'base64url') : Buffer.alloc(0));
  const point = decoded(publicKey);
  if (point.length !== 65 || point[0] !== 4)
    problems.push('VAPID_PUBLIC_KEY: must be base64url of an uncompressed P-256 point (65 bytes, starting 0x04)');
  if (decoded(privateKey).length !== 32) problems.push('VAPID_PRIVATE_KEY: must be base64url of 32 bytes');
  return { publicKey, privateKey };
}
