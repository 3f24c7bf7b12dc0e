/**
 * Preloaded into every gateway replica the scale-out tests start (`node --import tsx --import <this file>
 * src/main.ts`, see replicas.ts): a replica whose test process is gone stops too.
 *
 * Why: the tests stop their replicas themselves (teardown.ts), but a test process that is killed outright
 * (a vitest worker killed on timeout, Ctrl-C twice, CI cancelling the job) runs no teardown, and its
 * replicas would keep their ports, their Redis connections and a CPU each. The replica's stdin is a pipe
 * from the test process; the operating system closes it when that process ends, however it ends, so the
 * end of stdin is the one signal that cannot be missed. The replica then shuts down as on SIGTERM (the
 * gateway's own handler in src/main.ts), and exits anyway if that takes longer than a few seconds.
 */

/** How long a graceful shutdown may take before the replica exits regardless. */
const FORCED_EXIT_AFTER_MS = 5_000;

function stopWithParent(): void {
  setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}

process.stdin.once('end', stopWithParent);
process.stdin.once('error', stopWithParent);
process.stdin.resume();
// Listening must not keep a replica alive by itself: its HTTP server does that.
process.stdin.unref();
