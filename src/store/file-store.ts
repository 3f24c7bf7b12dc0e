/**
 * The embedded default store: the memory store's state, written to one JSON file after every change, so
 * a single gateway process keeps its users, links and grants across restarts without any server.
 *
 * Durability: a change's promise resolves only after the file holding it has been atomically replaced and
 * flushed (`atomic-file.ts`). Writes run one at a time; changes made while a write is running are written
 * together by the next one. If a write fails, the in-memory state is rolled back to the last file written
 * and every change since is rejected, so what the process serves never drifts from what a restart would
 * load. Limits (one process, whole-file rewrites) are in docs/storage.md.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { removeTemporaryFiles, writeFileAtomically } from './atomic-file.js';
import { acquireFileLock } from './file-lock.js';
import { createMemoryStore } from './memory-store.js';
import { parseStoreDocument } from './store-document.js';
import { StoreError } from './store-error.js';
import {
  emptyStoreState,
  exportStoreState,
  importStoreState,
  pruneExpired,
  replaceStoreState,
  type StoreState,
} from './store-state.js';
import type { GatewayStore } from './store.js';

/** Options of {@link openFileStore}. */
export interface FileStoreOptions {
  logger: Logger;
  /**
   * The clock that decides which sessions and pending logins have expired when a write prunes them; pass
   * the gateway's clock so a gateway running on a test clock does not prune its own live sessions.
   * @default Date.now
   */
  now?: () => number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Opens (or creates) the store file at `path`, taking its lock (`<path>.lock`) for this process.
 * The directory is created if missing; a new store is written at once, so an unwritable place fails here
 * rather than on the first sign-in.
 * @throws StoreError `STORE_LOCKED` when another live process has the file open, `STORE_FILE_UNREADABLE`
 * or `STORE_FILE_VERSION` when the file is not a store this gateway can read (it is left untouched).
 */
export async function openFileStore(path: string, options: FileStoreOptions): Promise<GatewayStore> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const lock = await acquireFileLock(`${file}.lock`, { logger, what: `The store file ${file}` });

  let loaded: { state: StoreState; text: string | null };
  try {
    const leftovers = await removeTemporaryFiles(file);
    if (leftovers.length > 0) logger.warn({ file, leftovers }, 'removed unfinished writes of a store file (a crash while writing)');
    loaded = await load(file);
  } catch (error) {
    await lock.release();
    throw error;
  }
  const { state } = loaded;
  /** The document last written to the file: what a restart would load, and what a failed write rolls back to. */
  let durable = loaded.text ?? JSON.stringify(exportStoreState(state));

  let waiters: Waiter[] = [];
  let writing: Promise<void> | null = null;
  let closed = false;

  const writeLoop = async (): Promise<void> => {
    while (waiters.length > 0) {
      // Taken together with the snapshot below, synchronously: `batch` is exactly the changes it holds.
      const batch = waiters;
      waiters = [];
      pruneExpired(state, now());
      const text = JSON.stringify(exportStoreState(state));
      try {
        await writeFileAtomically(file, `${text}\n`);
        durable = text;
        for (const waiter of batch) waiter.resolve();
      } catch (cause) {
        // Everything applied since the last good write is in `batch` or in `waiters` (queued while this
        // write ran): undo it all and fail it all, so memory again equals the file.
        replaceStoreState(state, importStoreState(JSON.parse(durable)));
        const failed = [...batch, ...waiters];
        waiters = [];
        const message = (cause as Error).message ?? String(cause);
        logger.error({ file, err: { message }, changesLost: failed.length }, 'store file write failed; the changes were undone');
        const error = new StoreError('STORE_WRITE_FAILED', `Could not write the store file ${file}; the change was not kept: ${message}`, { cause });
        for (const waiter of failed) waiter.reject(error);
      }
    }
    writing = null;
  };

  const persist = (): Promise<void> => {
    if (closed) return Promise.reject(new StoreError('STORE_CLOSED', `The store file ${file} was closed; the change was not kept.`));
    return new Promise<void>((resolvePersist, rejectPersist) => {
      waiters.push({ resolve: resolvePersist, reject: rejectPersist });
      writing ??= writeLoop();
    });
  };

  const store = createMemoryStore({ state, persist });
  if (loaded.text === null) {
    try {
      await persist();
    } catch (error) {
      await lock.release();
      throw error;
    }
  }
  logger.info({ file, users: state.users.size, accounts: state.accounts.size, grants: state.grants.size }, 'store file opened');

  return {
    ...store,
    async close() {
      if (closed) return;
      closed = true;
      await writing;
      await lock.release();
    },
  };
}

/** The file's state and text, or an empty state (and `null`) when the file does not exist yet. */
async function load(file: string): Promise<{ state: StoreState; text: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyStoreState(), text: null };
    throw new StoreError('STORE_FILE_UNREADABLE', `The store file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const state = importStoreState(parseStoreDocument(text, file));
  return { state, text: text.trimEnd() };
}
