/**
 * An abortable wait. Backoffs and rate-limit pauses must end when the GraphQL request's deadline does,
 * and must not leave a timer behind when they end early (a pending timer keeps a process, or a test
 * with fake timers, busy for nothing).
 */

/**
 * Waits `ms` milliseconds, or less when `signal` aborts first.
 * @returns `true` when the whole wait passed, `false` when the signal cut it short (or was already aborted).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
