/**
 * The mail view's words for what the gateway sends as codes and lists: which diaries' mail is missing from a
 * list and why, who a person is, whom a message concerns, what a send did, why it failed — in plain Russian
 * (and English), never a code. Pure, so the wording is tested without a browser.
 */
import type { MessagePersonRole } from '@diary-gateway/client';
import { codeText, formatNumber, wordFor, type CodeWords, type WordForms } from '../format.js';
import type { Bilingual, Language } from '../i18n.js';
import { providerName } from '../providers.js';
import { DRAFT_LIMITS, type DraftProblem } from './draft-check.js';
import { FILE_LIMITS, type FileProblem } from './files.js';
import type { ListSource } from './paging.js';

/** What a list holds: messages or notices. */
export type ListKind = 'messages' | 'notices';

const ROLES: CodeWords<MessagePersonRole> = {
  TEACHER: { ru: 'учитель', en: 'teacher' },
  CLASS_TEACHER: { ru: 'классный руководитель', en: 'class teacher' },
  ADMINISTRATION: { ru: 'администрация', en: 'school administration' },
  PARENT: { ru: 'родитель', en: 'parent' },
  STUDENT: { ru: 'ученик', en: 'student' },
  OTHER: { ru: 'сотрудник школы', en: 'school staff' },
};

/** A person with what the diary says they are: «Тарасова Марина Викторовна (классный руководитель)». */
export function personText(person: { name: string; role?: string | null }, language: Language): string {
  return person.role ? `${person.name} (${codeText(ROLES, person.role, language)})` : person.name;
}

/** The children's first names, once each, in order: «Лев, Мария». */
export function childrenText(students: readonly { firstName: string }[]): string {
  return [...new Set(students.map((student) => student.firstName))].join(', ');
}

/** Whom an item concerns and where it is: «Лев, Мария · ЭлЖур». */
export function itemPlaceText(
  students: readonly { firstName: string }[],
  provider: string,
  language: Language,
): string {
  const names = childrenText(students);
  const diary = providerName(provider, language);
  return names === '' ? diary : `${names} · ${diary}`;
}

const UNAVAILABLE: Bilingual<Record<ListKind, (diary: string) => string>> = {
  ru: {
    messages: (diary) => `${diary} сейчас не отвечает, поэтому его сообщений здесь нет. Попробуйте позже.`,
    notices: (diary) => `${diary} сейчас не отвечает, поэтому его объявлений здесь нет. Попробуйте позже.`,
  },
  en: {
    messages: (diary) => `${diary} is not answering right now, so its messages are not here. Try again later.`,
    notices: (diary) => `${diary} is not answering right now, so its notices are not here. Try again later.`,
  },
};

const NOT_SUPPORTED: Bilingual<Record<ListKind, (diary: string) => string>> = {
  ru: {
    messages: (diary) => `${diary} не даёт читать сообщения через этот сервис — их можно прочитать в самом дневнике.`,
    notices: (diary) => `${diary} не даёт читать объявления через этот сервис — их можно прочитать в самом дневнике.`,
  },
  en: {
    messages: (diary) => `${diary} does not let this service read its messages — read them in the diary itself.`,
    notices: (diary) => `${diary} does not let this service read its notices — read them in the diary itself.`,
  },
};

/**
 * What to tell the family about the accounts whose items are not in a list: one sentence per diary and
 * status, naming the diary and its children («ЭлЖур (Лев, Мария) сейчас не отвечает…»); nothing for
 * accounts whose items are in.
 */
export function sourceNotes(sources: readonly ListSource[], kind: ListKind, language: Language): string[] {
  const grouped = new Map<string, { status: string; provider: string; students: { firstName: string }[] }>();
  for (const source of sources) {
    if (source.status === 'OK') continue;
    const key = `${source.status}|${source.provider}`;
    const group = grouped.get(key) ?? { status: source.status, provider: source.provider, students: [] };
    group.students.push(...source.students);
    grouped.set(key, group);
  }
  return [...grouped.values()].map((group) => {
    const names = childrenText(group.students);
    const diary = `${providerName(group.provider, language)}${names === '' ? '' : ` (${names})`}`;
    const words = group.status === 'UNAVAILABLE' ? UNAVAILABLE : NOT_SUPPORTED;
    return words[language][kind](diary);
  });
}

const CHARACTERS: Bilingual<WordForms> = {
  ru: { one: 'знак', few: 'знака', many: 'знаков', other: 'знака' },
  en: { one: 'character', other: 'characters' },
};

