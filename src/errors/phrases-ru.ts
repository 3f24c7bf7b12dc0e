/**
 * The Russian wording of every phrase (`phrases.ts`): one function per key, from the phrase's values
 * alone. Numbers agree with their nouns ({@link pluralRu}); dates are written the Russian way.
 */
import type { ProviderKind } from '../domain/model.js';
import type { CredentialField, Phrase, PhraseKey, PhraseParams, SnilsRuleName } from './phrases.js';

/** The diaries as a Russian family knows them. */
export const PROVIDER_NAMES_RU: Readonly<Record<ProviderKind, string>> = Object.freeze({
  MESH: 'МЭШ',
  DNEVNIK: 'Дневник.ру',
  ELJUR: 'ЭлЖур',
});

/**
 * `n` with the noun form Russian counts with: `pluralRu(21, ['день', 'дня', 'дней'])` is "21 день",
 * 3 → "3 дня", 11 → "11 дней".
 */
export function pluralRu(n: number, [one, few, many]: readonly [string, string, string]): string {
  const tens = Math.abs(n) % 100;
  const units = tens % 10;
  if (!Number.isInteger(n) || (tens >= 11 && tens <= 14)) return `${n} ${many}`;
  if (units === 1) return `${n} ${one}`;
  if (units >= 2 && units <= 4) return `${n} ${few}`;
  return `${n} ${many}`;
}

const DAYS = ['день', 'дня', 'дней'] as const;
const CHARACTERS = ['символ', 'символа', 'символов'] as const;
const CALENDAR_FEEDS = ['ссылка на календарь', 'ссылки на календарь', 'ссылок на календарь'] as const;
const DEVICES = ['устройстве', 'устройствах', 'устройствах'] as const;
const WEBHOOKS = ['вебхук', 'вебхука', 'вебхуков'] as const;
const RECIPIENTS = ['адресата', 'адресатов', 'адресатов'] as const;
const FILES = ['файл', 'файла', 'файлов'] as const;
const WEBHOOK_URL_PROBLEMS: Readonly<Record<PhraseParams['webhook.badUrl']['reason'], (max: number) => string>> = {
  'not-a-url': () => 'Адрес вебхука не похож на адрес в интернете.',
  'too-long': (max) => `Адрес вебхука может содержать максимум ${pluralRu(max, CHARACTERS)}.`,
  'not-https': () => 'Адрес вебхука должен начинаться с https://.',
  credentials: () => 'Адрес вебхука не должен содержать имя пользователя и пароль.',
  'private-address': () => 'Адрес вебхука ведёт во внутреннюю сеть; укажите адрес, доступный из интернета.',
};

