/**
 * Replacing a file so that a crash at any moment leaves either the old or the new content, never a
 * mixture or an empty file: write a temporary sibling, flush it to disk, rename it over the target (atomic
 * on POSIX file systems), then flush the directory so the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of the temporary files; `removeTemporaryFiles` recognises them by it. */
const TEMPORARY_INFIX = '.tmp-';

/**
 * Atomically replaces `path` with `data` (mode 0600: the store holds personal data).
 * The temporary file is removed when any step fails.
 */
export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const temporary = `${path}${TEMPORARY_INFIX}${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    try {
      await rm(temporary, { force: true });
    } catch (cleanupError) {
      throw new AggregateError([error, cleanupError], `writing ${path} failed, and so did removing ${temporary}`);
    }
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Flushes a directory's entries (the rename) to disk. Windows cannot open directories; it journals renames itself. */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes temporary files a crashed writer of `path` left behind; returns their names. Call it only while
 * holding the file's lock, so no live writer's temporary file is removed.
 */
export async function removeTemporaryFiles(path: string): Promise<string[]> {
  const prefix = `${basename(path)}${TEMPORARY_INFIX}`;
  const leftovers = (await readdir(dirname(path))).filter((name) => name.startsWith(prefix));
  for (const name of leftovers) await rm(join(dirname(path), name), { force: true });
  return leftovers;
}
