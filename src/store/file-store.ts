/**
 * The embedded default store: the memory store's state, written to one JSON file after every change, so
 * a single gateway process keeps its users, links and grants across restarts without any server.
 *
 * Durability: a change's promise resolves only after the file holding it has been atomically replaced and
 * flushed (`atomic-file.ts`). Writes run one at a time; changes made while a write is running are written
 * together by the next one. If a write fails, the in-memory state is rolled back to the last file written
 * and every change since is rejected, so what the process serves never drifts from what a restart would
 * load. Pending logins (anonymous requests make them) and link flows in progress stay in memory only.
 * Limits (one process, whole-file rewrites) are in docs/storage.md.
 *
 * Opening refuses a `STORE_FILE` that is a symbolic or hard link (two paths to one file would each get a
 * lock of their own), and moves malformed records aside into a quarantine file instead of failing.
 */
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { removeTemporaryFiles, writeFileAtomically } from './atomic-file.js';
import { acquireFileLock } from './file-lock.js';
import { createMemoryStore } from './memory-store.js';
import { parseStoreDocument, type RejectedRecord } from './store-document.js';
import { StoreError } from './store-error.js';
import {
  emptyStoreState,
  exportStoreState,
  importStoreState,
  pruneExpired,
  replaceStoreState,
  STORE_STATE_VERSION,
  type SerializedStoreState,
  type StoreState,
} from './store-state.js';
import type { GatewayStore } from './store.js';

/** Options of {@link openFileStore}. */
export interface FileStoreOptions {
  logger: Logger;
  /**
   * The clock that decides which sessions and pending logins have expired, and which grants are past
   * their retention, when a write prunes them; pass the gateway's clock so a gateway running on a test
   * clock does not prune its own live sessions.
   * @default Date.now
   */
  now?: () => number;
  /** The most sign-ins in progress kept in memory (the oldest are dropped). @default 10_000 */
  maxPendingLogins?: number;
  /** The most link flows in progress kept in memory, in all (`pending-links.ts`). @default 10_000 */
  maxPendingLinks?: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Opens (or creates) the store file at `path`, taking its lock (`<real path>.lock`) for this process.
 * The directory is created if missing; a new store is written at once, so an unwritable place fails here
 * rather than on the first sign-in. Malformed records are moved to `<file>.quarantine-<time>.json` (mode
 * 0600) and the store opens with the others; the log names each one's collection and index.
 * @throws StoreError `STORE_LOCKED` when another live process has the file open, `STORE_FILE_LINKED` when
 * the path is a symbolic link or the file has other hard links, `STORE_FILE_UNREADABLE` or
 * `STORE_FILE_VERSION` when the file is not a store this gateway can read (it is left untouched).
 */
export async function openFileStore(path: string, options: FileStoreOptions): Promise<GatewayStore> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const requested = resolve(path);
  await mkdir(dirname(requested), { recursive: true, mode: 0o700 });
  // Locked and written under its real path: a directory reached through a symbolic link is still one
  // directory, so every path to the file meets the same lock.
  await refuseLinkedFile(requested, path);
  const file = join(await realpath(dirname(requested)), basename(requested));
  const lock = await acquireFileLock(`${file}.lock`, { logger, what: `The store file ${file}` });