/** How much more a field takes: «Осталось 4 987 знаков из 5 000» (or how far over). */
export function remainingText(length: number, limit: number, language: Language): string {
  const left = limit - length;
  const of = formatNumber(limit, language);
  const count = (value: number) => `${formatNumber(value, language)} ${wordFor(value, CHARACTERS[language], language)}`;
  if (left < 0)
    return language === 'ru'
      ? `Больше допустимого на ${count(-left)} (можно ${of})`
      : `${count(-left)} over the limit of ${of}`;
  return language === 'ru' ? `Осталось ${count(left)} из ${of}` : `${count(left)} left of ${of}`;
}

// «не больше» takes the genitive: 1 знака, 2 знаков, 5 знаков, 21 знака.
const AT_MOST_CHARACTERS: Bilingual<WordForms> = {
  ru: { one: 'знака', few: 'знаков', many: 'знаков', other: 'знака' },
  en: CHARACTERS.en,
};

/**
 * Why a text cannot go: longer than its diary takes («Текст слишком длинный: ЭлЖур принимает не больше 5 000
 * знаков. Сократите его, чтобы отправить.»). No count in it: said once when the text goes over, not at every key.
 */
export function textTooLongText(provider: string, limit: number, language: Language): string {
  const diary = providerName(provider, language);
  const most = `${formatNumber(limit, language)} ${wordFor(limit, AT_MOST_CHARACTERS[language], language)}`;
  return language === 'ru'
    ? `Текст слишком длинный: ${diary} принимает не больше ${most}. Сократите его, чтобы отправить.`
    : `The text is too long: ${diary} takes at most ${most}. Shorten it to send.`;
}

const PROBLEMS = {
  ru: {
    recipients: 'Выберите, кому написать.',
    tooManyRecipients: `Выберите не больше ${DRAFT_LIMITS.recipients} адресатов.`,
    recipientsDiary: (diary: string) =>
      `Сообщение уходит через ${diary}, а среди адресатов есть люди из другого дневника. Оставьте адресатов одного дневника.`,
    subject: 'Напишите тему.',
    subjectLong: `Тема — не больше ${DRAFT_LIMITS.subject} знаков.`,
    text: 'Напишите текст сообщения.',
    files: {
      count: `Можно приложить не больше ${FILE_LIMITS.count} файлов.`,
      size: (name: string) => `Файл «${name}» больше ${FILE_LIMITS.bytes / 1024} КБ.`,
      empty: (name: string) => `Файл «${name}» пустой.`,
    },
  },
  en: {
    recipients: 'Choose whom to write to.',
    tooManyRecipients: `Choose at most ${DRAFT_LIMITS.recipients} recipients.`,
    recipientsDiary: (diary: string) =>
      `The message goes through ${diary}, but some recipients are from another diary. Keep the recipients of one diary.`,
    subject: 'Write a subject.',
    subjectLong: `The subject takes at most ${DRAFT_LIMITS.subject} characters.`,
    text: 'Write the message.',
    files: {
      count: `At most ${FILE_LIMITS.count} files.`,
      size: (name: string) => `The file «${name}» is over ${FILE_LIMITS.bytes / 1024} KB.`,
      empty: (name: string) => `The file «${name}» is empty.`,
    },
  },
};

/** What to fix before a draft can go, in the family's words. */
export function draftProblemText(problem: DraftProblem, language: Language): string {
  const words = PROBLEMS[language];
  switch (problem.kind) {
    case 'recipientsDiary':
      return words.recipientsDiary(providerName(problem.provider, language));
    case 'textLong':
      return textTooLongText(problem.provider, problem.limit, language);
    case 'files':
      return fileProblemText(problem.problem, language);
    default:
      return words[problem.kind];
  }
}

function fileProblemText(problem: FileProblem, language: Language): string {
  const words = PROBLEMS[language].files;
  return problem.kind === 'count' ? words.count : words[problem.kind](problem.name);
}

/** A group of a child's address book: its name as the gateway gives it, and its diary. */
export interface RecipientGroupLike {
  readonly name: string;
  readonly provider: string;
}

/**
 * What the picker calls each group of `groups`. With one diary, the name as the diary gives it («Учителя»). With
 * several, each says its diary, in the page's words: «Учителя (ЭлЖур)». The gateway then adds the diary's name
 * itself, in its own spelling («Учителя (Eljur)», `MessageRecipientGroup.name`): that ending is taken off first,
 * so the diary is not named twice, nor in Latin letters on a Russian page.
 */
