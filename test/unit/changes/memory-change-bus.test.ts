import { describe, expect, it } from 'vitest';
import { createMemoryChangeBus } from '../../../src/changes/memory-change-bus.js';
import { createLogger } from '../../../src/logging/logger.js';
import { captureLogs } from '../../support/logs.js';

describe('the memory change bus', () => {
  it('should tell every listener of this process before notify resolves, each child once', async () => {
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    const heard: string[][] = [];
    let gaps = 0;
    bus.listen(
      (ids) => heard.push([...ids]),
      () => (gaps += 1),
    );
    bus.listen(
      (ids) => heard.push(ids.map((id) => `second:${id}`)),
      () => (gaps += 1),
    );
    await bus.notify(['child-1', 'child-2', 'child-1']);
    expect(heard).toEqual([
      ['child-1', 'child-2'],
      ['second:child-1', 'second:child-2'],
    ]);
    await bus.notify([]);
    expect(heard).toHaveLength(2);
    expect(gaps).toBe(0); // nothing travels, so nothing is missed
  });

  it('should stop telling a listener once it stops listening, and everyone once closed', async () => {
    const bus = createMemoryChangeBus({ logger: createLogger('silent') });
    const heard: string[] = [];
    const stop = bus.listen(
      (ids) => heard.push(`a:${ids.join()}`),
      () => {},
    );
    bus.listen(
      (ids) => heard.push(`b:${ids.join()}`),
      () => {},
    );
    await bus.notify(['child-1']);
    stop();
    await bus.notify(['child-2']);
    await bus.close();
    await bus.notify(['child-3']);
    bus.listen(
      (ids) => heard.push(`c:${ids.join()}`),
      () => {},
    );
    await bus.notify(['child-4']);
    expect(heard).toEqual(['a:child-1', 'b:child-1', 'b:child-2']);
  });

  it('should tell the other listeners when one fails, and log the failure', async () => {
    const logs = captureLogs();
    const bus = createMemoryChangeBus({ logger: createLogger('info', logs.stream) });
    const heard: string[] = [];
    bus.listen(
      () => {
        throw new Error('listener broke');
      },
      () => {},
    );
    bus.listen(
      (ids) => heard.push(...ids),
      () => {},
    );
    await bus.notify(['child-1']);
    expect(heard).toEqual(['child-1']);
    expect(logs.text()).toContain('a change listener failed on a notice');
  });
});
