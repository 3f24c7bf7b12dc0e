import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { checkReadiness } from '../../../src/server/readiness.js';
import { captureLogs } from '../../support/logs.js';
import { useStrictFakeTimers } from '../../support/fake-timers.js';

let logs: ReturnType<typeof captureLogs>;
const options = () => ({ timeoutMs: 2000, logger: createLogger('info', logs.stream) });

useStrictFakeTimers();
beforeEach(() => {
  logs = captureLogs();
});

describe('checkReadiness', () => {
  it('should be ready with no checks, and with checks that pass', async () => {
    expect(await checkReadiness([], options())).toEqual({ ready: true, failedChecks: 0 });
    expect(await checkReadiness([async () => undefined, async () => undefined], options())).toEqual({
      ready: true,
      failedChecks: 0,
    });
  });

  it('should count failing checks and log why, without the reason in the verdict', async () => {
    const redisPing = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:6379');
    };
    const verdict = await checkReadiness([async () => undefined, redisPing], options());
    expect(verdict).toEqual({ ready: false, failedChecks: 1 });
    expect(logs.text()).toContain('"check":"redisPing"');
    expect(logs.text()).toContain('readiness check failed');
  });

  it('should fail a check that hangs past the timeout instead of hanging itself', async () => {
    const pending = checkReadiness([() => new Promise<void>(() => undefined)], options());
    await vi.advanceTimersByTimeAsync(2000);
    expect(await pending).toEqual({ ready: false, failedChecks: 1 });
  });

  it('should fail a check that throws synchronously', async () => {
    const broken = (() => {
      throw new Error('not even a promise');
    }) as unknown as () => Promise<void>;
    expect(await checkReadiness([broken], options())).toEqual({ ready: false, failedChecks: 1 });
  });
});
