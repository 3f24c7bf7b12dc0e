/**
 * The message sends of the in-process stores (memory and file): a map in the store's state. Like every
 * change of the memory store, each method reads, decides and applies itself synchronously before its first
 * `await`, so of claims racing for one id exactly one is kept and every one is answered with it.
 */
import { checkMessageSendChange, claimReplaces, type MessageSendMethods } from './message-send-rules.js';
import type { MessageSendRecord } from './store.js';

const copy = <T>(value: T): T => structuredClone(value);

/**
 * The message-send methods of a store whose records live in `sends`; `changed` ends every durable change
 * (prunes and persists, see `memory-store.ts`) and must be called synchronously after the change is applied.
 * Expired records are dropped by that pruning (`pruneExpired`); a claim replaces one still there, and an
 * update still changes it (these stores have no clock of their own here; a send is noted within seconds of
 * its claim, a day before it expires).
 */
export function memoryMessageSendMethods(
  sends: Map<string, MessageSendRecord>,
  changed: () => Promise<void>,
): MessageSendMethods {
  return {
    async claimMessageSend(send, now) {
      const stored = sends.get(send.id);
      if (stored && !claimReplaces(stored, send, now)) return copy(stored);
      sends.set(send.id, copy(send));
      await changed();
      return copy(send);
    },
    async updateMessageSend(id, change) {
      const current = sends.get(id);
      if (!current) return null;
      const next = change(copy(current));
      if (next === null) return copy(current);
      checkMessageSendChange(current, next);
      sends.set(id, copy(next));
      await changed();
      return copy(next);
    },
  };
}
