/**
 * test/support/teardown.ts: what a test starts is let go of when that test ends, newest first; what is
 * started outside a test waits for the end of the file. The file-level half is checked by running it
 * by hand in the last tests, as the setup file's `afterAll` would.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { disposedWhenDone, registerTeardown, tearDownFileResources } from '../../support/teardown.js';

/** What the teardowns did, in order. */
const done: string[] = [];

beforeAll(() => {
  registerTeardown(() => void done.push('file: first'));
  registerTeardown(() => void done.push('file: second'));
});

describe('a teardown registered inside a test', () => {
  it('should not run while the test runs', () => {
    registerTeardown(() => void done.push('test: older'));
    registerTeardown(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push('test: newer');
    });
    expect(done).toEqual([]);
  });

  it('should have run, newest first and awaited, before the next test began', () => {
    expect(done).toEqual(['test: newer', 'test: older']);
  });
});

describe('a teardown registered in beforeEach', () => {
  let mark = 0;
  beforeEach(() => {
    mark += 1;
    const seen = mark;
    registerTeardown(() => void done.push(`each: ${seen}`));
  });

  it('should belong to the test it ran before', () => {
    expect(done.filter((entry) => entry.startsWith('each'))).toEqual([]);
  });

  it('should have run when that test ended', () => {
    expect(done.filter((entry) => entry.startsWith('each'))).toEqual(['each: 1']);
  });
});

describe('disposedWhenDone', () => {
  const disposed: string[] = [];
  it('should hand back the started resource', async () => {
    const resource = await disposedWhenDone(Promise.resolve({ name: 'sim', dispose: () => void disposed.push('sim') }));
    expect(resource.name).toBe('sim');
    expect(disposed).toEqual([]);
  });

  it('should have disposed of it when the test that started it ended', () => {
    expect(disposed).toEqual(['sim']);
  });
});

describe('teardowns of resources started outside a test', () => {
  beforeAll(() => {
    registerTeardown(() => {
      throw new Error('first failure');
    });
    registerTeardown(() => void done.push('file: third'));
    registerTeardown(() => {
      throw new Error('second failure');
    });
  });

  it('should still be waiting for the end of the file', () => {
    expect(done.filter((entry) => entry.startsWith('file'))).toEqual([]);
  });

  it('should run newest first at the end of the file, each even when one fails, then fail with every error', async () => {
    const failure: unknown = await tearDownFileResources().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((error: Error) => error.message)).toEqual([
      'second failure',
      'first failure',
    ]);
    expect(done.filter((entry) => entry.startsWith('file'))).toEqual(['file: third', 'file: second', 'file: first']);
  });

  it('should have nothing left to run afterwards', async () => {
    await expect(tearDownFileResources()).resolves.toBeUndefined();
  });
});
