/** The store as a recording request sees it (src/answers/recording-store.ts). */
import { describe, expect, it } from 'vitest';
import { AnswerBasisRecorder } from '../../../src/answers/answer-basis.js';
import { recordingStore, storeUnchanged } from '../../../src/answers/recording-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { plainUser } from '../../support/accounts.js';

const START = Date.parse('2026-11-23T09:03:00Z');

describe('recordingStore', () => {
  it('should record listed reads, and a replay should tell a changed record', async () => {
    const store = createMemoryStore();
    await store.putUser(plainUser('usr_1', 'Анна'));
    const recorder = new AnswerBasisRecorder(START);
    const recording = recordingStore(store, recorder);
    expect((await recording.getUser('usr_1'))?.displayName).toBe('Анна');
    expect(await recording.listProviderAccounts('usr_1')).toEqual([]);
    const reads = recorder.basis()!.store;
    expect(reads.map((read) => read.method)).toEqual(['getUser', 'listProviderAccounts']);
    expect(await storeUnchanged(store, reads)).toBe(true);
    await store.putUser(plainUser('usr_1', 'Анна Сергеевна'));
    expect(await storeUnchanged(store, reads)).toBe(false);
  });

  it.each([
    ['a write', (store: ReturnType<typeof recordingStore>) => store.putUser(plainUser('usr_2', 'Пётр'))],
    ['a read-and-delete', (store: ReturnType<typeof recordingStore>) => store.takePendingLogin('nothing', START)],
    ['a read not on the list', (store: ReturnType<typeof recordingStore>) => store.findSession('nothing', START)],
  ])('should refuse the answer after %s, which still reaches the store', async (_case, call) => {
    const recorder = new AnswerBasisRecorder(START);
    await call(recordingStore(createMemoryStore(), recorder));
    expect(recorder.basis()).toBeNull();
  });

  it('should refuse the answer after a read that failed, and pass the failure on', async () => {
    const store = createMemoryStore();
    const failing = { ...store, getUser: () => Promise.reject(new Error('store away')) } as typeof store;
    const recorder = new AnswerBasisRecorder(START);
    await expect(recordingStore(failing, recorder).getUser('usr_1')).rejects.toThrow('store away');
    expect(recorder.basis()).toBeNull();
  });
});
