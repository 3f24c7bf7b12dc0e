/**
 * What the top of the children view says about the diaries' freshness: one line per diary, only when its
 * data is stale or it is failing («Данные на 08:40 — МЭШ не отвечает, показаны сохранённые»), and which of
 * the answer's errors are not already told by those lines (they are shown briefly beside them).
 */
import type { DiaryGraphqlError, ProviderKind } from '@diary-gateway/client';
import type { DashboardStudent } from '../data/types.js';
import { clockText } from '../format.js';
import type { Language } from '../i18n.js';
import { providerName } from '../providers.js';

type Freshness = DashboardStudent['freshness'][number];

/** How a failure reads to a family; the codes of one family get the same words. */
export type FailureFamily = 'unreachable' | 'signIn' | 'unreadable' | 'other';

/** One diary that needs a word: refreshing in the background, or failing (showing its last good copy). */
export type DiaryCondition =
  | { readonly kind: 'refreshing'; readonly provider: ProviderKind; readonly fetchedAt: string | null }
  | {
      readonly kind: 'failing';
      readonly provider: ProviderKind;
      readonly fetchedAt: string | null;
      readonly family: FailureFamily;
      /** The gateway's message (already in the page's language), for a failure the page has no words for. */
      readonly message: string;
    };

const FAMILIES: Readonly<Record<string, FailureFamily>> = {
  PROVIDER_UNAVAILABLE: 'unreachable',
  PROVIDER_TIMEOUT: 'unreachable',
  NETWORK_ERROR: 'unreachable',
  PROVIDER_AUTH_FAILED: 'signIn',
  PROVIDER_BAD_RESPONSE: 'unreadable',
  PROVIDER_SCHEMA_DRIFT: 'unreadable',
  BAD_RESPONSE: 'unreadable',
};

/** The family of an error `code`; a code the page does not know (a newer gateway) is `other`. */
export function failureFamily(code: string): FailureFamily {
  return FAMILIES[code] ?? 'other';
}

/** The older of two gateway `DateTime`s (compared as instants: diaries write different offsets). */
function older(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/**
 * The diaries to tell about, once each, in the order they first appear among the children: a diary
 * fails when any of its accounts failed (that failure wins over staleness), and is stale when any of
 * them served a stale copy. The time is the oldest of its accounts', so the words never overstate.
 * Fresh diaries are left out.
 */
export function diaryConditions(students: readonly Pick<DashboardStudent, 'freshness'>[]): DiaryCondition[] {
  const byProvider = new Map<ProviderKind, Freshness[]>();
  for (const entry of students.flatMap((student) => student.freshness)) {
    byProvider.set(entry.provider, [...(byProvider.get(entry.provider) ?? []), entry]);
  }
  const conditions: DiaryCondition[] = [];
  for (const [provider, entries] of byProvider) {
    const fetchedAt = entries.map((entry) => entry.fetchedAt).reduce(older, null);
    const failure = entries.find((entry) => entry.error !== null)?.error;
    if (failure) {
      conditions.push({
        kind: 'failing',
        provider,
        fetchedAt,
        family: failureFamily(failure.code),
        message: failure.message,
      });
    } else if (entries.some((entry) => entry.isStale)) {
      conditions.push({ kind: 'refreshing', provider, fetchedAt });
    }
  }
  return conditions;
}

const WORDS = {
  ru: {
    asOf: (time: string) => `Данные на ${time}`,
    none: 'Данных нет',
    refreshing: (diary: string) => `${diary} обновляется, показаны сохранённые`,
    refreshingNone: (diary: string) => `${diary} обновляется`,
    unreachable: (diary: string) => `${diary} не отвечает`,
    signIn: (diary: string) => `${diary} не принимает вход, подключите дневник заново`,
    unreadable: (diary: string) => `${diary} отвечает с ошибкой`,
    other: (diary: string, message: string) => `${diary}: ${message}`,
    saved: ', показаны сохранённые',
  },
  en: {
    asOf: (time: string) => `Data as of ${time}`,
    none: 'No data',
    refreshing: (diary: string) => `${diary} is refreshing in the background; showing the saved copy`,
    refreshingNone: (diary: string) => `${diary} is refreshing in the background`,
    unreachable: (diary: string) => `${diary} is not answering`,
    signIn: (diary: string) => `${diary} refuses the sign-in; link the diary again`,
    unreadable: (diary: string) => `${diary} answers with errors`,
    other: (diary: string, message: string) => `${diary}: ${message}`,
    saved: '; showing the saved copy',
  },
} as const;

/**
 * One diary's line: «Данные на 08:40 — МЭШ не отвечает, показаны сохранённые». The time is on the phone's
 * clock, with the day when not today (`timeZone` only for tests). Without `fetchedAt` nothing was served,
 * so the line says there is no data rather than a time.
 */
export function conditionText(condition: DiaryCondition, now: Date, language: Language, timeZone?: string): string {
  const words = WORDS[language];
  const diary = providerName(condition.provider, language);
  const served = condition.fetchedAt !== null && !Number.isNaN(Date.parse(condition.fetchedAt));
  const head = served
    ? words.asOf(clockText(new Date(condition.fetchedAt ?? ''), now, language, timeZone))
    : words.none;
  return `${head} — ${reasonText(condition, diary, served, language)}`;
}

function reasonText(condition: DiaryCondition, diary: string, served: boolean, language: Language): string {
  const words = WORDS[language];
  if (condition.kind === 'refreshing') return served ? words.refreshing(diary) : words.refreshingNone(diary);
  const saved = served ? words.saved : '';
  switch (condition.family) {
    case 'unreachable':
      return words.unreachable(diary) + saved;
    case 'signIn':
      return words.signIn(diary) + saved;
    case 'unreadable':
      return words.unreadable(diary) + saved;
    case 'other':
      return words.other(diary, condition.message) + saved;
  }
}

/**
 * The answer's errors that the diary lines do not already tell, each message once: an error is told when
 * it names a diary (`extensions.provider`) whose freshness carries the same code. What is left (a part of a
 * diary's answer left out, a route that only enriches a list) is shown briefly by its message, which the
 * gateway already wrote in the page's language.
 */
export function untoldErrors(
  errors: readonly DiaryGraphqlError[],
  students: readonly Pick<DashboardStudent, 'freshness'>[],
): string[] {
  const told = new Set(
    students
      .flatMap((student) => student.freshness)
      .flatMap((entry) => (entry.error ? [`${entry.provider} ${entry.error.code}`] : [])),
  );
  const messages: string[] = [];
  for (const error of errors) {
    const provider = error.extensions.provider;
    if (typeof provider === 'string' && told.has(`${provider} ${error.code}`)) continue;
    const message = error.message.trim();
    if (message !== '' && !messages.includes(message)) messages.push(message);
  }
  return messages;
}
