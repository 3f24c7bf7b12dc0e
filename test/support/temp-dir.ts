/** Temporary folders for tests that write files (store files, locks), removed when done (teardown.ts). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTeardown } from './teardown.js';

/**
 * A fresh folder under the system's temporary folder, named `${prefix}` and random characters; it and
 * everything in it are removed when the test (or file) that made it ends, after whatever was started
 * later in it (a store holding a file open) has been closed.
 */
export async function tempDir(prefix: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  registerTeardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}
