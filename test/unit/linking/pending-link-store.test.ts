/**
 * The store side of linking that the store contract cannot see: how the in-process stores bound link
 * flows in progress (in all and per user, the soonest to expire first), that they are never written to
 * the file, and that an account's tenant survives the file's document.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { parseStoreDocument } from '../../../src/store/store-document.js';
import { emptyStoreState, exportStoreState } from '../../../src/store/store-state.js';
import { records } from '../../contract/store-contract.js';

const NOW = Date.now();

describe('pending links in the memory and file stores', () => {
  it('should keep at most the per-user bound for one user, dropping their oldest, and leave others alone', async () => {
    const store = createMemoryStore({ maxPendingLinksPerUser: 3 });
    await store.putPendingLink(records.pendingLink('other', NOW + 60_000, { userId: 'u2' }));
    for (let index = 0; index < 5; index++)
      await store.putPendingLink(records.pendingLink(`s${index}`, NOW + 60_000 + index));
    expect(await store.takePendingLink('s0', NOW)).toBeNull();
    expect(await store.takePendingLink('s1', NOW)).toBeNull();
    for (const kept of ['s2', 's3', 's4', 'other']) expect(await store.takePendingLink(kept, NOW)).not.toBeNull();
  });

  it('should drop expired links first when full, then the soonest to expire', async () => {
    const store = createMemoryStore({ maxPendingLinks: 3 });
    await store.putPendingLink(records.pendingLink('live-1', NOW + 60_000, { userId: 'a' }));
    await store.putPendingLink(records.pendingLink('expired', NOW - 1, { userId: 'b' }));
    await store.putPendingLink(records.pendingLink('live-2', NOW + 70_000, { userId: 'c' }));
    await store.putPendingLink(records.pendingLink('live-3', NOW + 80_000, { userId: 'd' }));
    expect(await store.takePendingLink('expired', NOW - 10)).toBeNull();
    await store.putPendingLink(records.pendingLink('live-4', NOW + 90_000, { userId: 'e' }));
    expect(await store.takePendingLink('live-1', NOW)).toBeNull();
    for (const kept of ['live-2', 'live-3', 'live-4']) expect(await store.takePendingLink(kept, NOW)).not.toBeNull();
  });

  it('should never persist a pending link, nor write it into the document', async () => {
    let persisted = 0;
    const state = emptyStoreState();
    const store = createMemoryStore({ state, persist: async () => void (persisted += 1) });
    await store.putPendingLink(records.pendingLink('s1', NOW + 60_000));
    await store.takePendingLink('s1', NOW);
    await store.putPendingLink(records.pendingLink('s2', NOW + 60_000));
    expect(persisted).toBe(0);
    expect(JSON.stringify(exportStoreState(state))).not.toContain('s2');
  });

  it("should keep an account's tenant through the file's document", async () => {
    const state = emptyStoreState();
    await createMemoryStore({ state }).putProviderAccount(records.account('a1', 'u1', 100, { tenant: 'mesh-mosreg' }));
    const { document, rejected } = parseStoreDocument(JSON.stringify(exportStoreState(state)), 'store.json');
    expect(rejected).toEqual([]);
    expect(document.accounts).toEqual([records.account('a1', 'u1', 100, { tenant: 'mesh-mosreg' })]);
  });
});