export function recipientGroupNames(groups: readonly RecipientGroupLike[], language: Language): string[] {
  if (new Set(groups.map((group) => group.provider)).size < 2) return groups.map((group) => group.name);
  return groups.map((group) => `${withoutDiary(group)} (${providerName(group.provider, language)})`);
}

/** `group.name` without the « (diary)» the gateway may have added, in either language's spelling. */
function withoutDiary(group: RecipientGroupLike): string {
  const endings = (['ru', 'en'] as const).map((language) => ` (${providerName(group.provider, language)})`);
  const ending = endings.find((candidate) => group.name.endsWith(candidate) && group.name.length > candidate.length);
  return ending ? group.name.slice(0, -ending.length) : group.name;
}

/** What a send did, as the gateway answers it (`SendMessagePayload`). */
export interface SentResult {
  readonly provider: string;
  readonly recipients: readonly { name: string }[];
  readonly replayed: boolean;
}

/**
 * «Отправлено: Тарасова Марина Викторовна (ЭлЖур).» — the recipients as the diary names them, else as the page
 * knew them (a reply goes to the sender; some diaries name nobody back). A repeated answer says that nothing
 * went twice.
 */
export function sentText(result: SentResult, knownRecipients: readonly string[], language: Language): string {
  const names = result.recipients.length > 0 ? result.recipients.map((person) => person.name) : knownRecipients;
  const diary = providerName(result.provider, language);
  const whom = names.length > 0 ? `${names.join(', ')} (${diary})` : diary;
  const first = language === 'ru' ? `Отправлено: ${whom}.` : `Sent: ${whom}.`;
  if (!result.replayed) return first;
  return language === 'ru'
    ? `${first} Сообщение дошло с первой попытки, второй раз оно не отправлялось.`
    : `${first} It went through the first time; it was not sent again.`;
}

/** Why a send failed, in words, and whether the family should look in «Отправленные» (it may have gone). */
export interface SendFailure {
  readonly message: string;
  readonly lookInSent: boolean;
}

const REFUSALS: Bilingual<Record<string, (diary: string) => string>> = {
  ru: {
    RECIPIENT_NOT_ALLOWED: (diary) => `${diary} не принял сообщение: этому адресату писать нельзя. Выберите другого.`,
    TEXT_TOO_LONG: (diary) => `${diary} не принял сообщение: текст слишком длинный для этого дневника. Сократите его.`,
    ATTACHMENT_REFUSED: (diary) =>
      `${diary} не принял файл. Попробуйте другой формат или размер либо отправьте без файла.`,
    MESSAGE_NOT_FOUND: (diary) => `Этого сообщения в дневнике ${diary} больше нет, ответить на него нельзя.`,
    OTHER: (diary) => `${diary} не принял сообщение. Попробуйте позже или напишите в самом дневнике.`,
  },
  en: {
    RECIPIENT_NOT_ALLOWED: (diary) => `${diary} refused the message: this person cannot be written to. Choose another.`,
    TEXT_TOO_LONG: (diary) => `${diary} refused the message: the text is too long for this diary. Shorten it.`,
    ATTACHMENT_REFUSED: (diary) => `${diary} refused the file. Try another format or size, or send without it.`,
    MESSAGE_NOT_FOUND: (diary) => `${diary} no longer has this message; it cannot be answered.`,
    OTHER: (diary) => `${diary} refused the message. Try later, or write in the diary itself.`,
  },
};

const FIELDS: Bilingual<Record<string, string>> = {
  ru: {
    recipientIds: 'Выберите адресатов из списка (не больше 20).',
    subject: 'Напишите тему (до 200 знаков).',
    text: 'Напишите текст (до 5 000 знаков).',
    attachments: 'Файлы: не больше 3, каждый до 512 КБ.',
  },
  en: {
    recipientIds: 'Choose recipients from the list (at most 20).',
    subject: 'Write a subject (at most 200 characters).',
    text: 'Write the text (at most 5,000 characters).',
    attachments: 'Files: at most 3, each at most 512 KB.',
  },
};

