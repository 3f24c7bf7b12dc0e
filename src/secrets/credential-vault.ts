/**
 * Sealing diary credentials (tokens, an Eljur password) before they reach a store, so a copy of the store
 * file or of Redis holds nothing usable without the keys in `CREDENTIAL_KEYS`.
 *
 * AES-256-GCM with a random 12-byte IV per seal. The additional authenticated data binds the format
 * version, the key id and the account id, so a sealed blob copied onto another account (or relabelled
 * with another key id) fails to open instead of lending one family's diary login to another.
 *
 * Format: `v1.<keyId>.<iv>.<ciphertext>.<tag>`, the last three base64url. The first key seals; every
 * listed key opens, so keys rotate by putting a new one first and resealing what `needsResealing` marks.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ProviderCredentials } from '../domain/adapter.js';
import { CodedError } from '../domain/coded-error.js';

/** Stable codes of {@link CredentialVaultError}. */
export type CredentialVaultErrorCode =
  /** The key list is unusable (empty, a key not 32 bytes, an id repeated or not `[A-Za-z0-9_-]{1,32}`). */
  | 'INVALID_KEYS'
  /** Not a sealed string of a known format version. */
  | 'MALFORMED'
  /** Sealed with a key id that is not in the key list. */
  | 'UNKNOWN_KEY'
  /** The blob was altered, belongs to another account, or the key with its id is not the one that sealed it. */
  | 'FAILED_AUTHENTICATION';

/** A vault failure. The message names key ids at most: never the sealed blob, a key or a credential. */
export class CredentialVaultError extends CodedError<CredentialVaultErrorCode> {}

/** A key of the vault; `id` is written into every blob it seals. */
export interface VaultKey {
  readonly id: string;
  /** 32 random bytes. */
  readonly key: Buffer;
}

/** Seals and opens one account's credentials. */
export interface CredentialVault {
  /** Encrypts `credentials` for the account `accountId` with the first key. */
  seal(credentials: ProviderCredentials, accountId: string): string;
  /**
   * Decrypts what {@link seal} produced for the same account id.
   * @throws CredentialVaultError `MALFORMED`, `UNKNOWN_KEY` or `FAILED_AUTHENTICATION`.
   */
  open(sealed: string, accountId: string): ProviderCredentials;
  /**
   * True when `sealed` was sealed with a key other than the first: open and seal it again to move it to
   * the current key. Does not authenticate the blob.
   * @throws CredentialVaultError `MALFORMED`.
   */
  needsResealing(sealed: string): boolean;
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const additionalData = (keyId: string, accountId: string): Buffer =>
  Buffer.from(`${VERSION}.${keyId}.${accountId}`, 'utf8');

interface SealedParts {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Splits a sealed string; every failure says which part is wrong, without echoing it. */
function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new CredentialVaultError(
      'MALFORMED',
      `Sealed credentials must have the form ${VERSION}.<keyId>.<iv>.<ciphertext>.<tag>.`,
    );
  }
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (!KEY_ID.test(keyId)) throw new CredentialVaultError('MALFORMED', 'Sealed credentials carry an invalid key id.');
  if (![iv, ciphertext, tag].every((part) => BASE64URL.test(part))) {
    throw new CredentialVaultError('MALFORMED', 'Sealed credentials must be base64url after the key id.');
  }
  const decoded = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw new CredentialVaultError(
      'MALFORMED',
      `Sealed credentials must carry a ${IV_BYTES}-byte IV and a ${TAG_BYTES}-byte tag.`,
    );
  }
  return decoded;
}

function checkKeys(keys: readonly VaultKey[]): void {
  if (keys.length === 0) throw new CredentialVaultError('INVALID_KEYS', 'The credential vault needs at least one key.');
  const seen = new Set<string>();
  keys.forEach(({ id, key }, index) => {
    if (!KEY_ID.test(id))
      throw new CredentialVaultError(
        'INVALID_KEYS',
        `Key ${index + 1}: the id must be 1–32 letters, digits, "_" or "-".`,
      );
    if (key.length !== 32)
      throw new CredentialVaultError('INVALID_KEYS', `Key "${id}" must be 32 bytes, not ${key.length}.`);
    if (seen.has(id)) throw new CredentialVaultError('INVALID_KEYS', `Key id "${id}" appears twice.`);
    seen.add(id);
  });
}

/** The decrypted JSON must be what `seal` takes: an object of strings. */
function asCredentials(plaintext: Buffer): ProviderCredentials {
  let value: unknown;
  try {
    value = JSON.parse(plaintext.toString('utf8'));
  } catch {
    // No cause: a JSON error could quote the plaintext.
    throw new CredentialVaultError('MALFORMED', 'Sealed credentials opened, but do not hold a JSON object.');
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw new CredentialVaultError('MALFORMED', 'Sealed credentials opened, but do not hold an object of strings.');
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

/**
 * Creates a vault over `keys` (the first seals, all open).
 * @throws CredentialVaultError `INVALID_KEYS` naming the bad entry (never showing a key).
 * @example
 * const vault = createCredentialVault([{ id: 'k2026', key: randomBytes(32) }]);
 * const sealed = vault.seal({ accessToken: 'secret' }, 'account-1');
 * vault.open(sealed, 'account-1'); // { accessToken: 'secret' }
 */
export function createCredentialVault(keys: readonly VaultKey[]): CredentialVault {
  checkKeys(keys);
  const byId = new Map(keys.map(({ id, key }) => [id, Buffer.from(key)] as const));
  const current = keys[0]!.id;

  return {
    seal(credentials, accountId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, byId.get(current)!, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(current, accountId));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        current,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        tag.toString('base64url'),
      ].join('.');
    },
    open(sealed, accountId) {
      const { keyId, iv, ciphertext, tag } = parseSealed(sealed);
      const key = byId.get(keyId);
      if (!key) {
        throw new CredentialVaultError(
          'UNKNOWN_KEY',
          `Sealed credentials need key "${keyId}", which is not in CREDENTIAL_KEYS (keys: ${[...byId.keys()].join(', ')}).`,
        );
      }
      let plaintext: Buffer;
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(keyId, accountId));
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      } catch (error) {
        throw new CredentialVaultError(
          'FAILED_AUTHENTICATION',
          `Sealed credentials failed authentication with key "${keyId}": altered, or sealed for another account.`,
          { cause: error },
        );
      }
      return asCredentials(plaintext);
    },
    needsResealing(sealed) {
      return parseSealed(sealed).keyId !== current;
    },
  };
}
