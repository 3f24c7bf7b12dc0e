import { describe, expect, it } from 'vitest';
import { DiaryClientError } from '../../client/src/index.js';
import { PROVIDER_NAMES } from '../../src/errors/gateway-error.js';
import {
  childrenText,
  draftProblemText,
  itemPlaceText,
  personText,
  recipientGroupNames,
  remainingText,
  sendFailure,
  sentText,
  sourceNotes,
  textTooLongText,
} from '../../web/src/mail/mail-words.js';
import type { ListSource } from '../../web/src/mail/paging.js';

const lev = { id: 's-lev', firstName: 'Лев' };
const masha = { id: 's-masha', firstName: 'Мария' };
const artem = { id: 's-artem', firstName: 'Артём' };
const polina = { id: 's-polina', firstName: 'Полина' };

/** A failure as the client rejects with it: the code, the gateway's message, and its extensions. */
const failure = (code: string, extensions: Record<string, unknown> = {}, message = 'Сообщение шлюза.') =>
  new DiaryClientError(code, message, { errors: [{ code, message, extensions: { code, ...extensions } }] });

describe('sourceNotes', () => {
  it('says nothing when every account’s items are in', () => {
    expect(sourceNotes([{ provider: 'ELJUR', status: 'OK', students: [lev, masha] }], 'messages', 'ru')).toEqual([]);
  });

  it('names a diary that is down with its children, politely', () => {
    const sources: ListSource[] = [{ provider: 'ELJUR', status: 'UNAVAILABLE', students: [lev, masha] }];
    expect(sourceNotes(sources, 'messages', 'ru')).toEqual([
      'ЭлЖур (Лев, Мария) сейчас не отвечает, поэтому его сообщений здесь нет. Попробуйте позже.',
    ]);
    expect(sourceNotes(sources, 'notices', 'en')).toEqual([
      'Eljur (Лев, Мария) is not answering right now, so its notices are not here. Try again later.',
    ]);
  });

  it('tells a diary without messages once, with the children of all its accounts', () => {
    const sources: ListSource[] = [
      { provider: 'MESH', status: 'NOT_SUPPORTED', students: [artem, masha] },
      { provider: 'ELJUR', status: 'OK', students: [lev, masha] },
      { provider: 'MESH', status: 'NOT_SUPPORTED', students: [polina] },
    ];
    expect(sourceNotes(sources, 'messages', 'ru')).toEqual([
      'МЭШ (Артём, Мария, Полина) не даёт читать сообщения через этот сервис — их можно прочитать в самом дневнике.',
    ]);
  });
});

describe('people and places', () => {
  it('says who a person is in the diary, when it says', () => {
    expect(personText({ name: 'Тарасова Марина Викторовна', role: 'CLASS_TEACHER' }, 'ru')).toBe(
      'Тарасова Марина Викторовна (классный руководитель)',
    );
    expect(personText({ name: 'Иванова Анна Сергеевна', role: null }, 'ru')).toBe('Иванова Анна Сергеевна');
    expect(personText({ name: 'X', role: 'SOMETHING_NEW' }, 'en')).toBe('X (SOMETHING_NEW)');
  });

  it('names the children once each, and the diary', () => {
    expect(childrenText([lev, masha, lev])).toBe('Лев, Мария');
    expect(itemPlaceText([lev, masha], 'ELJUR', 'ru')).toBe('Лев, Мария · ЭлЖур');
    expect(itemPlaceText([], 'MESH', 'en')).toBe('MESH');
  });
});

describe('remainingText', () => {
  it('says how much more the text takes, with the right word form', () => {
    expect(remainingText(13, 5000, 'ru')).toBe('Осталось 4\u00a0987 знаков из 5\u00a0000');
    expect(remainingText(4999, 5000, 'ru')).toBe('Осталось 1 знак из 5\u00a0000');
    expect(remainingText(4998, 5000, 'ru')).toBe('Осталось 2 знака из 5\u00a0000');
    expect(remainingText(4999, 5000, 'en')).toBe('1 character left of 5,000');
  });

  it('says how far over the limit a text is', () => {
    expect(remainingText(5003, 5000, 'ru')).toBe('Больше допустимого на 3 знака (можно 5\u00a0000)');
  });
});

