/** Reading `CREDENTIAL_KEYS`, the keys that seal diary credentials (see `GatewayConfig.secrets`). */

/** `keyId:base64,…` → keys; problems name the entry by position, never show a key. */
export function parseCredentialKeys(spec: string, problems: string[]): { id: string; key: Buffer }[] {
  const keys: { id: string; key: Buffer }[] = [];
  spec.split(',').forEach((entry, index) => {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry.trim());
    const key = match ? Buffer.from(match[2]!, 'base64') : null;
    if (!match || key?.length !== 32) {
      problems.push(`CREDENTIAL_KEYS: entry ${index + 1} must be keyId:base64 of exactly 32 bytes`);
      return;
    }
    if (keys.some((known) => known.id === match[1]))
      problems.push(`CREDENTIAL_KEYS: key id "${match[1]}" appears twice`);
    keys.push({ id: match[1]!, key });
  });
  return keys;
}
