import { describe, expect, it } from 'vitest';
import { checkLinkCredentials } from '../../../src/accounts/credential-shape.js';
import { SignInError, type SignInFailure } from '../../../src/auth/oidc/errors.js';
import {
  BadUserInputError,
  ForbiddenError,
  GatewayError,
  NotSupportedByProviderError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderCircuitOpenError,
  ProviderLinkRefusedError,
  ProviderSchemaDriftError,
  ProviderThrottledError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  QueryTooComplexError,
  RateLimitedError,
  RequestTooLargeError,
  ProviderRefusedError,
  SendRefusedError,
  ServiceUnavailableError,
  ServerBusyError,
  UnauthenticatedError,
  type GatewayErrorCode,
} from '../../../src/errors/gateway-error.js';
import { messageIn, pluralRu, russianMessage } from '../../../src/errors/messages-ru.js';
import { phrase, type Phrase, type PhraseKey } from '../../../src/errors/phrases.js';
import { PHRASES_RU } from '../../../src/errors/phrases-ru.js';
import { ProviderSideAnswerError } from '../../../src/errors/side-answer-error.js';
import { checkLength } from '../../../src/graphql/input-limits.js';
import { absenceNoticesRefused } from '../../../src/upstream/provider-errors.js';
import { thrown } from '../../support/thrown.js';

const NOW = Date.parse('2026-11-23T09:00:00Z');

/** One error of every code: a missing code fails to compile, a missing wording fails below. */
const ONE_OF_EACH_CODE: Readonly<Record<GatewayErrorCode, GatewayError>> = {
  UNAUTHENTICATED: new UnauthenticatedError(),
  FORBIDDEN: new ForbiddenError('Not for you.'),
  BAD_USER_INPUT: new BadUserInputError('`to` is wrong.', 'to'),
  PROVIDER_UNAVAILABLE: new ProviderUnavailableError('MESH', 'HTTP 500', { upstreamStatus: 500 }),
  PROVIDER_TIMEOUT: new ProviderTimeoutError('DNEVNIK', 'headers took longer than 10 s'),
  PROVIDER_AUTH_FAILED: new ProviderAuthError('ELJUR', 'HTTP 401', { upstreamStatus: 401 }),
  PROVIDER_BAD_RESPONSE: new ProviderBadResponseError('MESH', 'an HTML page'),
  PROVIDER_SCHEMA_DRIFT: new ProviderSchemaDriftError({
    provider: 'DNEVNIK',
    route: 'lessons',
    schemaPath: '[].works',
    dropped: 2,
  }),
  NOT_SUPPORTED_BY_PROVIDER: new NotSupportedByProviderError('ELJUR', 'no such feature'),
  PROVIDER_REFUSED: new ProviderRefusedError('ELJUR', 'RECIPIENT_NOT_ALLOWED', 'the recipient is not allowed'),
  IDEMPOTENCY_KEY_REUSED: new SendRefusedError('IDEMPOTENCY_KEY_REUSED', 'The key was sent with another message.'),
  SEND_OUTCOME_UNKNOWN: new SendRefusedError('SEND_OUTCOME_UNKNOWN', 'The first send may have gone out.'),
  QUERY_TOO_COMPLEX: new QueryTooComplexError('depth', 'Too deep.', { maximum: 3, actual: 4 }),
  REQUEST_TOO_LARGE: new RequestTooLargeError(1024),
  RATE_LIMITED: new RateLimitedError(60, 12),
  SERVICE_UNAVAILABLE: new ServiceUnavailableError(5),
  SERVER_BUSY: new ServerBusyError(1),
  INTERNAL_SERVER_ERROR: new GatewayError('INTERNAL_SERVER_ERROR', 'The gateway built a bad request.'),
};

const CYRILLIC = /[а-яё]/i;