const FAILURES = {
  ru: {
    network:
      'Ответ сервера не дошёл — возможно, пропала связь, — и неизвестно, ушло ли сообщение. Нажмите «Отправить» ещё раз: если оно уже дошло, второй раз оно не отправится.',
    unknown: (diary: string) =>
      `${diary} не сказал, принял ли сообщение. Чтобы не отправить его дважды, мы не отправляем его снова: проверьте папку «Отправленные».`,
    reused:
      'По этому черновику сообщение уже отправлялось, с другим текстом, и оно могло дойти. Проверьте папку «Отправленные»; чтобы написать другое, начните новое сообщение.',
    late: (diary: string) =>
      `${diary} не дал ясного ответа, и неизвестно, дошло ли сообщение. Проверьте папку «Отправленные», прежде чем писать снова.`,
    forbidden: 'Писать учителям может только родитель.',
    unsupported: (diary: string) => `${diary} не принимает сообщения через этот сервис — напишите в самом дневнике.`,
    relink: (diary: string) => `${diary} больше не принимает вход: подключите дневник заново в «Дневники и доступ».`,
    tooLarge: 'Файлы слишком большие для одной отправки. Уберите один из них и попробуйте снова.',
    busy: 'Сервер сейчас занят. Подождите немного и нажмите «Отправить» ещё раз.',
    general: 'Сообщение не отправлено. Попробуйте ещё раз.',
  },
  en: {
    network:
      'The server’s answer did not arrive — the connection may have dropped — and it is not known whether the message went. Press «Send» again: if it already went through, it will not be sent twice.',
    unknown: (diary: string) =>
      `${diary} did not say whether it took the message. So as not to send it twice, it is not sent again: look in «Sent».`,
    reused:
      'A message from this draft was already sent, with another text, and may have gone through. Look in «Sent»; to write another one, start a new message.',
    late: (diary: string) =>
      `${diary} gave no clear answer, and it is not known whether the message went. Look in «Sent» before writing again.`,
    forbidden: 'Only a parent can write to teachers.',
    unsupported: (diary: string) => `${diary} does not take messages through this service — write in the diary itself.`,
    relink: (diary: string) =>
      `${diary} no longer accepts the sign-in: link the diary again under «Diaries and access».`,
    tooLarge: 'The files are too large to send together. Remove one and try again.',
    busy: 'The server is busy. Wait a little and press «Send» again.',
    general: 'The message was not sent. Try again.',
  },
};

/** The parts of a send's failure the wording reads (a `DiaryClientError`). */
interface FailureLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly errors?: readonly { readonly extensions?: Readonly<Record<string, unknown>> }[];
}

/**
 * A failed send in the family's words, for a message through `provider`. The codes are the gateway's
 * (docs/messages.md, "Errors"); one the page does not know is told with the gateway's own message (it comes
 * in the page's language), else a general sentence.
 */
export function sendFailure(error: unknown, provider: string, language: Language): SendFailure {
  const failure = (error ?? {}) as FailureLike;
  const code = typeof failure.code === 'string' ? failure.code : null;
  const extensions = failure.errors?.[0]?.extensions ?? {};
  const diary = providerName(provider, language);
  const words = FAILURES[language];
  const told = (message: string, lookInSent = false): SendFailure => ({ message, lookInSent });
  switch (code) {
    case 'PROVIDER_REFUSED': {
      const reason = typeof extensions.reason === 'string' ? extensions.reason : 'OTHER';
      return told((REFUSALS[language][reason] ?? REFUSALS[language].OTHER!)(diary));
    }
    case 'BAD_USER_INPUT': {
      const field = typeof extensions.argument === 'string' ? FIELDS[language][extensions.argument] : undefined;
      return told(field ?? gatewayWords(failure, words.general));
    }
    case 'SEND_OUTCOME_UNKNOWN':
      return told(words.unknown(diary), true);
    case 'IDEMPOTENCY_KEY_REUSED':
      return told(words.reused, true);
    case 'NETWORK_ERROR':
    case 'BAD_RESPONSE':
      return told(words.network);
    case 'PROVIDER_TIMEOUT':
    case 'PROVIDER_UNAVAILABLE':
    case 'PROVIDER_BAD_RESPONSE':
    case 'INTERNAL_SERVER_ERROR':
      return told(words.late(diary), true);
    case 'FORBIDDEN':
      return told(words.forbidden);
    case 'NOT_SUPPORTED_BY_PROVIDER':
      return told(words.unsupported(diary));
    case 'PROVIDER_AUTH_FAILED':
      return told(words.relink(diary));
    case 'REQUEST_TOO_LARGE':
      return told(words.tooLarge);
    case 'RATE_LIMITED':
    case 'SERVER_BUSY':
    case 'SERVICE_UNAVAILABLE':
      return told(words.busy);
    default:
      return told(gatewayWords(failure, words.general));
  }
}

function gatewayWords(failure: FailureLike, fallback: string): string {
  return typeof failure.message === 'string' && failure.message.trim() !== '' ? failure.message : fallback;
}
