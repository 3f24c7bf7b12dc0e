/**
 * The change bus of one process (the embedded default, tests): a notice goes straight to this process's
 * listeners, before `notify` resolves. Nothing travels between processes, so nothing can be missed and
 * `onGap` is never called.
 */
import type { Logger } from '../logging/logger.js';
import type { ChangeBus } from './ports.js';

/** Options of {@link createMemoryChangeBus}. */
export interface MemoryChangeBusOptions {
  /** Where a listener's error is reported (it does not keep the notice from the other listeners). */
  logger: Logger;
}

type Listener = (childIds: readonly string[]) => void;

/** Creates an in-process change bus. */
export function createMemoryChangeBus(options: MemoryChangeBusOptions): ChangeBus {
  const { logger } = options;
  const listeners = new Set<{ onChildren: Listener }>();
  let closed = false;

  return {
    async notify(childIds) {
      if (closed || childIds.length === 0) return;
      const notice = Object.freeze([...new Set(childIds)]);
      // A copy: a listener that stops listening (or starts another) while being told changes nothing here.
      for (const listener of [...listeners]) {
        try {
          listener.onChildren(notice);
        } catch (error) {
          logger.error({ err: error }, 'a change listener failed on a notice; the other listeners were told');
        }
      }
    },

    listen(onChildren) {
      // A fresh object per call: the same function listening twice is two listeners, each stopped on its own.
      const listener = { onChildren };
      if (!closed) listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
