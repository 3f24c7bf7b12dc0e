/**
 * Shared plumbing of the diary simulators (`adapters/<provider>/simulator`): the latency every simulator
 * adds before answering, with the pending timers tracked so `dispose` can release them instead of
 * leaving them to fire after the server closed.
 */

/** Pending latency timers of one simulator. */
export class Delays {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms`, or at once when `releaseAll` is called first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Ends every pending wait now (on dispose). */
  releaseAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
