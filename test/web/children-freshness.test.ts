import { describe, expect, it } from 'vitest';
import type { DiaryGraphqlError } from '@diary-gateway/client';
import type { DashboardStudent } from '../../web/src/data/types.js';
import {
  conditionText,
  diaryConditions,
  failureFamily,
  untoldErrors,
  type DiaryCondition,
} from '../../web/src/children/freshness-text.js';

type Freshness = DashboardStudent['freshness'][number];

const MOSCOW = 'Europe/Moscow';
/** 10:00 in Moscow on 7 December 2026. */
const NOW = new Date('2026-12-07T10:00:00+03:00');

const fresh = (provider: Freshness['provider'], fetchedAt = '2026-12-07T09:55:00+03:00'): Freshness => ({
  provider,
  fetchedAt,
  isStale: false,
  error: null,
});
const stale = (provider: Freshness['provider'], fetchedAt: string | null): Freshness => ({
  provider,
  fetchedAt,
  isStale: true,
  error: null,
});
const failing = (provider: Freshness['provider'], code: string, fetchedAt: string | null = null): Freshness => ({
  provider,
  fetchedAt,
  isStale: true,
  error: { code, message: `message of ${code}` },
});
const child = (...freshness: Freshness[]) => ({ freshness });

const error = (code: string, message: string, provider?: string): DiaryGraphqlError => ({
  code,
  message,
  extensions: provider === undefined ? { code } : { code, provider },
});

describe('diaryConditions', () => {
  it('says nothing when every diary is fresh', () => {
    expect(diaryConditions([child(fresh('MESH')), child(fresh('ELJUR'), fresh('MESH'))])).toEqual([]);
  });

  it('tells a stale diary with no error as refreshing, with its time', () => {
    expect(diaryConditions([child(stale('MESH', '2026-12-07T08:40:00+03:00'))])).toEqual([
      { kind: 'refreshing', provider: 'MESH', fetchedAt: '2026-12-07T08:40:00+03:00' },
    ]);
  });

  it('tells each diary once, across children, in the order they first appear', () => {
    const conditions = diaryConditions([
      child(stale('DNEVNIK', '2026-12-07T08:00:00+03:00')),
      child(stale('MESH', '2026-12-07T08:40:00+03:00'), stale('DNEVNIK', '2026-12-07T08:30:00+03:00')),
    ]);
    expect(conditions.map((condition) => condition.provider)).toEqual(['DNEVNIK', 'MESH']);
  });

  it('takes the oldest time of a diary, comparing instants across offsets', () => {
    const [condition] = diaryConditions([
      child(stale('ELJUR', '2026-12-07T09:30:00+04:00')), // 08:30 in Moscow: the older one
      child(stale('ELJUR', '2026-12-07T08:45:00+03:00')),
    ]);
    expect(condition?.fetchedAt).toBe('2026-12-07T09:30:00+04:00');
  });

  it('lets a failure win over staleness and over a fresh account of the same diary', () => {
    const [condition] = diaryConditions([
      child(fresh('MESH')),
      child(failing('MESH', 'PROVIDER_TIMEOUT', '2026-12-07T07:10:00+03:00')),
    ]);
    expect(condition).toEqual({
      kind: 'failing',
      provider: 'MESH',
      fetchedAt: '2026-12-07T07:10:00+03:00',
      family: 'unreachable',
      message: 'message of PROVIDER_TIMEOUT',
    });
  });

  it('keeps fresh diaries out when another fails', () => {
    const conditions = diaryConditions([child(fresh('ELJUR'), failing('DNEVNIK', 'PROVIDER_UNAVAILABLE'))]);
    expect(conditions.map((condition) => condition.provider)).toEqual(['DNEVNIK']);
  });
});

describe('failureFamily', () => {
  it.each([
    ['PROVIDER_UNAVAILABLE', 'unreachable'],
    ['PROVIDER_TIMEOUT', 'unreachable'],
    ['PROVIDER_AUTH_FAILED', 'signIn'],
    ['PROVIDER_BAD_RESPONSE', 'unreadable'],
    ['PROVIDER_SCHEMA_DRIFT', 'unreadable'],
    ['SOMETHING_NEW', 'other'],
  ])('%s reads as %s', (code, family) => {
    expect(failureFamily(code)).toBe(family);
  });
});

