/**
 * The gateway's id of a person who signs in with OpenID Connect. Derived, not random, so the same person
 * gets the same id on every gateway replica and after a store is rebuilt, and the scripted demo parent
 * (`src/demo/start-demo.ts`) is the very user who signs in at the demo issuer.
 */
import { createHmac } from 'node:crypto';

/**
 * `usr_` + the first 22 characters (132 bits) of base64url HMAC-SHA-256(idSecret, issuerKey + "\n" + subject).
 * Keyed, so the id does not reveal the issuer's subject (an ESIA oid is personal data).
 * @example deriveUserId(config.idSecret, 'https://esia.gosuslugi.ru/', '1000299353') // 'usr_…'
 */
export function deriveUserId(idSecret: string, issuerKey: string, subject: string): string {
  // The newline separates issuer from subject; an issuer holding one could make two pairs collide.
  // (Issuer URLs and the demo's key never do; a subject may hold anything, being last.)
  if (issuerKey.includes('\n')) throw new TypeError('deriveUserId: the issuer key must not contain a newline');
  const digest = createHmac('sha256', idSecret).update(`${issuerKey}\n${subject}`, 'utf8').digest('base64url');
  return `usr_${digest.slice(0, 22)}`;
}
