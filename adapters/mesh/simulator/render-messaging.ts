/**
 * Feed items and signed weeks as the simulator writes them (`wire-messaging.ts`). The services and event
 * names a feed item carries in `context` are the simulator's own: the public clients name the fields, not
 * their values (providers.md §8.5), so these only have to be plausible and stable.
 */
import { zonedTimestamp } from '../../simulation/calendar.js';
import type { SignedWeek } from './diary-signatures.js';
import type { FeedEntry, FeedKind } from './notice-feed.js';
import type { AwareJournalWire, FeedContextWire, FeedItemWire } from './wire-messaging.js';

const CONTEXTS: Readonly<Record<FeedKind, FeedContextWire>> = Object.freeze({
  announcement: {
    source_id: 1,
    source_name: 'Электронный журнал',
    event_id: 101,
    event_name: 'Объявление',
    setting_group_id: 10,
    setting_group_name: 'Объявления',
    mobile_routing_data: { type: 'deeplink', event_type: 'announcement' },
  },
  mark: {
    source_id: 1,
    source_name: 'Электронный журнал',
    event_id: 102,
    event_name: 'Новая оценка',
    setting_group_id: 11,
    setting_group_name: 'Успеваемость',
    mobile_routing_data: { type: 'deeplink', event_type: 'mark' },
  },
  news: {
    source_id: 2,
    source_name: 'МЭШ.Новости',
    event_id: 201,
    event_name: 'Новость',
    setting_group_id: 20,
    setting_group_name: 'Новости',
    mobile_routing_data: { type: 'deeplink', event_type: 'news' },
  },
});

/** A feed item; `read` says whether the account holder has seen it. */
export function renderFeedItem(entry: FeedEntry, read: boolean): FeedItemWire {
  return {
    id: entry.id,
    title: entry.title,
    description: entry.text,
    timestamp: entry.postedAt.getTime(),
    created_at: zonedTimestamp(entry.postedAt, entry.timeZone),
    is_new: !read,
    is_important: entry.important,
    familiarise_required: entry.important,
    decision_required: false,
    child_id: entry.studentId,
    vcu_icon: null,
    context: structuredClone(CONTEXTS[entry.kind]),
  };
}

/** A signed week, with an id made from the child and the week (the same on every start). */
export function renderSignedWeek(record: SignedWeek): AwareJournalWire {
  const weekNumber = Math.round(Date.parse(`${record.week}T00:00:00Z`) / 604_800_000);
  return {
    id: (record.studentId % 1_000_000) * 10_000 + (weekNumber % 10_000),
    parent_profile_id: record.parentProfileId,
    student_profile_id: record.studentId,
    week: record.week,
    created_at: zonedTimestamp(record.signedAt, record.timeZone).slice(0, 19).replace('T', ' '),
  };
}
