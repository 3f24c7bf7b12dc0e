/**
 * The admission gate of GraphQL executions: at most `maxInFlight` run at once, the rest wait in arrival
 * order. Why: an execution holds what it read (every cached entry decoded, the answer built) until its answer
 * is written — about half a megabyte for a three-child dashboard — so 1,000 families asking at once after
 * their kept answers expired took the process from 400 to 930 MiB of RSS (bench, session 16). Behind the
 * gate a waiting request holds its socket and its parsed request only; the gate bounds the rest.
 *
 * Kept answers (src/answers) do not pass through it: sending one costs no execution, and a warm family must
 * not wait behind cold ones. A request is refused (`SERVER_BUSY`, HTTP 503 with `Retry-After`) when the
 * queue is full or it waited `maxWaitMs`; one whose client left while it waited is dropped without running.
 */

/** Options of {@link createAdmissionGate}. */
export interface AdmissionGateOptions {
  /** `MAX_EXECUTIONS_IN_FLIGHT`: executions that run at once. */
  maxInFlight: number;
  /** `MAX_EXECUTIONS_QUEUED`: requests that may wait; one more is refused at once. */
  maxQueued: number;
  /** Longest wait for a turn; then the request is refused (the request deadline: by then its answer would be late). */
  maxWaitMs: number;
}

/** Why a request was not admitted. */
export type AdmissionRefusal = 'queue-full' | 'waited-too-long' | 'gone';

/** A turn to execute, or why there is none. `release` ends the turn (once; later calls do nothing). */
export type Admission = { admitted: true; release: () => void } | { admitted: false; reason: AdmissionRefusal };

/** What the gate holds now, for the gauges. */
export interface AdmissionLoad {
  inFlight: number;
  queued: number;
}

/** The gate; one per gateway process. */
export interface AdmissionGate {
  /**
   * Waits for a turn. `signal` aborts when the client has gone: the request leaves the queue and is never run.
   * Resolves (never rejects) with the turn, or with why there is none.
   */
  admit(signal?: AbortSignal): Promise<Admission>;
  load(): AdmissionLoad;
}

interface Waiter {
  grant: (admission: Admission) => void;
}

/** Creates a gate (see the module comment). */
export function createAdmissionGate(options: AdmissionGateOptions): AdmissionGate {
  let inFlight = 0;
  // A Set keeps arrival order and drops a waiter that left in O(1).
  const queue = new Set<Waiter>();

  const turn = (): Admission => {
    inFlight++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        inFlight--;
        next();
      },
    };
  };
  const next = (): void => {
    while (inFlight < options.maxInFlight && queue.size > 0) {
      const first = queue.values().next().value!;
      queue.delete(first);
      first.grant(turn());
    }
  };

  return {
    admit(signal) {
      if (signal?.aborted) return Promise.resolve({ admitted: false, reason: 'gone' });
      if (inFlight < options.maxInFlight && queue.size === 0) return Promise.resolve(turn());
      if (queue.size >= options.maxQueued) return Promise.resolve({ admitted: false, reason: 'queue-full' });
      return new Promise<Admission>((resolve) => {
        const leave = (reason: AdmissionRefusal) => {
          if (!queue.delete(waiter)) return;
          settle();
          resolve({ admitted: false, reason });
        };
        const onAbort = () => leave('gone');
        const timer = setTimeout(() => leave('waited-too-long'), options.maxWaitMs);
        const settle = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        const waiter: Waiter = {
          grant: (admission) => {
            settle();
            resolve(admission);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.add(waiter);
      });
    },
    load: () => ({ inFlight, queued: queue.size }),
  };
}
