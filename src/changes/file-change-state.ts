/**
 * The change state of the embedded default (one gateway process on the file store): the in-process change
 * log and detector state, saved to one JSON file beside the store file, so a restart keeps the families'
 * change feeds and does not take every account's next poll for its first (which detects nothing).
 *
 * Unlike the store, a change does not wait for the disk: the state is written a short while after it
 * changes (`writeDelayMs`, coalescing every change meanwhile into one write) and at `close()`, each time
 * atomically (`writeFileAtomically`). A crash loses at most that last short while: changes detected then
 * are detected again from the older snapshots on the next poll (with the same ids), so little is lost.
 * Leases stay in process memory: one process polls, and a restart starts with none held.
 *
 * A file this gateway cannot read as a change state (not JSON, not of this version, damaged) is moved
 * aside to `<file>.quarantine-<time>.json` with a warning, and the state starts empty: it can be rebuilt
 * (feeds restart, snapshots are taken again), so it must not stop the gateway as a damaged store file does.
 * A file that exists but cannot be read at all (permissions) does stop it: starting empty would overwrite it.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { removeTemporaryFiles } from '../store/atomic-file.js';
import { sideFileFor, sideFileWriter } from '../store/side-file.js';
import type { ChangeLogLimitOptions } from './change-log-limits.js';
import { CHANGE_STATE_VERSION, parseChangeStateDocument, type ChangeStateDocument } from './change-state-document.js';
import { ChangeStateError } from './change-state-error.js';
import { createMemoryChangeLog } from './memory-change-log.js';
import { createMemoryDetectorState } from './memory-detector-state.js';
import type { ChangeLog, DetectorState } from './ports.js';

/** How long after a change the file is written by default. */
export const DEFAULT_CHANGE_STATE_WRITE_DELAY_MS = 1_000;

/** Options of {@link openFileChangeState}. */
export interface FileChangeStateOptions extends ChangeLogLimitOptions {
  logger: Logger;
  /** The clock of the log's positions and retention and of the leases. @default Date.now */
  now?: () => number;
  /** How long after a change the file is written; changes meanwhile share the write. @default 1000 */
  writeDelayMs?: number;
}

/** The change state of one process, saved to its file. */
export interface FileChangeState {
  log: ChangeLog;
  detector: DetectorState;
  /** Writes what is not written yet and stops writing; the state must not be changed afterwards. */
  close(): Promise<void>;
}

/**
 * Where the change state of the store file `storeFile` lives: beside it, named after it
 * (`/data/store.json` → `/data/store.changes.json`), so two gateways with store files of their own never
 * share one.
 */
export function changeStateFileFor(storeFile: string): string {
  return sideFileFor(storeFile, 'changes');
}

/**
 * Opens (or creates) the change state file at `path`: loads it, or moves a malformed one aside and starts
 * empty. A new file is written at once, so an unwritable place fails here rather than after the first poll.
 * @throws ChangeStateError `CHANGES_FILE_UNREADABLE` when the file exists but cannot be read,
 * `CHANGES_FILE_UNWRITABLE` when a new one cannot be written there.
 */
export async function openFileChangeState(path: string, options: FileChangeStateOptions): Promise<FileChangeState> {
  const { logger } = options;
  const writeDelayMs = options.writeDelayMs ?? DEFAULT_CHANGE_STATE_WRITE_DELAY_MS;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const leftovers = await removeTemporaryFiles(path);
  if (leftovers.length > 0)
    logger.warn(
      { file: path, leftovers },
      'removed unfinished writes of the change state file (a crash while writing)',
    );
  const loaded = await load(path, logger);

  const changed = () => writer.changed();

  const clock = options.now ? { now: options.now } : {};
  const log = createMemoryChangeLog({
    ...clock,
    retentionMs: options.retentionMs,
    maxPerChild: options.maxPerChild,
    onChange: () => changed(),
    ...(loaded ? { initial: loaded.log } : {}),
  });
  const detector = createMemoryDetectorState({
    ...clock,
    onChange: () => changed(),
    ...(loaded ? { initial: loaded.detector } : {}),
  });
  const document = (): ChangeStateDocument => ({
    version: CHANGE_STATE_VERSION,
    log: log.toDocument(),
    detector: detector.toDocument(),
  });

  const writer = sideFileWriter({ path, document, delayMs: writeDelayMs, logger, what: 'change state' });

  if (loaded === null) {
    try {
      await writer.writeOnce();
    } catch (error) {
      throw new ChangeStateError(
        'CHANGES_FILE_UNWRITABLE',
        `The change state file ${path} cannot be written: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  return {
    log,
    detector,
    close: () => writer.close(),
  };
}

/** The file's document; `null` when there is none, or it was malformed and has been moved aside. */
async function load(path: string, logger: Logger): Promise<ChangeStateDocument | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ChangeStateError(
      'CHANGES_FILE_UNREADABLE',
      `The change state file ${path} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const read = parseChangeStateDocument(text);
  if ('document' in read) return read.document;
  const quarantine = `${path}.quarantine-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await rename(path, quarantine);
  logger.warn(
    { file: path, quarantine, problem: read.problem },
    'the change state file was malformed and was moved aside; change feeds and snapshots start empty',
  );
  return null;
}
