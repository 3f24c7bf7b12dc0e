import { describe, expect, it } from 'vitest';
import type { GrantStatus } from '@diary-gateway/client';
import { DiaryClientError } from '../../client/src/errors.js';
import {
  absenceReasons,
  accountStatusText,
  diariesText,
  failureText,
  flowKindsText,
  grantStatusText,
  inviteeText,
  isRevocable,
  matchReasonText,
  noticeTakenText,
  noticeWithdrawnText,
  sentence,
} from '../../web/src/manage/manage-wording.js';

describe('statuses in words', () => {
  it('says what an account status means', () => {
    expect(accountStatusText('ACTIVE', 'ru')).toBe('работает');
    expect(accountStatusText('NEEDS_RELOGIN', 'ru')).toBe('нужно войти заново');
    expect(accountStatusText('NEEDS_RELOGIN', 'en')).toBe('needs signing in again');
    expect(accountStatusText('UNAVAILABLE', 'ru')).toContain('не отвечает');
    expect(accountStatusText('FAILING', 'ru')).toContain('сбои');
  });

  it('says what a grant status means, and which can be revoked', () => {
    expect(grantStatusText('ACTIVE', 'ru')).toBe('доступ открыт');
    expect(grantStatusText('EXPIRED', 'en')).toBe('expired');
    const statuses: GrantStatus[] = ['PENDING', 'ACTIVE', 'REVOKED', 'EXPIRED'];
    expect(statuses.filter(isRevocable)).toEqual(['PENDING', 'ACTIVE']);
  });
});

describe('inviteeText', () => {
  it('shows the label, or says a SNILS invitation was by SNILS', () => {
    expect(inviteeText('PHONE', '+7 916 ***-**-22', 'ru')).toBe('+7 916 ***-**-22');
    expect(inviteeText('SNILS', null, 'ru')).toBe('по СНИЛС');
    expect(inviteeText('SNILS', null, 'en')).toBe('by SNILS');
  });
});

describe('absenceReasons', () => {
  it('offers every reason of the schema, illness first', () => {
    expect(absenceReasons('ru').map((reason) => reason.value)).toEqual(['ILLNESS', 'FAMILY', 'OTHER']);
    expect(absenceReasons('ru')[0]?.label).toBe('Болезнь');
    expect(absenceReasons('en')[1]?.label).toBe('Family circumstances');
  });
});

describe('diaries', () => {
  it('names each diary once', () => {
    expect(diariesText(['MESH', 'ELJUR', 'MESH'], 'ru')).toBe('МЭШ, ЭлЖур');
    expect(diariesText(['DNEVNIK'], 'en')).toBe('Dnevnik.ru');
  });

  it('says how a link signs in', () => {
    expect(flowKindsText(['FORM', 'REDIRECT'], 'ru')).toBe('логин и пароль дневника или вход на сайте дневника');
    expect(flowKindsText(['REDIRECT'], 'en')).toBe('sign in on the diary’s site');
  });

  it('says which diaries took a notice, in the right number', () => {
    expect(noticeTakenText(['MESH'], 'ru')).toBe('МЭШ принял уведомление.');
    expect(noticeTakenText(['MESH', 'ELJUR'], 'ru')).toBe('МЭШ и ЭлЖур приняли уведомление.');
    expect(noticeTakenText(['MESH', 'DNEVNIK', 'ELJUR'], 'en')).toBe('MESH, Dnevnik.ru and Eljur took the notice.');
    expect(noticeTakenText([], 'ru')).toBe('Ни один дневник не принял уведомление.');
  });

  it('says which diaries withdrew a notice', () => {
    expect(noticeWithdrawnText(['MESH'], 'ru')).toBe('МЭШ отменил уведомление.');
    expect(noticeWithdrawnText(['MESH'], 'en')).toBe('MESH withdrew the notice.');
    expect(noticeWithdrawnText(['MESH', 'MESH', 'ELJUR'], 'ru')).toBe('МЭШ и ЭлЖур отменили уведомление.');
  });

  it('says so when no diary took or withdrew a notice', () => {
    expect(noticeTakenText([], 'en')).toBe('No diary took the notice.');
    expect(noticeWithdrawnText([], 'ru')).toBe('Ни один дневник не отменил уведомление.');
    expect(noticeWithdrawnText([], 'en')).toBe('No diary withdrew the notice.');
  });
});

describe('matchReasonText', () => {
  const reason = 'same name; patronymic missing on one side; birth date missing on one side';

  it('puts the gateway’s reason into Russian, part by part', () => {
    expect(matchReasonText(reason, 'ru')).toBe(
      'Совпадают фамилия и имя; в одном дневнике нет отчества; в одном дневнике нет даты рождения',
    );
    expect(matchReasonText('same full name; no birth date on either side', 'ru')).toBe(
      'Совпадают фамилия, имя и отчество; ни в одном дневнике нет даты рождения',
    );
  });

  it('keeps English as sent, and an unknown part as it is', () => {
    expect(matchReasonText(reason, 'en')).toBe(
      'Same name; patronymic missing on one side; birth date missing on one side',
    );
    expect(matchReasonText('same full name; same school', 'ru')).toBe('Совпадают фамилия, имя и отчество; same school');
  });
});

describe('failureText', () => {
  it('shows the client’s message, already in the page’s language', () => {
    const error = new DiaryClientError('NOT_SUPPORTED_BY_PROVIDER', 'Дневник этой школы не принимает уведомления.');
    expect(failureText(error, 'ru')).toBe('Дневник этой школы не принимает уведомления.');
  });

  it('has its own words for a failure without a message', () => {
    expect(failureText(new Error(''), 'ru')).toContain('Не получилось');
    expect(failureText('boom', 'en')).toContain('did not work');
  });
});

describe('sentence', () => {
  it('ends a sentence with one full stop, even after «г.»', () => {
    expect(sentence('Уведомление отправлено: Иванова Мария Олеговна, 8 декабря 2026 г.')).toBe(
      'Уведомление отправлено: Иванова Мария Олеговна, 8 декабря 2026 г.',
    );
    expect(sentence('Notice sent: 8 December 2026')).toBe('Notice sent: 8 December 2026.');
    expect(sentence('Готово? ')).toBe('Готово?');
  });
});