describe('a text too long for its diary', () => {
  it('names the diary and its limit, without a count that would change at every key', () => {
    expect(textTooLongText('ELJUR', 2000, 'ru')).toBe(
      'Текст слишком длинный: ЭлЖур принимает не больше 2\u00a0000 знаков. Сократите его, чтобы отправить.',
    );
    expect(textTooLongText('ELJUR', 1, 'ru')).toBe(
      'Текст слишком длинный: ЭлЖур принимает не больше 1 знака. Сократите его, чтобы отправить.',
    );
    expect(textTooLongText('ELJUR', 21, 'ru')).toContain('не больше 21 знака.');
    expect(textTooLongText('ELJUR', 2, 'ru')).toContain('не больше 2 знаков.');
    expect(textTooLongText('ELJUR', 2000, 'en')).toBe(
      'The text is too long: Eljur takes at most 2,000 characters. Shorten it to send.',
    );
  });
});

describe('draftProblemText', () => {
  it('says what to fix in the family’s words, the text’s limit as its diary’s', () => {
    expect(draftProblemText({ kind: 'recipients' }, 'ru')).toBe('Выберите, кому написать.');
    expect(draftProblemText({ kind: 'textLong', provider: 'ELJUR', limit: 120 }, 'ru')).toBe(
      'Текст слишком длинный: ЭлЖур принимает не больше 120 знаков. Сократите его, чтобы отправить.',
    );
    expect(draftProblemText({ kind: 'recipientsDiary', provider: 'MESH' }, 'ru')).toBe(
      'Сообщение уходит через МЭШ, а среди адресатов есть люди из другого дневника. Оставьте адресатов одного дневника.',
    );
    expect(draftProblemText({ kind: 'files', problem: { kind: 'size', name: 'скан.jpg' } }, 'ru')).toBe(
      'Файл «скан.jpg» больше 512 КБ.',
    );
    expect(draftProblemText({ kind: 'subjectLong' }, 'en')).toBe('The subject takes at most 200 characters.');
  });
});

describe('recipientGroupNames', () => {
  const teachers = { name: 'Учителя', provider: 'ELJUR' };
  const classTeachers = { name: 'Классные руководители (5А)', provider: 'ELJUR' };

  it('keeps a one-diary book plain, the names as the diary gives them', () => {
    expect(recipientGroupNames([teachers, classTeachers], 'ru')).toEqual(['Учителя', 'Классные руководители (5А)']);
    expect(recipientGroupNames([], 'ru')).toEqual([]);
  });

  it('names each group’s diary, in Russian, when the child’s book comes from two diaries', () => {
    const mesh = { name: 'Администрация', provider: 'MESH' };
    expect(recipientGroupNames([teachers, classTeachers, mesh], 'ru')).toEqual([
      'Учителя (ЭлЖур)',
      'Классные руководители (5А) (ЭлЖур)',
      'Администрация (МЭШ)',
    ]);
    expect(recipientGroupNames([teachers, mesh], 'en')).toEqual(['Учителя (Eljur)', 'Администрация (MESH)']);
  });

  it('does not name the diary twice where the gateway added its own name to the group’s', () => {
    const groups = (['ELJUR', 'DNEVNIK', 'MESH'] as const).map((provider) => ({
      name: `Учителя (${PROVIDER_NAMES[provider]})`,
      provider,
    }));
    expect(recipientGroupNames(groups, 'ru')).toEqual(['Учителя (ЭлЖур)', 'Учителя (Дневник.ру)', 'Учителя (МЭШ)']);
    // Another diary's name in a group's own name is the diary's words, kept.
    expect(
      recipientGroupNames(
        [
          { name: 'Учителя (Eljur)', provider: 'MESH' },
          { name: 'Учителя', provider: 'ELJUR' },
        ],
        'ru',
      ),
    ).toEqual(['Учителя (Eljur) (МЭШ)', 'Учителя (ЭлЖур)']);
  });
});

describe('sentText', () => {
  const sent = { provider: 'ELJUR', recipients: [{ name: 'Тарасова Марина Викторовна' }], replayed: false };

  it('names whom it went to and through which diary', () => {
    expect(sentText(sent, [], 'ru')).toBe('Отправлено: Тарасова Марина Викторовна (ЭлЖур).');
    expect(sentText(sent, [], 'en')).toBe('Sent: Тарасова Марина Викторовна (Eljur).');
  });

  it('names the people the page knew when the diary names nobody back (a reply)', () => {
    expect(sentText({ ...sent, recipients: [] }, ['Лаптева Вероника Игоревна'], 'ru')).toBe(
      'Отправлено: Лаптева Вероника Игоревна (ЭлЖур).',
    );
  });

  it('says a repeated answer sent nothing twice', () => {
    expect(sentText({ ...sent, replayed: true }, [], 'ru')).toBe(
      'Отправлено: Тарасова Марина Викторовна (ЭлЖур). Сообщение дошло с первой попытки, второй раз оно не отправлялось.',
    );
  });
});

