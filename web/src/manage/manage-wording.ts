/**
 * The settings view's words for what the gateway sends as codes: account and grant statuses, absence
 * reasons, the diaries that took a notice, why two children may be one, and a failed action's message.
 */
import type {
  AbsenceReason,
  GrantStatus,
  InviteeKind,
  LinkFlowKind,
  ProviderAccountStatus,
  ProviderKind,
} from '@diary-gateway/client';
import { codeText, type CodeWords } from '../format.js';
import type { Language } from '../i18n.js';
import { providerName } from '../providers.js';

const ACCOUNT_STATUS: CodeWords<ProviderAccountStatus> = {
  ACTIVE: { ru: 'работает', en: 'working' },
  NEEDS_RELOGIN: { ru: 'нужно войти заново', en: 'needs signing in again' },
  UNAVAILABLE: {
    ru: 'дневник не отвечает, показана последняя копия',
    en: 'the diary is not answering; the last copy is shown',
  },
  FAILING: { ru: 'сбои в дневнике, показана последняя копия', en: 'the diary is failing; the last copy is shown' },
};

/** A linked account's status in words (a status from a newer gateway is shown as sent). */
export function accountStatusText(status: ProviderAccountStatus, language: Language): string {
  return codeText(ACCOUNT_STATUS, status, language);
}

const GRANT_STATUS: CodeWords<GrantStatus> = {
  PENDING: { ru: 'ждёт, когда примут приглашение', en: 'invitation not accepted yet' },
  ACTIVE: { ru: 'доступ открыт', en: 'access open' },
  REVOKED: { ru: 'доступ отозван', en: 'access revoked' },
  EXPIRED: { ru: 'срок истёк', en: 'expired' },
};

/** A trusted person's grant status in words. */
export function grantStatusText(status: GrantStatus, language: Language): string {
  return codeText(GRANT_STATUS, status, language);
}

/** Whether a grant can still be revoked (pending or active). */
export function isRevocable(status: GrantStatus): boolean {
  return status === 'PENDING' || status === 'ACTIVE';
}

/** How the invitee is shown: the label the gateway keeps, or (for a SNILS, never shown back) what it was. */
export function inviteeText(kind: InviteeKind, label: string | null, language: Language): string {
  if (label) return label;
  if (kind === 'SNILS') return language === 'ru' ? 'по СНИЛС' : 'by SNILS';
  return language === 'ru' ? 'без имени' : 'unnamed';
}

const ABSENCE_REASON: CodeWords<AbsenceReason> = {
  ILLNESS: { ru: 'Болезнь', en: 'Illness' },
  FAMILY: { ru: 'Семейные обстоятельства', en: 'Family circumstances' },
  OTHER: { ru: 'Другая причина (напишите в комментарии)', en: 'Another reason (say which in the comment)' },
};

/** The absence reasons in the order offered, each with its words in `language`. */
export function absenceReasons(language: Language): readonly { value: AbsenceReason; label: string }[] {
  return (Object.keys(ABSENCE_REASON) as AbsenceReason[]).map((value) => ({
    value,
    label: ABSENCE_REASON[value][language],
  }));
}

const FLOW_KIND: CodeWords<LinkFlowKind> = {
  REDIRECT: { ru: 'вход на сайте дневника', en: 'sign in on the diary’s site' },
  FORM: { ru: 'логин и пароль дневника', en: 'the diary’s login and password' },
};

/** How a link signs the parent in, in words (`вход на сайте дневника или логин и пароль дневника`). */
export function flowKindsText(kinds: readonly LinkFlowKind[], language: Language): string {
  return kinds.map((kind) => codeText(FLOW_KIND, kind, language)).join(language === 'ru' ? ' или ' : ' or ');
}

/** The diaries' names, once each, in order. */
function diaryNames(providers: readonly ProviderKind[], language: Language): string[] {
  return [...new Set(providers)].map((provider) => providerName(provider, language));
}

/** The diaries' names, once each, in order (`МЭШ, ЭлЖур`). */
export function diariesText(providers: readonly ProviderKind[], language: Language): string {
  return diaryNames(providers, language).join(', ');
}

/** What the diaries did with a notice: the English verb, the Russian one for one diary and for several. */
interface NoticeVerb {
  readonly ru: readonly [one: string, several: string];
  readonly en: string;
}

const TOOK: NoticeVerb = { ru: ['принял', 'приняли'], en: 'took' };
const WITHDREW: NoticeVerb = { ru: ['отменил', 'отменили'], en: 'withdrew' };

/** Which diaries took an absence notice («МЭШ принял уведомление»). */
export function noticeTakenText(providers: readonly ProviderKind[], language: Language): string {
  return noticeVerbText(providers, TOOK, language);
}

/** Which diaries withdrew a notice («МЭШ отменил уведомление»). */
export function noticeWithdrawnText(providers: readonly ProviderKind[], language: Language): string {
  return noticeVerbText(providers, WITHDREW, language);
}

/** «МЭШ и ЭлЖур приняли уведомление.», or that none did («Ни один дневник не принял уведомление.»). */
function noticeVerbText(providers: readonly ProviderKind[], verb: NoticeVerb, language: Language): string {
  const names = diaryNames(providers, language);
  if (language === 'en')
    return names.length === 0
      ? `No diary ${verb.en} the notice.`
      : `${joinNames(names, language)} ${verb.en} the notice.`;
  if (names.length === 0) return `Ни один дневник не ${verb.ru[0]} уведомление.`;
  return `${joinNames(names, language)} ${names.length === 1 ? verb.ru[0] : verb.ru[1]} уведомление.`;
}

function joinNames(names: readonly string[], language: Language): string {
  if (names.length < 2) return names.join('');
  const and = language === 'ru' ? ' и ' : ' and ';
  return `${names.slice(0, -1).join(', ')}${and}${names[names.length - 1]}`;
}

/** The parts of a match suggestion's `reason` the gateway writes (src/identity/matching.ts), in Russian. */
const MATCH_REASON_PARTS: Readonly<Record<string, string>> = {
  'same full name': 'совпадают фамилия, имя и отчество',
  'same name': 'совпадают фамилия и имя',
  'same surname and first name': 'совпадают фамилия и имя',
  'patronymic missing on one side': 'в одном дневнике нет отчества',
  'birth date missing on one side': 'в одном дневнике нет даты рождения',
  'no birth date on either side': 'ни в одном дневнике нет даты рождения',
};

/**
 * Why two children may be one, in `language`. The gateway writes it in English, in `;`-separated parts;
 * each known part is put into Russian, an unknown one (a newer gateway's) is kept as sent.
 */
export function matchReasonText(reason: string, language: Language): string {
  const parts = reason
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (language === 'en') return capitalise(parts.join('; '));
  return capitalise(parts.map((part) => MATCH_REASON_PARTS[part] ?? part).join('; '));
}

/** `text` as a sentence: a full stop at its end, not a second one after «г.» («8 декабря 2026 г.»). */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What to tell the parent when an action failed: the client's message (already in the page's language,
 * the gateway's via Accept-Language), else a general one.
 */
export function failureText(error: unknown, language: Language): string {
  if (error instanceof Error && error.message.trim() !== '') return error.message;
  return language === 'ru'
    ? 'Не получилось. Проверьте подключение к интернету и повторите попытку.'
    : 'That did not work. Check the connection and try again.';
}
