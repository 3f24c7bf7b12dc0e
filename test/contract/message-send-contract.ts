/**
 * The message-send part of the store contract (`describeStoreContract` runs it for every store): a send's
 * record is claimed once per id — kept when none is live, else the live one is answered, whatever its draft —
 * replaced once expired or `FAILED` for the same draft, one winner of any race, and changed atomically
 * without moving what identifies it or bounds its life.
 *
 * Times are around the real clock, a day ahead, because the Redis store hands `expiresAt` to Redis; what
 * "expired" means is decided by the `now` a claim passes, so the tests move that instead.
 */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store-error.js';
import type { GatewayStore, MessageSendRecord } from '../../src/store/store.js';

/** A send's lifetime, as `src/messages` keeps it. */
const DAY_MS = 86_400_000;

/** A send `id` of user `u1` for the draft `digest`, claimed at `createdAt` (expiring a day later), `SENDING`. */
export function sendRecord(
  id: string,
  digest: string,
  createdAt: number,
  overrides: Partial<MessageSendRecord> = {},
): MessageSendRecord {
  return {
    id,
    ownerUserId: 'u1',
    draftDigest: digest,
    claimToken: `claim-${createdAt}-${digest}`,
    state: 'SENDING',
    result: null,
    createdAt,
    expiresAt: createdAt + DAY_MS,
    ...overrides,
  };
}

/** The answer a retry of a sent message gets. */
const RESULT: MessageSendRecord['result'] = {
  provider: 'ELJUR',
  recipients: [
    { name: 'Петрова Ольга Ивановна', role: 'CLASS_TEACHER' },
    { name: 'Сидоров Пётр', role: null },
  ],
  sentAt: '2026-12-07T09:30:00.000Z',
};

/** The error a promise rejects with. */
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );

/** The message-send contract, for stores `createStore` makes empty. */
export function describeMessageSendContract(createStore: () => Promise<GatewayStore> | GatewayStore): void {
  describe('message sends', () => {
    const now = Date.now();

    it('should keep the first claim of an id and answer it to every later claim, whatever its draft', async () => {
      const store = await createStore();
      const first = sendRecord('s1', 'draft-a', now);
      expect(await store.claimMessageSend(first, now)).toEqual(first);
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-a', now + 5), now + 5)).toEqual(first);
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-b', now + 6), now + 6)).toEqual(first);
      // Another id is another send.
      expect(await store.claimMessageSend(sendRecord('s2', 'draft-a', now + 7), now + 7)).toEqual(
        sendRecord('s2', 'draft-a', now + 7),
      );
    });

    it('should keep a SENT or UNKNOWN send against a claim of the same draft', async () => {
      const store = await createStore();
      for (const state of ['SENT', 'UNKNOWN'] as const) {
        const stored = sendRecord(`s-${state}`, 'draft-a', now, { state });
        await store.claimMessageSend(sendRecord(`s-${state}`, 'draft-a', now), now);
        await store.updateMessageSend(`s-${state}`, (send) => ({ ...send, state }));
        expect(await store.claimMessageSend(sendRecord(`s-${state}`, 'draft-a', now + 1), now + 1)).toEqual(stored);
      }
    });

    it('should replace a send once it has expired, and not a moment before', async () => {
      const store = await createStore();
      const first = sendRecord('s1', 'draft-a', now, { expiresAt: now + 60_000 });
      await store.claimMessageSend(first, now);
      const early = sendRecord('s1', 'draft-b', now + 59_999);
      expect(await store.claimMessageSend(early, now + 59_999)).toEqual(first);
      const late = sendRecord('s1', 'draft-b', now + 60_000);
      expect(await store.claimMessageSend(late, now + 60_000)).toEqual(late);
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-c', now + 60_001), now + 60_001)).toEqual(late);
    });

    it('should replace a FAILED send of the same draft, and keep one of another draft', async () => {
      const store = await createStore();
      await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
      const failed = await store.updateMessageSend('s1', (send) => ({ ...send, state: 'FAILED' }));
      expect(failed).toEqual(sendRecord('s1', 'draft-a', now, { state: 'FAILED' }));
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-b', now + 1), now + 1)).toEqual(failed);
      const again = sendRecord('s1', 'draft-a', now + 2);
      expect(await store.claimMessageSend(again, now + 2)).toEqual(again);
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-a', now + 3), now + 3)).toEqual(again);
    });

    it('should let one of many racing claims win, and answer every one with it', async () => {
      const store = await createStore();
      const claims = Array.from({ length: 10 }, (_, index) => sendRecord('s1', `draft-${index % 2}`, now + index));
      const answers = await Promise.all(claims.map((claim) => store.claimMessageSend(claim, now)));
      const winner = answers[0]!;
      expect(claims).toContainEqual(winner);
      for (const answer of answers) expect(answer).toEqual(winner);
      expect(await store.updateMessageSend('s1', () => null)).toEqual(winner);
    });

    it('should change a send atomically, and answer the change to a later claim', async () => {
      const store = await createStore();
      await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
      const sent = await store.updateMessageSend('s1', (send) => ({ ...send, state: 'SENT', result: RESULT }));
      expect(sent).toEqual(sendRecord('s1', 'draft-a', now, { state: 'SENT', result: RESULT }));
      expect(await store.claimMessageSend(sendRecord('s1', 'draft-a', now + 1), now + 1)).toEqual(sent);
      expect(await store.updateMessageSend('s1', () => null)).toEqual(sent);
      const refusal = new Error('not sending any more');
      await expect(
        store.updateMessageSend('s1', () => {
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect(await store.updateMessageSend('s1', () => null)).toEqual(sent);
    });

    it('should answer null for a send never claimed, without calling the change', async () => {
      const store = await createStore();
      let called = false;
      expect(
        await store.updateMessageSend('missing', (send) => {
          called = true;
          return send;
        }),
      ).toBeNull();
      expect(called).toBe(false);
    });

    it('should refuse a change of what identifies a send or bounds its life, writing nothing', async () => {
      const store = await createStore();
      const claimed = await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
      const breakings: Partial<MessageSendRecord>[] = [
        { id: 's2' },
        { ownerUserId: 'u2' },
        { draftDigest: 'draft-b' },
        { claimToken: 'another-claim' },
        { createdAt: now + 1 },
        { expiresAt: now + 2 * DAY_MS },
      ];
      for (const breaking of breakings) {
        const error = await rejection(
          store.updateMessageSend('s1', (send) => ({ ...send, state: 'SENT', result: RESULT, ...breaking })),
        );
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).code).toBe('STORE_INVALID_CHANGE');
      }
      expect(await store.updateMessageSend('s1', () => null)).toEqual(claimed);
      expect(await store.updateMessageSend('s2', () => null)).toBeNull();
    });

    it('should hand out copies and keep none of what callers pass', async () => {
      const store = await createStore();
      const send = sendRecord('s1', 'draft-a', now);
      const claimed = await store.claimMessageSend(send, now);
      send.state = 'FAILED';
      claimed.draftDigest = 'changed';
      const returned = sendRecord('s1', 'draft-a', now, { state: 'SENT', result: structuredClone(RESULT) });
      const updated = await store.updateMessageSend('s1', () => returned);
      returned.result!.recipients[0]!.name = 'changed';
      updated!.result!.sentAt = 'changed';
      expect(await store.updateMessageSend('s1', () => null)).toEqual(
        sendRecord('s1', 'draft-a', now, { state: 'SENT', result: RESULT }),
      );
    });
  });
}
