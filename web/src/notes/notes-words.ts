/**
 * Words of a child's card for teachers' remarks and the week's signature: what kind a remark is, how many
 * came lately, which week, and where its signature stands (signed when, not yet, or signed only in the diary
 * itself). Pure, so the wording is tested without a browser.
 */
import type { RemarkKind } from '@diary-gateway/client';
import { addDays, type IsoDate } from '../dates.js';
import { clockText, codeText, countOf, formatDayRange, type CodeWords, type WordForms } from '../format.js';
import type { Bilingual, Language } from '../i18n.js';
import { providerName } from '../providers.js';

/** How many days back the card shows remarks: the last 30, today included. */
export const REMARK_DAYS = 30;

/** The days of remarks the card asks for, ending `today`. */
export function remarkRange(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: addDays(today, -(REMARK_DAYS - 1)), to: today };
}

const KINDS: CodeWords<RemarkKind> = {
  REMARK: { ru: 'Замечание', en: 'Remark' },
  PRAISE: { ru: 'Похвала', en: 'Praise' },
  NOTE: { ru: 'Запись учителя', en: 'Teacher’s note' },
};

/** What kind a remark is, in words («Замечание», «Похвала», «Запись учителя»). */
export function remarkKindText(kind: string, language: Language): string {
  return codeText(KINDS, kind, language);
}

const RECORDS: Bilingual<WordForms> = {
  ru: { one: 'запись', few: 'записи', many: 'записей', other: 'записи' },
  en: { one: 'note', other: 'notes' },
};

/** The closed sub-section's hint: «3 записи за 30 дней». */
export function remarksHint(count: number, language: Language): string {
  const records = countOf(count, RECORDS[language], language);
  return language === 'ru' ? `${records} за ${REMARK_DAYS} дней` : `${records} in ${REMARK_DAYS} days`;
}

/** The week starting `weekStart` (a Monday): «23 ноября – 29 ноября». */
export function weekText(weekStart: IsoDate, language: Language): string {
  return formatDayRange(weekStart, addDays(weekStart, 6), language, { day: 'numeric', month: 'long' });
}

/** One diary's signature of a week, as the gateway gives it (`DiaryWeekSignature`). */
export interface WeekSignatureLike {
  readonly provider: string;
  readonly signed: boolean;
  readonly signedAt: string | null;
  readonly canSign: boolean;
}

/**
 * Where a week's signature stands, in words: «подписана 23 ноября, 13:00», «не подписана», or — for a parent
 * whose diary keeps signatures read-only — that it is signed in the diary itself. `now` is the phone's clock.
 */
export function signatureText(
  signature: WeekSignatureLike,
  parent: boolean,
  language: Language,
  now: Date = new Date(),
): string {
  const ru = language === 'ru';
  if (signature.signed) {
    const at = signature.signedAt ? new Date(signature.signedAt) : null;
    const when = at && !Number.isNaN(at.getTime()) ? ` ${clockText(at, now, language)}` : '';
    return ru ? `подписана${when}` : `signed${when}`;
  }
  if (signature.canSign || !parent) return ru ? 'не подписана' : 'not signed';
  const diary = providerName(signature.provider, language);
  return ru
    ? `не подписана; подписать её можно только в самом дневнике (${diary})`
    : `not signed; it can be signed only in the diary itself (${diary})`;
}