describe('sendFailure', () => {
  it('words each diary refusal by its reason', () => {
    expect(sendFailure(failure('PROVIDER_REFUSED', { reason: 'RECIPIENT_NOT_ALLOWED' }), 'ELJUR', 'ru')).toEqual({
      message: 'ЭлЖур не принял сообщение: этому адресату писать нельзя. Выберите другого.',
      lookInSent: false,
    });
    expect(sendFailure(failure('PROVIDER_REFUSED', { reason: 'TEXT_TOO_LONG' }), 'ELJUR', 'ru').message).toBe(
      'ЭлЖур не принял сообщение: текст слишком длинный для этого дневника. Сократите его.',
    );
    expect(sendFailure(failure('PROVIDER_REFUSED', { reason: 'ATTACHMENT_REFUSED' }), 'ELJUR', 'en').message).toBe(
      'Eljur refused the file. Try another format or size, or send without it.',
    );
    expect(sendFailure(failure('PROVIDER_REFUSED', { reason: 'MESSAGE_NOT_FOUND' }), 'ELJUR', 'ru').message).toBe(
      'Этого сообщения в дневнике ЭлЖур больше нет, ответить на него нельзя.',
    );
    for (const reason of ['OTHER', 'A_NEW_REASON', undefined])
      expect(sendFailure(failure('PROVIDER_REFUSED', { reason }), 'ELJUR', 'ru').message).toBe(
        'ЭлЖур не принял сообщение. Попробуйте позже или напишите в самом дневнике.',
      );
  });

  it('sends the family to «Отправленные» when the message may have gone', () => {
    expect(sendFailure(failure('SEND_OUTCOME_UNKNOWN'), 'ELJUR', 'ru')).toEqual({
      message:
        'ЭлЖур не сказал, принял ли сообщение. Чтобы не отправить его дважды, мы не отправляем его снова: проверьте папку «Отправленные».',
      lookInSent: true,
    });
    expect(sendFailure(failure('IDEMPOTENCY_KEY_REUSED'), 'ELJUR', 'ru')).toMatchObject({ lookInSent: true });
    expect(sendFailure(failure('IDEMPOTENCY_KEY_REUSED'), 'ELJUR', 'ru').message).toContain('«Отправленные»');
    expect(sendFailure(failure('PROVIDER_TIMEOUT'), 'ELJUR', 'ru')).toMatchObject({ lookInSent: true });
  });

  it('tells a lost connection to press «Отправить» again, since a retry cannot send twice', () => {
    const lost = sendFailure(new DiaryClientError('NETWORK_ERROR', 'Не удалось связаться…'), 'ELJUR', 'ru');
    expect(lost.message).toMatch(
      /^Ответ сервера не дошёл.*Нажмите «Отправить» ещё раз: если оно уже дошло, второй раз оно не отправится\.$/,
    );
    expect(sendFailure(new DiaryClientError('BAD_RESPONSE', 'x'), 'ELJUR', 'ru')).toEqual(lost);
    expect(lost.lookInSent).toBe(false);
  });

  it('points at the field the gateway named, in plain words, never the field’s code', () => {
    expect(sendFailure(failure('BAD_USER_INPUT', { argument: 'recipientIds' }), 'ELJUR', 'ru').message).toBe(
      'Выберите адресатов из списка (не больше 20).',
    );
    expect(
      sendFailure(
        failure('BAD_USER_INPUT', { argument: 'clientKey' }, 'Поле «clientKey» заполнено неверно.'),
        'ELJUR',
        'ru',
      ).message,
    ).toBe('Поле «clientKey» заполнено неверно.');
  });

  it('says who may write, and tells an unknown code with the gateway’s own words', () => {
    expect(sendFailure(failure('FORBIDDEN'), 'ELJUR', 'ru').message).toBe('Писать учителям может только родитель.');
    expect(sendFailure(failure('SOMETHING_NEW', {}, 'Новая ошибка шлюза.'), 'ELJUR', 'ru').message).toBe(
      'Новая ошибка шлюза.',
    );
    expect(sendFailure(new Error(''), 'ELJUR', 'en').message).toBe('The message was not sent. Try again.');
  });
});
