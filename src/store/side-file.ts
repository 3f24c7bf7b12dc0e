/**
 * A state file kept beside the store file (`<store>.changes.json`, `<store>.deliveries.json`): its name, and
 * its writing — the whole document replaced atomically (`atomic-file.ts`) within a delay of a change, one write
 * at a time, and what is left written on close. The change state and the delivery state both keep one, with
 * their own documents and errors.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { writeFileAtomically } from './atomic-file.js';

/** The file beside `storeFile` named for `kind`: `/data/store.json`, `changes` → `/data/store.changes.json`. */
export function sideFileFor(storeFile: string, kind: string): string {
  const name = basename(storeFile);
  const stem = extname(name) === '.json' ? name.slice(0, -'.json'.length) : name;
  return join(dirname(storeFile), `${stem}.${kind}.json`);
}

/** Writes a side file's document after changes. */
export interface SideFileWriter {
  /** Marks the document changed: it is written within the delay (synchronous; never throws). */
  changed(): void;
  /** Writes the document now, once (a new file at open: an unwritable place fails there). */
  writeOnce(): Promise<void>;
  /** Stops the timer and writes what is not written yet. */
  close(): Promise<void>;
}

/**
 * A writer of `document()` to `path`. A failed write is logged (`what` names the file in the line) and left
 * for the next change or `close`.
 */
export function sideFileWriter(options: {
  path: string;
  document: () => unknown;
  delayMs: number;
  logger: Logger;
  what: string;
}): SideFileWriter {
  const { path, logger } = options;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> | null = null;
  let closed = false;
  const writeOnce = () => writeFileAtomically(path, `${JSON.stringify(options.document())}\n`);

  /** Writes until nothing is left unwritten, one write at a time. */
  const writeNow = (): Promise<void> =>
    (writing ??= (async () => {
      try {
        while (dirty) {
          dirty = false;
          try {
            await writeOnce();
          } catch (error) {
            dirty = true;
            logger.error(
              { file: path, err: { message: (error as Error).message } },
              `could not write the ${options.what} file; tried again after the next change and at shutdown`,
            );
            return;
          }
        }
      } finally {
        writing = null;
      }
    })());

  return {
    changed() {
      dirty = true;
      if (timer !== null || closed) return;
      timer = setTimeout(() => {
        timer = null;
        void writeNow();
      }, options.delayMs);
      // Shutdown writes what is left (`close`); the timer alone must not keep a process alive.
      timer.unref();
    },
    writeOnce,
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await writing;
      if (dirty) await writeNow();
    },
  };
}