/** `2026-11-23` → `23.11.2026`; anything else as it is. */
function dateRu(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/** Each link field as the sentence's subject (all masculine, so the verbs agree). */
const CREDENTIAL_NOUNS: Readonly<Record<CredentialField, string>> = Object.freeze({
  token: 'Токен',
  code: 'Код входа',
  accessToken: 'Токен доступа',
  redirectUri: 'Адрес возврата (redirect URI)',
  codeVerifier: 'Проверочный код PKCE',
  state: 'Параметр state',
  login: 'Логин',
  password: 'Пароль',
  vendor: 'Поддомен школы',
});

const SNILS_RULES: Readonly<Record<SnilsRuleName, string>> = Object.freeze({
  CHARACTERS: 'в СНИЛС бывают только цифры, пробелы и дефисы',
  LENGTH: 'в СНИЛС 11 цифр (9 цифр и двузначное контрольное число)',
  REPEATED_DIGITS: 'СНИЛС не может состоять из одной повторяющейся цифры',
  CHECKSUM: 'контрольное число (две последние цифры) не сходится с первыми девятью цифрами',
});

type PhraseWordings = { readonly [K in PhraseKey]: (params: PhraseParams[K]) => string };

/** Every phrase in Russian. */
export const PHRASES_RU: PhraseWordings = Object.freeze({
  'input.tooLong': ({ name, max, length }) =>
    `Поле «${name}» может содержать максимум ${pluralRu(max, CHARACTERS)}; здесь ${pluralRu(length, CHARACTERS)}.`,
  'dates.toBeforeFrom': () => 'Дата «to» раньше даты «from».',
  'changes.badCursor': () =>
    'Позиция в ленте изменений («since») повреждена или выдана не этим шлюзом: запросите ленту без неё.',
  'changes.firstOutOfRange': ({ max }) => `Число изменений «first» должно быть от 1 до ${max}.`,
  'mail.badCursor': () => 'Позиция в списке («after») повреждена или выдана не этим шлюзом: запросите список с начала.',
  'mail.firstOutOfRange': ({ max }) => `Число элементов «first» должно быть от 1 до ${max}.`,
  'mail.parentOnly': () =>
    'Писать сообщения и подписывать дневник может только родитель; доверенные лица могут только читать.',
  'mail.noDiary': () => 'Ни один дневник ребёнка не принимает сообщения через шлюз.',
  'mail.chooseDiary': () =>
    'Ребёнок есть в нескольких дневниках, принимающих сообщения: укажите, через какой отправить («provider»).',
  'mail.recipientCount': ({ max }) => `Выберите от 1 до ${pluralRu(max, RECIPIENTS)}.`,
  'mail.unknownRecipient': () =>
    'Адресат не найден в адресной книге дневника этого ребёнка: выберите его из списка адресатов заново.',
  'mail.unknownMessage': () => 'Сообщение не найдено или недоступно вам.',
  'mail.notReplyable': () => 'Ответить можно только на входящее сообщение.',
  'mail.clientKey': ({ min, max }) =>
    `Ключ «clientKey» — от ${min} до ${max} латинских букв, цифр, «_» или «-»; создайте его один раз на сообщение.`,
  'mail.emptyText': ({ name }) => `Поле «${name}» не может быть пустым.`,
  'mail.textTooLongForDiary': ({ provider, max }) =>
    `${PROVIDER_NAMES_RU[provider]} принимает сообщения длиной максимум ${pluralRu(max, CHARACTERS)}: сократите текст.`,
  'mail.attachmentCount': ({ max }) => `К сообщению можно приложить максимум ${pluralRu(max, FILES)}.`,
  'mail.attachmentName': ({ max }) =>
    `Имя файла — от 1 до ${pluralRu(max, CHARACTERS)}, без «/», «\\» и управляющих символов.`,
  'mail.attachmentType': ({ max }) => `Тип файла указан неверно (например, «application/pdf», до ${max} символов).`,
  'mail.attachmentContent': ({ maxBytes }) =>
    `Содержимое файла должно быть в base64 и не больше ${Math.floor(maxBytes / 1024)} КБ.`,
  'mail.attachmentsNotTaken': ({ provider }) =>
    `${PROVIDER_NAMES_RU[provider]} не принимает вложения через шлюз: отправьте сообщение без файлов.`,
  'signing.futureWeek': () => 'Подписать можно только неделю, которая уже началась.',
  'signing.noDiary': () => 'Ни один дневник ребёнка не принимает подпись родителя через шлюз.',
  'dates.rangeTooLong': ({ maxDays }) => `Период может охватывать максимум ${pluralRu(maxDays, DAYS)}.`,
  'grant.scopesTooMany': ({ max }) => `Можно указать максимум ${max} дополнительных прав.`,
  'absence.commentTooLong': ({ max }) => `Комментарий может содержать максимум ${pluralRu(max, CHARACTERS)}.`,
  'absence.startsTooEarly': ({ maxDaysInPast }) =>
    `Уведомление может начинаться максимум ${pluralRu(maxDaysInPast, DAYS)} назад.`,
  'absence.pastDaysRecorded': ({ today }) =>
    `Дни до сегодняшнего (${dateRu(today)} по времени школы) отозвать нельзя: школа их уже учла.`,
  'absence.tooManyDays': ({ maxDays, days }) =>
    `Одно уведомление охватывает максимум ${pluralRu(maxDays, DAYS)}, а это — ${pluralRu(days, DAYS)}.`,
  'absence.noDiary': () => 'У ученика нет дневника, в который можно отправить уведомление.',
  'absence.notAccepted': ({ provider }) =>
    `${PROVIDER_NAMES_RU[provider]} не принимает от родителей уведомления об отсутствии через свой API: ` +
    'сообщите школе другим способом.',
  'absence.parentOnly': () =>
    'Отправлять и отзывать уведомления об отсутствии может только родитель; доверенные лица могут только читать.',
  'invitation.parentOnly': () => 'Пригласить доверенное лицо может только родитель ребёнка.',
  'invitation.invalidCode': () => 'Код приглашения недействителен: он неизвестен, уже использован, отозван или истёк.',
  'invitation.notYours': () => 'Среди ваших приглашений нет приглашения с таким идентификатором.',
  'invitation.own': () => 'Нельзя принять собственное приглашение.',
  'invitation.someoneElse': () =>
    'Приглашение выписано на другого человека. Чтобы принять его, войдите как тот, кого назвал родитель.',
  'invitation.oneInviteeField': () =>
    'Укажите приглашённого ровно одним способом: СНИЛС (snils), телефоном (phone) или ФИО (fullName).',
  'invitation.snilsInvalid': ({ rule }) => `СНИЛС указан неверно: ${SNILS_RULES[rule]}.`,
  'invitation.phoneInvalid': () => 'Телефон должен быть российским мобильным номером, например +7 999 123-45-67.',
  'invitation.fullNameIncomplete': () => 'В ФИО нужны хотя бы фамилия и имя.',
  'invitation.expiryInPast': () => 'Срок действия приглашения (expiresAt) должен быть в будущем.',
  'invitation.expiryTooFar': ({ maxDays }) =>
    `Срок действия приглашения (expiresAt) — максимум ${pluralRu(maxDays, DAYS)} вперёд.`,
  'calendarFeed.tooMany': ({ max }) =>
    `У вас уже ${pluralRu(max, CALENDAR_FEEDS)} — больше шлюз не хранит. Отзовите ссылку, которой больше не ` +
    'пользуетесь, и создайте новую.',
  'calendarFeed.notYours': () => 'Среди ваших ссылок на календарь нет ссылки с таким идентификатором.',
  'push.off': () => 'Уведомления на телефон на этом шлюзе выключены (WEB_PUSH=off).',
  'push.badEndpoint': () =>
    'Адрес подписки браузера (endpoint) должен быть адресом https службы уведомлений — передайте его так, как ' +
    'его дал PushManager.subscribe.',
  'push.badKeys': () =>
    'Ключи подписки браузера (p256dh и auth) повреждены — передайте их так, как их дал PushManager.subscribe.',
  'push.badLabel': () => 'Название устройства не должно содержать переносов строк и управляющих символов.',
  'push.tooMany': ({ max }) =>
    `Уведомления уже включены на ${pluralRu(max, DEVICES)} — больше шлюз не хранит. Отключите их на ` +
    'устройстве, которым больше не пользуетесь.',
  'webhook.tooMany': ({ max }) =>
    `У вас уже ${pluralRu(max, WEBHOOKS)} — больше шлюз не хранит. Удалите вебхук, которым больше не пользуетесь.`,
  'webhook.notYours': () => 'Среди ваших вебхуков нет вебхука с таким идентификатором.',
  'webhook.badUrl': ({ reason, max }) => WEBHOOK_URL_PROBLEMS[reason](max),
  'webhook.badSecret': ({ min, max }) =>
    `Секрет вебхука должен содержать от ${min} до ${pluralRu(max, CHARACTERS)} без пробелов.`,
  'credential.empty': ({ field }) => `${CREDENTIAL_NOUNS[field]} не заполнен.`,
  'credential.tooLong': ({ field, max }) =>
    `${CREDENTIAL_NOUNS[field]} может содержать максимум ${pluralRu(max, CHARACTERS)}.`,
  'credential.notVisibleAscii': ({ field }) =>
    `${CREDENTIAL_NOUNS[field]} может содержать только видимые символы ASCII (без пробелов, переносов строк ` +
    'и других управляющих символов): скопируйте его ещё раз.',
  'credential.controlCharacters': ({ field }) =>
    `${CREDENTIAL_NOUNS[field]} не может содержать переносы строк и другие управляющие символы.`,
  'credential.redirectUri': () =>
    'Адрес возврата (redirect URI) должен быть тем полным адресом, с которым открывалась страница входа.',
  'credential.vendor': ({ max }) =>
    `Школа в ЭлЖур указывается поддоменом: максимум ${pluralRu(max, CHARACTERS)} — латинские буквы, цифры, - и _ ` +
    '(school123 из school123.eljur.ru).',
  'signIn.failed': ({ explanation }) => `Не удалось войти: ${explanation}.`,
});

/** A phrase in Russian. */
export function phraseRu(phrase: Phrase): string {
  // Each key's wording takes that key's values: the union is narrowed by `key`, which TypeScript cannot follow here.
  const wording = PHRASES_RU[phrase.key] as (params: Phrase['params']) => string;
  return wording(phrase.params);
}
