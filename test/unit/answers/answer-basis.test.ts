/** What one request's record of its dependencies lets the answer cache keep (src/answers/answer-basis.ts). */
import { describe, expect, it } from 'vitest';
import { AnswerBasisRecorder, nextQuarterHour } from '../../../src/answers/answer-basis.js';
import type { ServedCopy } from '../../../src/cache/upstream-cache.js';
import { ProviderUnavailableError } from '../../../src/errors/gateway-error.js';

const START = Date.parse('2026-11-23T09:03:00Z');
const QUARTER = Date.parse('2026-11-23T09:15:00Z');

function copy(change: Partial<ServedCopy<unknown>> = {}): ServedCopy<unknown> {
  return {
    value: [],
    fetchedAt: START - 1_000,
    isStale: false,
    staleBecause: null,
    freshUntil: START + 60_000,
    key: 'v2:acc_1:grades:abc',
    version: {},
    ...change,
  };
}

describe('AnswerBasisRecorder', () => {
  it('should keep an answer until the earliest of the next quarter hour and every fresh window it read', () => {
    const recorder = new AnswerBasisRecorder(START);
    expect(recorder.basis()?.validUntil).toBe(QUARTER);
    recorder.upstreamRead(copy({ freshUntil: START + 120_000 }));
    recorder.upstreamRead(copy({ key: 'v2:acc_1:homework:abc', freshUntil: START + 60_000 }));
    const basis = recorder.basis()!;
    expect(basis.validUntil).toBe(START + 60_000);
    expect(basis.upstream.map((dependency) => dependency.key)).toEqual([
      'v2:acc_1:grades:abc',
      'v2:acc_1:homework:abc',
    ]);
  });

  it('should end at a clock bound code reported', () => {
    const recorder = new AnswerBasisRecorder(START);
    recorder.dependsOnTimeUntil(START + 5_000);
    expect(recorder.basis()?.validUntil).toBe(START + 5_000);
  });

  it.each([
    ['a stale copy', (recorder: AnswerBasisRecorder) => recorder.upstreamRead(copy({ isStale: true }))],
    [
      'a copy served because the diary failed',
      (recorder: AnswerBasisRecorder) =>
        recorder.upstreamRead(copy({ staleBecause: new ProviderUnavailableError('MESH', 'down') })),
    ],
    ['a failed read', (recorder: AnswerBasisRecorder) => recorder.upstreamRead(null)],
    ['a copy fresh for no time', (recorder: AnswerBasisRecorder) => recorder.upstreamRead(copy({ freshUntil: START }))],
    ['a store write', (recorder: AnswerBasisRecorder) => recorder.refuse('store.putUser')],
    [
      'a store read of other than ids',
      (recorder: AnswerBasisRecorder) => recorder.storeRead('getUser', [{ id: 'usr_1' }], null),
    ],
  ])('should refuse the answer after %s', (_case, event) => {
    const recorder = new AnswerBasisRecorder(START);
    recorder.upstreamRead(copy());
    event(recorder);
    expect(recorder.basis()).toBeNull();
  });

  it('should keep a renewable answer to the quarter hour, each copy with its own fresh end', () => {
    const recorder = new AnswerBasisRecorder(START, true);
    recorder.upstreamRead(copy({ freshUntil: START }));
    recorder.upstreamRead(copy({ key: 'v2:acc_1:homework:abc', freshUntil: START + 60_000 }));
    const basis = recorder.basis()!;
    expect(basis).toMatchObject({ validUntil: QUARTER, renewable: true });
    expect(
      basis.upstream.map((dependency) => [
        dependency.key,
        dependency.freshUntil,
        dependency.version.deref() !== undefined,
      ]),
    ).toEqual([
      ['v2:acc_1:grades:abc', START, true],
      ['v2:acc_1:homework:abc', START + 60_000, true],
    ]);
  });

  it('should bound an answer that shows fetch times by its copies, renewal or not', () => {
    const recorder = new AnswerBasisRecorder(START, true);
    recorder.upstreamRead(copy({ freshUntil: START + 60_000 }));
    recorder.dependsOnFetchTimes();
    expect(recorder.basis()).toMatchObject({ validUntil: START + 60_000, renewable: false });
    recorder.upstreamRead(copy({ key: 'v2:acc_1:homework:abc', freshUntil: START }));
    expect(recorder.basis()).toBeNull();
  });

  it('should record each store read once, with a digest of its answer', () => {
    const recorder = new AnswerBasisRecorder(START);
    recorder.storeRead('getUser', ['usr_1'], { id: 'usr_1', displayName: 'Анна' });
    recorder.storeRead('getUser', ['usr_1'], { id: 'usr_1', displayName: 'Анна' });
    recorder.storeRead('listGrantsByGrantee', ['usr_1'], []);
    const reads = recorder.basis()!.store;
    expect(reads.map(({ method, args }) => [method, args])).toEqual([
      ['getUser', ['usr_1']],
      ['listGrantsByGrantee', ['usr_1']],
    ]);
    expect(reads[0]!.fingerprint).not.toContain('Анна');
  });
});

describe('nextQuarterHour', () => {
  it('should be the next UTC quarter hour, strictly after the moment', () => {
    expect(nextQuarterHour(Date.parse('2026-11-23T09:00:00Z'))).toBe(QUARTER);
    expect(nextQuarterHour(Date.parse('2026-11-23T09:14:59.999Z'))).toBe(QUARTER);
    expect(nextQuarterHour(QUARTER)).toBe(Date.parse('2026-11-23T09:30:00Z'));
  });
});
