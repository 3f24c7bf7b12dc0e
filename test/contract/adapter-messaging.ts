/**
 * The adapter contract's messaging (issue 17), for a diary whose adapter has `messaging`: its features are
 * well formed and kept (a feature said `false` throws `NOT_SUPPORTED_BY_PROVIDER`), its mail and notices are
 * well formed (ids, instants with an offset, names, plain text), every teacher of a child's subjects is in
 * the child's address book (the seed names them), and a diary that is down answers `PROVIDER_UNAVAILABLE`.
 * A diary without messaging must have none (`ContractDiary.messaging`), so the flag cannot go stale.
 */
import { describe, expect, it } from 'vitest';
import type { SeedChild } from '../../adapters/simulation/seed.js';
import type { SimulatorHandle } from '../../adapters/simulation/serve.js';
import type { UpstreamScope } from '../../src/domain/adapter.js';
import type { ProviderMessagePerson } from '../../src/domain/messaging.js';
import { providerRejection } from '../support/rejection.js';
import type { ContractDiary } from './adapter-contract.js';
import type { ListReader } from './adapter-lists.js';

/** What the messaging scenarios read with. */
export interface MessagingContext {
  /** The children the account shows. */
  shown: readonly SeedChild[];
  today: string;
  read(): ListReader;
  simulator(): SimulatorHandle<string>;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$/;
const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/i;
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z]{2,8});/i;

function expectPlain(text: string): void {
  expect(text).not.toMatch(TAG);
  expect(text).not.toMatch(ENTITY);
}

function expectPerson(person: ProviderMessagePerson): void {
  expect(person.name.trim()).not.toBe('');
}

/** Declares the messaging scenarios. */
export function describeMessagingContract(diary: ContractDiary, context: MessagingContext): void {
  const TIME_ZONE = 'Europe/Moscow';
  const open = () => {
    const reader = context.read();
    expect(reader.adapter.messaging, `${diary.provider} has messaging`).toBeDefined();
    const { account, students } = reader;
    return { account, students, messaging: reader.adapter.messaging!, scope: (): UpstreamScope => reader.scope() };
  };
  const inbox = { folder: 'INBOX', unreadOnly: false, page: 1, pageSize: 10, timeZone: TIME_ZONE } as const;

  describe('messaging', () => {
    if (!diary.messaging) {
      it('should have none', () => {
        expect(context.read().adapter.messaging).toBeUndefined();
      });
      return;
    }

    it('should say what it can do in well-formed features', () => {
      const { features } = open().messaging;
      expect(Number.isInteger(features.maxTextLength) && features.maxTextLength >= 0).toBe(true);
      // A diary that takes messages takes some text.
      if (features.sendMessages) expect(features.maxTextLength).toBeGreaterThan(0);
      expect(['read-write', 'read-only', 'none']).toContain(features.signatures);
      if (features.sendMessages) expect(features.readMessages).toBe(true);
    });

    it('should list each mailbox well formed: ids, instants with an offset, names, plain text', async () => {
      const { messaging, account, scope } = open();
      if (!messaging.features.readMessages) {
        expect((await providerRejection(messaging.listMessages(account, inbox, scope()))).code).toBe(
          'NOT_SUPPORTED_BY_PROVIDER',
        );
        return;
      }
      for (const folder of ['INBOX', 'SENT'] as const) {
        const page = await messaging.listMessages(account, { ...inbox, folder }, scope());
        expect(typeof page.hasMore).toBe('boolean');
        for (const message of page.messages) {
          expect(message.folder).toBe(folder);
          expect(message.externalId).not.toBe('');
          expect(message.sentAt).toMatch(INSTANT);
          expectPerson(message.sender);
          message.recipients.forEach(expectPerson);
          expectPlain(message.subject);
          expectPlain(message.preview);
          if (folder === 'SENT') expect(message.isRead).toBe(true);
        }
      }
    });

    it('should put every teacher of a child’s subjects in the child’s address book', async () => {
      const { messaging, account, students, scope } = open();
      if (!messaging.features.sendMessages) return;
      for (const child of context.shown) {
        const groups = await messaging.listRecipients(account, students.get(String(child.studentId))!, scope());
        const names = new Set(groups.flatMap((group) => group.recipients.map((recipient) => recipient.name)));
        for (const subject of child.subjects) expect([...names], child.key).toContain(subject.teacher);
        for (const group of groups)
          expect(group.recipients.every((recipient) => recipient.externalId !== '')).toBe(true);
      }
    });

    it('should list notices well formed, or say it cannot', async () => {
      const { messaging, account, students, scope } = open();
      const request = {
        students: [...students.values()],
        unreadOnly: false,
        page: 1,
        pageSize: 10,
        timeZone: TIME_ZONE,
      };
      if (!messaging.features.readNotices) {
        expect((await providerRejection(messaging.listNotices(account, request, scope()))).code).toBe(
          'NOT_SUPPORTED_BY_PROVIDER',
        );
        return;
      }
      for (const notice of (await messaging.listNotices(account, request, scope())).notices) {
        expect(notice.publishedAt).toMatch(INSTANT);
        if (notice.validUntil !== null) expect(notice.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expectPlain(notice.title);
        expectPlain(notice.preview);
      }
    });

    it('should refuse what its features say it cannot do, as NOT_SUPPORTED_BY_PROVIDER', async () => {
      const { messaging, account, students, scope } = open();
      const student = students.get(String(context.shown[0]!.studentId))!;
      const week = { from: context.today, to: context.today };
      if (!messaging.features.remarks)
        expect((await providerRejection(messaging.fetchRemarks(account, student, week, scope()))).code).toBe(
          'NOT_SUPPORTED_BY_PROVIDER',
        );
      if (messaging.features.signatures !== 'read-write')
        expect((await providerRejection(messaging.signWeek(account, student, context.today, scope()))).code).toBe(
          'NOT_SUPPORTED_BY_PROVIDER',
        );
      if (messaging.features.signatures !== 'none')
        for (const signature of await messaging.fetchWeekSignatures(account, student, week, scope()))
          expect(signature.weekStart <= context.today).toBe(true);
    });

    it(`should answer PROVIDER_UNAVAILABLE while the diary is down (${diary.down.mode})`, async () => {
      const { messaging, account, scope } = open();
      if (!messaging.features.readMessages) return;
      context.simulator().setFault(diary.down.mode);
      expect(await providerRejection(messaging.listMessages(account, inbox, scope()))).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        upstreamStatus: diary.down.status,
      });
    });
  });
}
