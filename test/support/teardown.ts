/**
 * Teardown that no test can forget: whatever a test starts (a gateway, a simulator, a server, a Redis
 * connection, a temporary folder, fake time) registers its own teardown here at the moment it is started,
 * and the test files carry no `afterAll(close)` of their own.
 *
 * Where the teardown runs depends on where the resource was started:
 * - inside a test (its body, `beforeEach` or `afterEach`): when that test finishes, pass or fail
 *   (`onTestFinished`), so the next test starts from nothing;
 * - anywhere else (`beforeAll`, a `describe` body, the file's top level): when the test file ends. Vitest 4
 *   drops an `afterAll` registered while the tests run (from inside `beforeAll` it is silently never
 *   called), so such teardowns wait in this module and `test/support/setup.ts`, a `setupFiles` module of
 *   vitest.config.ts, runs them from its `afterAll`, after every other `afterAll` of the file.
 *
 * Both run last-in, first-out: a gateway started after a Redis connection is closed before the
 * connection, and before the keys it wrote are deleted.
 */
import { onTestFinished, TestRunner } from 'vitest';

/** What lets go of one started resource. */
export type Teardown = () => unknown;

/** Teardowns of resources started outside a test, newest last (vitest isolates this module per file). */
const untilFileEnds: Teardown[] = [];

/** Registers `teardown` for the resource just started: see the module comment for when it runs. */
export function registerTeardown(teardown: Teardown): void {
  if (!TestRunner.getCurrentTest()) {
    untilFileEnds.push(teardown);
    return;
  }
  onTestFinished(async () => {
    await teardown();
  });
}

/** Something started that ends with `dispose()` (the diary simulators, the demo). */
export interface Disposable {
  dispose(): unknown;
}

/**
 * Waits for a resource being started and registers its `dispose()` as its teardown:
 * `simulator = await disposedWhenDone(startMeshSimulator({ family }))`.
 */
export async function disposedWhenDone<T extends Disposable>(starting: T | Promise<T>): Promise<T> {
  const resource = await starting;
  registerTeardown(() => resource.dispose());
  return resource;
}

/**
 * Runs the teardowns of everything started outside a test, newest first, each even when one before it
 * failed; then fails with every error seen. Called once per test file, by `test/support/setup.ts`.
 */
export async function tearDownFileResources(): Promise<void> {
  const errors: unknown[] = [];
  for (let teardown = untilFileEnds.pop(); teardown; teardown = untilFileEnds.pop()) {
    try {
      await teardown();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} teardowns failed`);
}