describe('every gateway error in Russian', () => {
  it.each(Object.entries(ONE_OF_EACH_CODE))(
    'should word %s in Russian, the code and extensions unchanged',
    (code, error) => {
      const extensions = error.toExtensions();
      const russian = messageIn(error, 'ru');
      expect(russian).toBe(russianMessage(error));
      expect(russian).toMatch(CYRILLIC);
      expect(russian).not.toMatch(/undefined|NaN|\[object|\$\{/);
      expect(russian).not.toBe(error.message);
      expect(messageIn(error, 'en')).toBe(error.message);
      expect(error.code).toBe(code);
      expect(error.toExtensions()).toEqual(extensions);
    },
  );

  it.each<[string, GatewayError, string]>([
    [
      'the circuit breaker open',
      new ProviderCircuitOpenError('MESH', new Date(NOW + 29_500), NOW),
      'МЭШ сейчас не отвечает: после нескольких сбоев подряд шлюз на время прекратил обращения и попробует снова через 30 с.',
    ],
    [
      'the gateway throttling itself',
      new ProviderThrottledError('DNEVNIK', 5),
      'Шлюз обращается к Дневник.ру не чаще 5 раз в секунду, и этот запрос ждал бы очереди слишком долго. ' +
        'Попробуйте ещё раз через несколько секунд.',
    ],
    [
      'a diary down',
      new ProviderUnavailableError('ELJUR', 'the connection failed'),
      'ЭлЖур сейчас не отвечает. Попробуйте позже.',
    ],
    [
      'a diary behind a 503 page',
      new ProviderUnavailableError('MESH', 'HTTP 503, a maintenance page', { upstreamStatus: 503 }),
      'МЭШ сейчас не отвечает (возможно, идут технические работы). Попробуйте позже.',
    ],
    [
      "Dnevnik.ru's maintenance (550)",
      new ProviderUnavailableError('DNEVNIK', 'HTTP 550', { upstreamStatus: 550 }),
      'Дневник.ру: идут технические работы. Попробуйте позже.',
    ],
    ['a timeout', new ProviderTimeoutError('MESH', 'x'), 'Ответ от МЭШ не пришёл вовремя. Попробуйте ещё раз.'],
    [
      'a linked account to sign in again',
      new ProviderAuthError('DNEVNIK', 'HTTP 401'),
      'Дневник.ру больше не принимает вход подключённой учётной записи: войдите в дневник заново.',
    ],
    [
      'credentials refused at linking',
      new ProviderLinkRefusedError('ELJUR'),
      'ЭлЖур не принимает эти данные для входа: проверьте их и попробуйте ещё раз. Ничего не подключено.',
    ],
    [
      'an unreadable answer',
      new ProviderBadResponseError('DNEVNIK', 'x'),
      'От Дневник.ру пришёл ответ, который шлюз не может прочитать. Попробуйте позже.',
    ],
    [
      'a drifted answer',
      ONE_OF_EACH_CODE.PROVIDER_SCHEMA_DRIFT,
      'Часть ответа Дневник.ру пришла в виде, который шлюз не читает; эта часть пропущена, остальное показано ' +
        '(lessons: [].works, пропущено: 2).',
    ],
    [
      'a side route down',
      new ProviderSideAnswerError({
        provider: 'MESH',
        route: 'schedule',
        code: 'PROVIDER_TIMEOUT',
        missing: ['Lesson.number', 'Lesson.teacher'],
      }),
      'Один из разделов МЭШ (schedule) не ответил; остальное показано без: Lesson.number, Lesson.teacher.',
    ],
    ['a feature a diary lacks', ONE_OF_EACH_CODE.NOT_SUPPORTED_BY_PROVIDER, 'ЭлЖур этого не поддерживает.'],
    [
      'absence notices a diary does not take',
      absenceNoticesRefused('DNEVNIK'),
      'Дневник.ру не принимает от родителей уведомления об отсутствии через свой API: сообщите школе другим способом.',
    ],
    [
      'a too deep query',
      ONE_OF_EACH_CODE.QUERY_TOO_COMPLEX,
      'Глубина вложенности полей в запросе — 4, а шлюз принимает не больше 3. ' +
        'Запросите меньше вложенных полей или разделите запрос.',
    ],
    [
      'too many aliases',
      new QueryTooComplexError('aliases', 'x', { maximum: 15, actual: 16 }),
      'Псевдонимов полей (aliases) в запросе — 16, а шлюз принимает не больше 15. ' +
        'Запрашивайте каждое поле один раз или разделите запрос.',
    ],
    ['a body too large', ONE_OF_EACH_CODE.REQUEST_TOO_LARGE, 'Тело запроса больше 1024 байт.'],
    [
      'a rate limit',
      ONE_OF_EACH_CODE.RATE_LIMITED,
      'Слишком много запросов: принимается не больше 60 в минуту. Попробуйте снова через 12 с.',
    ],
    [
      'the store away',
      ONE_OF_EACH_CODE.SERVICE_UNAVAILABLE,
      'Хранилище шлюза ненадолго недоступно, поэтому сейчас это сделать не удалось. Попробуйте снова через 5 с.',
    ],
    [
      'a busy replica',
      ONE_OF_EACH_CODE.SERVER_BUSY,
      'Шлюз сейчас перегружен и не успел выполнить запрос. Попробуйте снова через 1 с.',
    ],
    [
      'an input without a phrase',
      new BadUserInputError('No student with this id is visible to you.', 'studentId'),
      'Поле «studentId» заполнено неверно: No student with this id is visible to you.',
    ],
    [
      'an input naming no argument',
      new BadUserInputError('Something is off.'),
      'Запрос заполнен неверно: Something is off.',
    ],
  ])('should word %s exactly', (_case, error, russian) => {
    expect(russianMessage(error)).toBe(russian);
  });

  it('should word every sign-in refusal', () => {
    const reasons: Record<SignInFailure, true> = {
      LOGIN_NOT_STARTED: true,
      LOGIN_EXPIRED_OR_REPLAYED: true,
      STATE_MISMATCH: true,
      NONCE_MISMATCH: true,
      ISSUER_DENIED: true,
      CODE_REFUSED: true,
      INVALID_ISSUER_RESPONSE: true,
      ISSUER_UNAVAILABLE: true,
      MISSING_SUBJECT: true,
    };
    const worded = Object.keys(reasons).map((reason) => russianMessage(new SignInError(reason as SignInFailure)));
    for (const russian of worded) expect(russian).toMatch(/^Не удалось войти: [а-яё].+\.$/);
    expect(new Set(worded).size).toBe(worded.length);
    expect(russianMessage(new SignInError('ISSUER_DENIED'))).toBe('Не удалось войти: сервис входа не разрешил вход.');
    expect(new SignInError('ISSUER_DENIED', { cause: new Error('x') }).cause).toBeInstanceOf(Error);
  });
});

/** One phrase of every key: a missing key fails to compile. */
const ONE_OF_EACH_PHRASE: Readonly<Record<PhraseKey, Phrase>> = {
  'input.tooLong': phrase('input.tooLong', { name: 'fullName', max: 200, length: 201 }),
  'dates.toBeforeFrom': phrase('dates.toBeforeFrom'),
  'changes.badCursor': phrase('changes.badCursor'),
  'changes.firstOutOfRange': phrase('changes.firstOutOfRange', { max: 200 }),
  'absence.commentTooLong': phrase('absence.commentTooLong', { max: 500 }),
  'absence.startsTooEarly': phrase('absence.startsTooEarly', { maxDaysInPast: 30 }),
  'absence.pastDaysRecorded': phrase('absence.pastDaysRecorded', { today: '2026-11-23' }),
  'absence.tooManyDays': phrase('absence.tooManyDays', { maxDays: 31, days: 32 }),
  'absence.noDiary': phrase('absence.noDiary'),
  'absence.notAccepted': phrase('absence.notAccepted', { provider: 'ELJUR' }),
  'absence.parentOnly': phrase('absence.parentOnly'),
  'invitation.parentOnly': phrase('invitation.parentOnly'),
  'invitation.invalidCode': phrase('invitation.invalidCode'),
  'invitation.notYours': phrase('invitation.notYours'),
  'invitation.own': phrase('invitation.own'),
  'invitation.someoneElse': phrase('invitation.someoneElse'),
  'invitation.oneInviteeField': phrase('invitation.oneInviteeField'),
  'invitation.snilsInvalid': phrase('invitation.snilsInvalid', { rule: 'CHECKSUM' }),
  'invitation.phoneInvalid': phrase('invitation.phoneInvalid'),
  'invitation.fullNameIncomplete': phrase('invitation.fullNameIncomplete'),
  'invitation.expiryInPast': phrase('invitation.expiryInPast'),
  'invitation.expiryTooFar': phrase('invitation.expiryTooFar', { maxDays: 366 }),
  'calendarFeed.tooMany': phrase('calendarFeed.tooMany', { max: 20 }),
  'calendarFeed.notYours': phrase('calendarFeed.notYours'),
  'push.off': phrase('push.off'),
  'push.badEndpoint': phrase('push.badEndpoint'),
  'push.badKeys': phrase('push.badKeys'),
  'push.badLabel': phrase('push.badLabel'),
  'push.tooMany': phrase('push.tooMany', { max: 10 }),
  'webhook.tooMany': phrase('webhook.tooMany', { max: 10 }),
  'webhook.notYours': phrase('webhook.notYours'),
  'webhook.badUrl': phrase('webhook.badUrl', { reason: 'private-address', max: 2048 }),
  'webhook.badSecret': phrase('webhook.badSecret', { min: 16, max: 256 }),
  'credential.empty': phrase('credential.empty', { field: 'login' }),
  'credential.tooLong': phrase('credential.tooLong', { field: 'password', max: 256 }),
  'credential.notVisibleAscii': phrase('credential.notVisibleAscii', { field: 'token' }),
  'credential.controlCharacters': phrase('credential.controlCharacters', { field: 'password' }),
  'credential.redirectUri': phrase('credential.redirectUri'),
  'credential.vendor': phrase('credential.vendor', { max: 63 }),
  'mail.badCursor': phrase('mail.badCursor'),
  'mail.firstOutOfRange': phrase('mail.firstOutOfRange', { max: 50 }),
  'mail.parentOnly': phrase('mail.parentOnly'),
  'mail.noDiary': phrase('mail.noDiary'),
  'mail.chooseDiary': phrase('mail.chooseDiary'),
  'mail.recipientCount': phrase('mail.recipientCount', { max: 20 }),
  'mail.unknownRecipient': phrase('mail.unknownRecipient'),
  'mail.unknownMessage': phrase('mail.unknownMessage'),
  'mail.notReplyable': phrase('mail.notReplyable'),
  'mail.clientKey': phrase('mail.clientKey', { min: 8, max: 64 }),
  'mail.emptyText': phrase('mail.emptyText', { name: 'text' }),
  'mail.textTooLongForDiary': phrase('mail.textTooLongForDiary', { provider: 'ELJUR', max: 4000 }),
  'mail.attachmentCount': phrase('mail.attachmentCount', { max: 3 }),
  'mail.attachmentName': phrase('mail.attachmentName', { max: 120 }),
  'mail.attachmentType': phrase('mail.attachmentType', { max: 100 }),
  'mail.attachmentContent': phrase('mail.attachmentContent', { maxBytes: 512 * 1024 }),
  'mail.attachmentsNotTaken': phrase('mail.attachmentsNotTaken', { provider: 'MESH' }),
  'signing.futureWeek': phrase('signing.futureWeek'),
  'signing.noDiary': phrase('signing.noDiary'),
  'dates.rangeTooLong': phrase('dates.rangeTooLong', { maxDays: 92 }),
  'grant.scopesTooMany': phrase('grant.scopesTooMany', { max: 4 }),
  'signIn.failed': phrase('signIn.failed', { explanation: 'сервис входа недоступен' }),
};

describe('phrases', () => {
  it('should word every phrase key, and only those', () => {
    expect(Object.keys(PHRASES_RU).sort()).toEqual(Object.keys(ONE_OF_EACH_PHRASE).sort());
  });

  it.each(Object.entries(ONE_OF_EACH_PHRASE))(
    'should word %s in Russian, taking its phrase over the code',
    (key, words) => {
      expect(words.key).toBe(key);
      const error = new BadUserInputError('English.', 'x', words);
      const russian = russianMessage(error);
      expect(russian).toMatch(CYRILLIC);
      expect(russian).not.toMatch(/undefined|NaN|\[object|\$\{|English/);
      expect(error.message).toBe('English.');
      expect(error.toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument: 'x' });
    },
  );

  it.each<[Phrase, string]>([
    [ONE_OF_EACH_PHRASE['input.tooLong'], 'Поле «fullName» может содержать максимум 200 символов; здесь 201 символ.'],
    [ONE_OF_EACH_PHRASE['absence.startsTooEarly'], 'Уведомление может начинаться максимум 30 дней назад.'],
    [
      ONE_OF_EACH_PHRASE['calendarFeed.tooMany'],
      'У вас уже 20 ссылок на календарь — больше шлюз не хранит. Отзовите ссылку, которой больше не пользуетесь, ' +
        'и создайте новую.',
    ],
    [ONE_OF_EACH_PHRASE['absence.tooManyDays'], 'Одно уведомление охватывает максимум 31 день, а это — 32 дня.'],
    [
      ONE_OF_EACH_PHRASE['absence.pastDaysRecorded'],
      'Дни до сегодняшнего (23.11.2026 по времени школы) отозвать нельзя: школа их уже учла.',
    ],
    [
      ONE_OF_EACH_PHRASE['invitation.snilsInvalid'],
      'СНИЛС указан неверно: контрольное число (две последние цифры) не сходится с первыми девятью цифрами.',
    ],
    [ONE_OF_EACH_PHRASE['credential.empty'], 'Логин не заполнен.'],
  ])('should word %j exactly', (words, russian) => {
    expect(russianMessage(new ForbiddenError('x', words))).toBe(russian);
  });

  it('should count in Russian', () => {
    const days = ['день', 'дня', 'дней'] as const;
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 121].map((n) => pluralRu(n, days))).toEqual([
      '0 дней',
      '1 день',
      '2 дня',
      '4 дня',
      '5 дней',
      '11 дней',
      '12 дней',
      '14 дней',
      '21 день',
      '22 дня',
      '25 дней',
      '101 день',
      '111 дней',
      '112 дней',
      '121 день',
    ]);
  });
});

describe('the throwing sites', () => {
  it('should word link credentials by field, never quoting what was typed', () => {
    const password = 'hunter2\r\nX-Injected: 1';
    const error = thrown(() =>
      checkLinkCredentials({ provider: 'ELJUR', login: 'ivanova', password, vendor: 'school1' }),
    ) as BadUserInputError;
    expect(error.toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument: 'password' });
    expect(russianMessage(error)).toBe('Пароль не может содержать переносы строк и другие управляющие символы.');
    expect(russianMessage(error)).not.toContain('hunter2');
    const vendor = thrown(() =>
      checkLinkCredentials({ provider: 'ELJUR', login: 'ivanova', password: 'x', vendor: 'школа' }),
    ) as BadUserInputError;
    expect(russianMessage(vendor)).toMatch(/^Школа в ЭлЖур указывается поддоменом: максимум 63 символа/);
    const token = thrown(() => checkLinkCredentials({ provider: 'MESH', token: ' ' })) as BadUserInputError;
    expect(russianMessage(token)).toBe('Токен не заполнен.');
  });

  it('should word an input over its cap with the cap and the length, not the text', () => {
    const error = thrown(() => checkLength('comment', 'я'.repeat(501), 500)) as BadUserInputError;
    expect(russianMessage(error)).toBe('Поле «comment» может содержать максимум 500 символов; здесь 501 символ.');
  });
});
