/**
 * An exclusive lock on the store file for one process: `<file>.lock` holding the owner's pid. Two writers
 * of one file would each keep their own copy in memory and overwrite each other's changes, so a second
 * process is refused while the owner lives; the lock of a process that died (crash, `kill -9`) is taken
 * over. Liveness is checked with signal 0, so the lock means "one process on this machine (pid
 * namespace)": two containers sharing a volume do not see each other's pids.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import type { Logger } from '../logging/logger.js';
import { StoreError } from './store-error.js';

/** A held lock. */
export interface FileLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in a lock file, `null` when it holds none (empty or garbage: a crash mid-write). */
async function readOwner(lockPath: string): Promise<number | null | 'gone'> {
  try {
    const text = (await readFile(lockPath, 'utf8')).trim();
    return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Takes `lockPath` for this process.
 * @throws StoreError `STORE_LOCKED` naming the live pid that holds it.
 */
export async function acquireFileLock(lockPath: string, options: { logger: Logger; what: string }): Promise<FileLock> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await tryCreate(lockPath)) {
      // A stale-lock takeover by another process at the same moment may have replaced ours: read it back.
      if ((await readOwner(lockPath)) === process.pid) {
        return {
          path: lockPath,
          async release() {
            if ((await readOwner(lockPath)) === process.pid) await unlink(lockPath);
          },
        };
      }
      continue;
    }
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue;
    if (owner !== null && isAlive(owner)) {
      const who =
        owner === process.pid ? `this process (pid ${owner}) already has it open` : `process ${owner} has it open`;
      throw new StoreError(
        'STORE_LOCKED',
        `${options.what} is in use: ${who} (lock file ${lockPath}). Only one gateway process may use a store file; ` +
          'stop the other one, or use STORE=redis to share a store between processes.',
      );
    }
    options.logger.warn({ lockPath, stalePid: owner }, 'taking over the lock of a store file whose process is gone');
    await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  throw new StoreError(
    'STORE_LOCKED',
    `${options.what} is in use: its lock file ${lockPath} kept changing hands; try again.`,
  );
}
