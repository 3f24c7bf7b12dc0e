/**
 * The lifecycle every nock-based adapter test uses: no real network, and every mocked request must have
 * been made by the end of each test (a mock left pending is a request the adapter forgot or changed).
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** Registers the hooks: call once at the top of a test file. */
export function useStrictNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
