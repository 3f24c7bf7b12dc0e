/**
 * Hand-written МЭШ notice feed items and signed weeks in the wire shapes the adapter reads (providers.md
 * §8.5), small and overridable per test. `decodeFeed`/`decodeAwareJournals` run them through the adapter's
 * own schemas, so a fixture that drifts from the contract fails loudly.
 */
import {
  awareJournalsSchema,
  noticeFeedSchema,
  type AwareJournalsPayload,
  type NoticeFeedItemPayload,
} from '../../../adapters/mesh/payloads-messaging.js';
import { STUDENT_ID } from './fixtures.js';

type AwareJournalPayload = AwareJournalsPayload[number];

/** A feed item as the one typed client reads it (SM), an announcement for the fixtures' child. */
export function feedItem(overrides: Partial<NoticeFeedItemPayload> = {}): NoticeFeedItemPayload {
  return {
    id: '9f1c2a7e-0001',
    title: 'Родительское собрание',
    description: '<p>Собрание 27&nbsp;ноября в 18:00.<br>Кабинет 204.</p>',
    timestamp: 1_763_640_000,
    created_at: '2025-11-20T15:00:00',
    is_new: true,
    is_important: true,
    familiarise_required: true,
    decision_required: false,
    child_id: STUDENT_ID,
    vcu_icon: null,
    context: {
      source_id: 7,
      source_name: 'Школа',
      event_id: 3001,
      event_name: 'Информирование родителей',
      setting_group_id: 4,
      setting_group_name: 'Школьная жизнь',
      mobile_routing_data: { type: 'deeplink', event_type: 'school_event' },
    },
    ...overrides,
  };
}

/** A signed week of the fixtures' child. */
export function awareJournal(overrides: Partial<AwareJournalPayload> = {}): AwareJournalPayload {
  return {
    id: 7001,
    parent_profile_id: 35960000,
    student_profile_id: STUDENT_ID,
    week: '2025-09-08',
    created_at: '2025-09-14 19:30:00',
    ...overrides,
  };
}

/** Decodes a feed page with the adapter's schema (throws when a fixture is off the contract). */
export function decodeFeed(items: NoticeFeedItemPayload[]) {
  return noticeFeedSchema.parse({ data: items }).data;
}

/** Decodes signed weeks with the adapter's schema. */
export function decodeAwareJournals(records: AwareJournalPayload[]) {
  return awareJournalsSchema.parse(records);
}