  let loaded: Loaded;
  try {
    const leftovers = await removeTemporaryFiles(file);
    if (leftovers.length > 0)
      logger.warn({ file, leftovers }, 'removed unfinished writes of a store file (a crash while writing)');
    // Again under the lock: a link made between the first check and the lock is refused too.
    await refuseLinkedFile(file, path);
    loaded = await load(file);
    if (loaded.rejected.length > 0) await quarantine(file, loaded.rejected, logger);
    if (loaded.upgradedFrom !== null)
      logger.info(
        { file, from: loaded.upgradedFrom, to: STORE_STATE_VERSION },
        'store file of an older format version: it is written again in the current one (keep a backup to go back)',
      );
  } catch (error) {
    await lock.release();
    throw error;
  }
  const { state } = loaded;
  /** The document last written to the file: what a restart would load, and what a failed write rolls back to. */
  let durable = loaded.text !== null && !loaded.rewrite ? loaded.text : JSON.stringify(exportStoreState(state));

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
        // `durable` is a document this store wrote, or one it loaded with no record rejected: no check needed.
        replaceStoreState(state, importStoreState(JSON.parse(durable) as SerializedStoreState));
        const failed = [...batch, ...waiters];
        waiters = [];
        const message = (cause as Error).message ?? String(cause);
        logger.error(
          { file, err: { message }, changesLost: failed.length },
          'store file write failed; the changes were undone',
        );
        const error = new StoreError(
          'STORE_WRITE_FAILED',
          `Could not write the store file ${file}; the change was not kept: ${message}`,
          { cause },
        );
        for (const waiter of failed) waiter.reject(error);
      }
    }
    writing = null;
  };

  const persist = (): Promise<void> => {
    if (closed)
      return Promise.reject(
        new StoreError('STORE_CLOSED', `The store file ${file} was closed; the change was not kept.`),
      );
    return new Promise<void>((resolvePersist, rejectPersist) => {
      waiters.push({ resolve: resolvePersist, reject: rejectPersist });
      writing ??= writeLoop();
    });
  };

  const bound = options.maxPendingLogins === undefined ? {} : { maxPendingLogins: options.maxPendingLogins };
  const store = createMemoryStore({ state, persist, ...bound, maxPendingLinks: options.maxPendingLinks });
  // A new file, or one that held records the state no longer has (quarantined, or pending logins an older
  // gateway wrote) or an older format version, is written at once, so the file again equals what the
  // process serves.
  if (loaded.text === null || loaded.rewrite) {
    try {
      await persist();
    } catch (error) {
      await lock.release();
      throw error;
    }
  }
  logger.info(
    {
      file,
      users: state.users.size,
      accounts: state.accounts.size,
      grants: state.grants.size,
      calendarFeeds: state.calendarFeeds.size,
      pushSubscriptions: state.pushSubscriptions.size,
      webhooks: state.webhooks.size,
    },
    'store file opened',
  );

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

/** What {@link load} read. */
interface Loaded {
  state: StoreState;
  /** The file's text, or `null` when the file does not exist yet. */
  text: string | null;
  /** Records that failed their schema. */
  rejected: RejectedRecord[];
  /** The file holds records the state leaves out, or is of an older format version: write it again at once. */
  rewrite: boolean;
  /** The older format version the file was in, or `null`. */
  upgradedFrom: number | null;
}

/** The file's state, or an empty state when the file does not exist yet. */
async function load(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { state: emptyStoreState(), text: null, rejected: [], rewrite: false, upgradedFrom: null };
    throw new StoreError(
      'STORE_FILE_UNREADABLE',
      `The store file ${file} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const { document, rejected, upgradedFrom } = parseStoreDocument(text, file);
  // An older format version is written again at once in the current one, so the file never holds a version
  // this process would not write (and a failed write's rollback always reads a current document).
  const rewrite = rejected.length > 0 || document.pendingLogins.length > 0 || upgradedFrom !== null;
  return { state: importStoreState(document), text: text.trimEnd(), rejected, rewrite, upgradedFrom };
}

/**
 * Refuses a store path that is a symbolic link, or a file with more than one hard link: each path would
 * take a lock of its own, two processes would both write, and each atomic replace would split the file
 * from its other names (finding 8 of issue 10).
 */
async function refuseLinkedFile(file: string, setting: string): Promise<void> {
  let links: { symbolic: boolean; count: number };
  try {
    const info = await lstat(file);
    links = { symbolic: info.isSymbolicLink(), count: info.nlink };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError(
      'STORE_FILE_UNREADABLE',
      `The store file ${file} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (links.symbolic) {
    throw new StoreError(
      'STORE_FILE_LINKED',
      `STORE_FILE=${setting} is a symbolic link; the store will not open a file through a link, because another path ` +
        'to the same file would get around its lock and split the store. Set STORE_FILE to the real file.',
    );
  }
  if (links.count > 1) {
    throw new StoreError(
      'STORE_FILE_LINKED',
      `STORE_FILE=${setting} has ${links.count} hard links; the store will not open it, because each name would get a ` +
        'lock of its own and the store would split. Remove the other links (find / -samefile <file>), or copy the file.',
    );
  }
}

/**
 * Writes rejected records to `<file>.quarantine-<time>.json` (mode 0600: they hold personal data), before
 * the store file is rewritten without them, and logs where each was (never what it held).
 */
async function quarantine(file: string, rejected: RejectedRecord[], logger: Logger): Promise<void> {
  const at = new Date();
  const target = `${file}.quarantine-${at.toISOString().replace(/[:.]/g, '-')}.json`;
  const document = { version: STORE_STATE_VERSION, from: file, quarantinedAt: at.toISOString(), records: rejected };
  await writeFileAtomically(target, `${JSON.stringify(document, null, 2)}\n`);
  logger.warn(
    {
      file,
      quarantine: target,
      records: rejected.map(({ collection, index, field }) => ({ collection, index, field })),
    },
    'malformed store records were moved to a quarantine file; the store opened with the others',
  );
}
