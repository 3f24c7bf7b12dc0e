import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentialVault, CredentialVaultError } from '../../../src/secrets/credential-vault.js';

const oldKey = { id: 'k2025', key: randomBytes(32) };
const newKey = { id: 'k2026', key: randomBytes(32) };
const credentials = {
  accessToken: 'ACCESS-tok3n-Secret',
  refreshToken: 'REFRESH-Secret-value',
  password: 'пароль-Secret',
};
const SECRETS = Object.values(credentials);

/** The CredentialVaultError a call throws. */
function vaultError(call: () => unknown): CredentialVaultError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialVaultError);
    return error as CredentialVaultError;
  }
  throw new Error('expected a CredentialVaultError, but nothing was thrown');
}

/** `sealed` with one bit of one byte of part `index` (0 = version … 4 = tag) flipped, still base64url. */
function flipByte(sealed: string, index: number): string {
  const parts = sealed.split('.');
  if (index <= 1) {
    const text = parts[index]!;
    parts[index] = String.fromCharCode(text.charCodeAt(0) ^ 0x01) + text.slice(1);
  } else {
    const bytes = Buffer.from(parts[index]!, 'base64url');
    bytes[bytes.length >> 1]! ^= 0x01;
    parts[index] = bytes.toString('base64url');
  }
  return parts.join('.');
}

describe('the credential vault', () => {
  it('should open what it sealed, for the same account', () => {
    const vault = createCredentialVault([newKey]);
    const sealed = vault.seal(credentials, 'account-1');
    expect(vault.open(sealed, 'account-1')).toEqual(credentials);
  });

  it('should seal in the v1.<keyId>.<iv>.<ciphertext>.<tag> format, with a fresh IV each time', () => {
    const vault = createCredentialVault([newKey]);
    const first = vault.seal(credentials, 'account-1');
    const second = vault.seal(credentials, 'account-1');
    expect(first).toMatch(/^v1\.k2026\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
    expect(first.split('.')[3]).not.toBe(second.split('.')[3]);
  });

  it('should not show any credential in the sealed string', () => {
    const sealed = createCredentialVault([newKey]).seal(credentials, 'account-1');
    for (const secret of SECRETS) {
      expect(sealed).not.toContain(secret);
      expect(sealed).not.toContain(Buffer.from(secret).toString('base64url'));
    }
  });

  it('should refuse to open a blob copied onto another account', () => {
    const vault = createCredentialVault([newKey]);
    const sealed = vault.seal(credentials, 'account-1');
    const error = vaultError(() => vault.open(sealed, 'account-2'));
    expect(error.code).toBe('FAILED_AUTHENTICATION');
    expect(error.message).toMatch(/failed authentication/);
  });

  it.each([
    [0, 'version', 'MALFORMED'],
    [1, 'key id', 'UNKNOWN_KEY'],
    [2, 'IV', 'FAILED_AUTHENTICATION'],
    [3, 'ciphertext', 'FAILED_AUTHENTICATION'],
    [4, 'tag', 'FAILED_AUTHENTICATION'],
  ])('should refuse a blob with a byte of its %s (%s) changed', (index, _part, code) => {
    const vault = createCredentialVault([newKey]);
    const sealed = vault.seal(credentials, 'account-1');
    expect(vaultError(() => vault.open(flipByte(sealed, index), 'account-1')).code).toBe(code);
  });

  it('should refuse a blob relabelled with the id of another key it holds', () => {
    const vault = createCredentialVault([newKey, oldKey]);
    const sealed = vault.seal(credentials, 'account-1');
    const relabelled = sealed.replace('.k2026.', '.k2025.');
    expect(vaultError(() => vault.open(relabelled, 'account-1')).code).toBe('FAILED_AUTHENTICATION');
  });

  it('should open old blobs after a rotation, mark them for resealing, and reseal them with the new key', () => {
    const sealedWithOld = createCredentialVault([oldKey]).seal(credentials, 'account-1');
    const rotated = createCredentialVault([newKey, oldKey]);
    expect(rotated.needsResealing(sealedWithOld)).toBe(true);
    const resealed = rotated.seal(rotated.open(sealedWithOld, 'account-1'), 'account-1');
    expect(resealed.split('.')[1]).toBe('k2026');
    expect(rotated.needsResealing(resealed)).toBe(false);
    expect(createCredentialVault([newKey]).open(resealed, 'account-1')).toEqual(credentials);
  });

  it('should say which key id is missing when a blob needs a key that was dropped', () => {
    const sealedWithOld = createCredentialVault([oldKey]).seal(credentials, 'account-1');
    const error = vaultError(() => createCredentialVault([newKey]).open(sealedWithOld, 'account-1'));
    expect(error.code).toBe('UNKNOWN_KEY');
    expect(error.message).toContain('"k2025"');
  });

  it.each([
    ['an empty string', ''],
    ['too few parts', 'v1.k2026.abc'],
    ['another version', 'v2.k2026.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a short IV', 'v1.k2026.AAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['a short tag', 'v1.k2026.AAAAAAAAAAAAAAAA.AAAA.AAAA'],
    ['non-base64url data', 'v1.k2026.AAAAAAAAAAAAAAAA.AA+/.AAAAAAAAAAAAAAAAAAAAAA'],
    ['an invalid key id', 'v1.k 2026.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('should refuse %s as malformed', (_name, sealed) => {
    const vault = createCredentialVault([newKey]);
    expect(vaultError(() => vault.open(sealed, 'account-1')).code).toBe('MALFORMED');
    expect(vaultError(() => vault.needsResealing(sealed)).code).toBe('MALFORMED');
  });

  it('should keep blobs, keys and credentials out of every error message', () => {
    const vault = createCredentialVault([newKey]);
    const sealed = vault.seal(credentials, 'account-1');
    const errors = [
      vaultError(() => vault.open(sealed, 'account-2')),
      vaultError(() => vault.open(flipByte(sealed, 3), 'account-1')),
      vaultError(() => createCredentialVault([oldKey]).open(sealed, 'account-1')),
      vaultError(() => vault.open(`${sealed}.extra`, 'account-1')),
      vaultError(() => vault.open(sealed.replace(/^v1/, 'v9'), 'account-1')),
    ];
    const forbidden = [
      ...SECRETS,
      ...sealed.split('.').slice(2),
      newKey.key.toString('base64'),
      oldKey.key.toString('base64'),
      sealed,
    ];
    for (const error of errors) {
      for (const text of forbidden) expect(error.message).not.toContain(text);
    }
  });

  it.each([
    ['no keys', []],
    ['a key of 16 bytes', [{ id: 'short', key: randomBytes(16) }]],
    ['an id with a dot', [{ id: 'k.1', key: randomBytes(32) }]],
    ['a repeated id', [newKey, { id: 'k2026', key: randomBytes(32) }]],
  ])('should refuse to start with %s', (_name, keys) => {
    const error = vaultError(() => createCredentialVault(keys));
    expect(error.code).toBe('INVALID_KEYS');
    for (const { key } of keys) expect(error.message).not.toContain(key.toString('base64'));
  });

  it('should not be changed by changing the key buffers it was given', () => {
    const key = { id: 'k', key: Buffer.from(newKey.key) };
    const vault = createCredentialVault([key]);
    const sealed = vault.seal(credentials, 'account-1');
    key.key.fill(0);
    expect(vault.open(sealed, 'account-1')).toEqual(credentials);
  });
});