describe('conditionText', () => {
  const failingMesh = (family: 'unreachable' | 'signIn' | 'unreadable' | 'other', fetchedAt: string | null) =>
    ({ kind: 'failing', provider: 'MESH', fetchedAt, family, message: 'Дневник на обслуживании' }) as const;

  it('words a diary that is not answering, as the brief puts it, in both languages', () => {
    const condition = failingMesh('unreachable', '2026-12-07T08:40:00+03:00');
    expect(conditionText(condition, NOW, 'ru', MOSCOW)).toBe('Данные на 08:40 — МЭШ не отвечает, показаны сохранённые');
    expect(conditionText(condition, NOW, 'en', MOSCOW)).toBe(
      'Data as of 08:40 — MESH is not answering; showing the saved copy',
    );
  });

  it('words refreshing in the background differently from not answering', () => {
    const condition: DiaryCondition = {
      kind: 'refreshing',
      provider: 'DNEVNIK',
      fetchedAt: '2026-12-07T09:15:00+03:00',
    };
    expect(conditionText(condition, NOW, 'ru', MOSCOW)).toBe(
      'Данные на 09:15 — Дневник.ру обновляется, показаны сохранённые',
    );
    expect(conditionText(condition, NOW, 'en', MOSCOW)).toBe(
      'Data as of 09:15 — Dnevnik.ru is refreshing in the background; showing the saved copy',
    );
  });

  it('has its own words for each failure family', () => {
    const at = '2026-12-07T08:40:00+03:00';
    expect(conditionText(failingMesh('signIn', at), NOW, 'ru', MOSCOW)).toBe(
      'Данные на 08:40 — МЭШ не принимает вход, подключите дневник заново, показаны сохранённые',
    );
    expect(conditionText(failingMesh('signIn', at), NOW, 'en', MOSCOW)).toBe(
      'Data as of 08:40 — MESH refuses the sign-in; link the diary again; showing the saved copy',
    );
    expect(conditionText(failingMesh('unreadable', at), NOW, 'ru', MOSCOW)).toBe(
      'Данные на 08:40 — МЭШ отвечает с ошибкой, показаны сохранённые',
    );
    expect(conditionText(failingMesh('unreadable', at), NOW, 'en', MOSCOW)).toBe(
      'Data as of 08:40 — MESH answers with errors; showing the saved copy',
    );
  });

  it("gives the gateway's own message for a code the page has no words for", () => {
    expect(conditionText(failingMesh('other', '2026-12-07T08:40:00+03:00'), NOW, 'ru', MOSCOW)).toBe(
      'Данные на 08:40 — МЭШ: Дневник на обслуживании, показаны сохранённые',
    );
  });

  it('says there is no data when nothing was served', () => {
    expect(conditionText(failingMesh('unreachable', null), NOW, 'ru', MOSCOW)).toBe('Данных нет — МЭШ не отвечает');
    expect(conditionText(failingMesh('unreachable', null), NOW, 'en', MOSCOW)).toBe('No data — MESH is not answering');
    expect(conditionText({ kind: 'refreshing', provider: 'ELJUR', fetchedAt: null }, NOW, 'ru', MOSCOW)).toBe(
      'Данных нет — ЭлЖур обновляется',
    );
  });

  it("shows the time on the phone's clock, not the school's", () => {
    // An Eljur school in Samara (+04:00) fetched at 09:40 its time: 08:40 on a phone in Moscow.
    const condition: DiaryCondition = { kind: 'refreshing', provider: 'ELJUR', fetchedAt: '2026-12-07T09:40:00+04:00' };
    expect(conditionText(condition, NOW, 'ru', MOSCOW)).toMatch(/^Данные на 08:40 — /);
  });

  it('adds the date when the data is not from today', () => {
    const condition = failingMesh('unreachable', '2026-12-05T18:05:00+03:00');
    expect(conditionText(condition, NOW, 'ru', MOSCOW)).toBe(
      'Данные на 5 декабря, 18:05 — МЭШ не отвечает, показаны сохранённые',
    );
    expect(conditionText(condition, NOW, 'en', MOSCOW)).toMatch(/^Data as of 5 December, 18:05 — /);
  });

  it('names a diary this page does not know as sent', () => {
    const condition = { kind: 'refreshing', provider: 'NEW_DIARY', fetchedAt: null } as unknown as DiaryCondition;
    expect(conditionText(condition, NOW, 'ru', MOSCOW)).toBe('Данных нет — NEW_DIARY обновляется');
  });
});

describe('untoldErrors', () => {
  const students = [child(failing('MESH', 'PROVIDER_UNAVAILABLE'), fresh('ELJUR'))];

  it('leaves out the errors the freshness lines already tell', () => {
    expect(untoldErrors([error('PROVIDER_UNAVAILABLE', 'МЭШ недоступен', 'MESH')], students)).toEqual([]);
  });

  it('keeps an error of another diary or another code, and one naming no diary', () => {
    expect(
      untoldErrors(
        [
          error('PROVIDER_SCHEMA_DRIFT', 'ЭлЖур изменил формат оценок', 'ELJUR'),
          error('PROVIDER_SCHEMA_DRIFT', 'МЭШ изменил формат расписания', 'MESH'),
          error('INTERNAL_SERVER_ERROR', 'Unexpected error.'),
        ],
        students,
      ),
    ).toEqual(['ЭлЖур изменил формат оценок', 'МЭШ изменил формат расписания', 'Unexpected error.']);
  });

  it('shows each message once and drops blank ones', () => {
    const repeated = error('PROVIDER_SCHEMA_DRIFT', 'ЭлЖур изменил формат оценок', 'ELJUR');
    expect(untoldErrors([repeated, repeated, error('UNKNOWN', '  ')], students)).toEqual([
      'ЭлЖур изменил формат оценок',
    ]);
  });
});
