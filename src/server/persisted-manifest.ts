/**
 * The manifest of registered operations that the client's codegen emits
 * (client/src/generated/persisted-documents.json: `sha256:<hex>` → the document text the client sends),
 * read once at start. Every entry is checked against its hash, and the file is bounded, so a hand-edited,
 * pasted or wrong file stops the start with a message naming it rather than running under false ids.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Bounds of the manifest read at start: a pasted or wrong file fails the start instead of filling memory. */
const MANIFEST_LIMITS = { bytes: 8 * 1024 * 1024, entries: 10_000, documentChars: 256 * 1024 } as const;

const MANIFEST_KEY = /^sha256:([0-9a-f]{64})$/;

/** Thrown at start when the manifest cannot be used; the message names the file and the problem. */
export class PersistedManifestError extends Error {
  constructor(file: string, problem: string) {
    super(`PERSISTED_OPERATIONS_FILE ${file}: ${problem}`);
    this.name = 'PersistedManifestError';
  }
}

/** Reads and checks the manifest: SHA-256 hex → document text. */
export function loadPersistedManifest(file: string): ReadonlyMap<string, string> {
  let raw: string;
  try {
    if (statSync(file).size > MANIFEST_LIMITS.bytes) throw new PersistedManifestError(file, 'is larger than 8 MiB');
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof PersistedManifestError) throw error;
    throw new PersistedManifestError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PersistedManifestError(file, 'is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new PersistedManifestError(file, 'must be a JSON object of "sha256:<hex>": "<document>"');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > MANIFEST_LIMITS.entries)
    throw new PersistedManifestError(file, `holds more than ${MANIFEST_LIMITS.entries} operations`);
  const manifest = new Map<string, string>();
  for (const [key, text] of entries) {
    const hash = MANIFEST_KEY.exec(key)?.[1];
    if (!hash) throw new PersistedManifestError(file, `key ${JSON.stringify(key.slice(0, 80))} is not "sha256:<hex>"`);
    if (typeof text !== 'string' || text.length === 0 || text.length > MANIFEST_LIMITS.documentChars)
      throw new PersistedManifestError(file, `${key} is not a document text of at most 256 KiB`);
    // The hash is the client's id of the text: a text edited by hand would run under a hash it does not have.
    if (sha256Hex(text) !== hash) throw new PersistedManifestError(file, `${key} is not the SHA-256 of its text`);
    manifest.set(hash, text);
  }
  return manifest;
}

/** The SHA-256 hex digest of a text, as Apollo's APQ and the manifest name it. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
