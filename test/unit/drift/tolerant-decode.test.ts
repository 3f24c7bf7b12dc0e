import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SchemaDrift } from '../../../src/domain/model.js';
import { ProviderBadResponseError, ProviderSchemaDriftError } from '../../../src/errors/gateway-error.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import {
  coreList,
  decodePayload,
  DriftCollector,
  identifying,
  recognized,
  reportedValue,
  scopeReportingTo,
  templatePath,
  UnreadableAnswerError,
  unlessUnreadable,
} from '../../../src/upstream/tolerant-decode.js';
import { thrown } from '../../support/thrown.js';

// The one decoding path of all three adapters (issue 11 §1): drift in one place degrades only that place.

const SOURCE = { provider: 'DNEVNIK', route: 'schedules' } as const;
const SECRET = 'Петрова Анна Сергеевна';

const person = z.looseObject({ id: z.number(), firstName: z.string(), lastName: z.string() });
const lesson = z.looseObject({
  id: z.number(),
  date: z.string(),
  title: z.string().nullish(),
  teachers: z.array(z.number()).nullish(),
  ref: identifying(z.string().nullish()),
});
const day = z.looseObject({
  date: z.string(),
  lessons: z.array(lesson).nullish(),
  teachers: z.array(z.looseObject({ person, role: z.string().nullish() })).nullish(),
});
/** Dnevnik.ru's schedules: `{days}` or a bare list, both read as the list of days. */
const schedules = z
  .union([z.looseObject({ days: z.array(day) }), z.array(day)])
  .transform((answer) => (Array.isArray(answer) ? answer : answer.days));

const keyed = <T extends z.ZodType>(item: T) => z.union([z.record(z.string(), item), z.array(item)]);
/** Eljur's shape: maps keyed by ids and days, or the same items as lists. */
const diary = z.looseObject({
  students: coreList(
    keyed(
      recognized(
        z.looseObject({
          name: z.string().nullish(),
          days: coreList(
            keyed(
              recognized(
                z.looseObject({
                  name: z.string().nullish(),
                  items: keyed(
                    z.looseObject({ name: z.string(), room: z.union([z.string(), z.number()]).nullish() }),
                  ).nullish(),
                }),
              ),
            ).nullish(),
          ),
        }),
      ),
    ).nullish(),
  ),
});
const ELJUR = { provider: 'ELJUR', route: 'getdiary' } as const;

const goodLesson = (id: number) => ({ id, date: '2026-11-20T08:30:00', title: 'Тема', teachers: [7] });
const teacher = { person: { id: 7, firstName: 'Анна', lastName: 'Петрова' }, role: 'Teacher' };

describe('decodePayload', () => {
  it('should decode a well-formed answer as is, with no drift', () => {
    const answer = { days: [{ date: '2026-11-20', lessons: [goodLesson(1)], teachers: [teacher] }] };
    expect(decodePayload(SOURCE, answer, schedules)).toEqual({ value: answer.days, drift: [] });
  });

  it('should drop an optional side-load of the wrong shape alone (the issue 11 case): the lessons stay', () => {
    const answer = {
      days: [{ date: '2026-11-20', lessons: [goodLesson(1), goodLesson(2)], teachers: { 0: teacher } }],
    };
    const decoded = decodePayload(SOURCE, answer, schedules);
    expect(decoded.value[0]!.lessons!.map((item) => item.id)).toEqual([1, 2]);
    expect(decoded.value[0]!.teachers).toBeUndefined();
    expect(decoded.drift).toEqual([{ ...SOURCE, schemaPath: 'days[].teachers', dropped: 1 }]);
  });

  it('should leave out the list item a broken required field belongs to, and only it', () => {
    const answer = {
      days: [
        {
          date: '2026-11-20',
          lessons: [goodLesson(1), { ...goodLesson(2), date: 20261120 }, goodLesson(3)],
          teachers: [{ person: [SECRET] }, teacher],
        },
      ],
    };
    const decoded = decodePayload(SOURCE, answer, schedules);
    expect(decoded.value[0]!.lessons!.map((item) => item.id)).toEqual([1, 3]);
    expect(decoded.value[0]!.teachers).toHaveLength(1);
    expect(decoded.drift).toEqual([
      { ...SOURCE, schemaPath: 'days[].lessons[].date', dropped: 1 },
      { ...SOURCE, schemaPath: 'days[].teachers[].person', dropped: 1 },
    ]);
  });

  it('should drop a broken optional field alone, keeping its item', () => {
    const answer = [{ date: '2026-11-20', lessons: [{ ...goodLesson(1), title: { text: SECRET } }] }];
    const decoded = decodePayload(SOURCE, answer, schedules);
    expect(decoded.value[0]!.lessons).toEqual([{ id: 1, date: '2026-11-20T08:30:00', teachers: [7] }]);
    expect(decoded.drift).toEqual([{ ...SOURCE, schemaPath: '[].lessons[].title', dropped: 1 }]);
  });

  it('should drop a list of plain values whole, never thin it element by element', () => {
    const decoded = decodePayload(
      SOURCE,
      [{ date: '2026-11-20', lessons: [{ ...goodLesson(1), teachers: [7, 'восемь', 9] }] }],
      schedules,
    );
    expect(decoded.value[0]!.lessons![0]!.teachers).toBeUndefined();
    expect(decoded.drift).toEqual([{ ...SOURCE, schemaPath: '[].lessons[].teachers[]', dropped: 1 }]);
  });

  it('should leave out the item of an identifying field that drifted, rather than serve it under a stand-in id', () => {
    const decoded = decodePayload(
      SOURCE,
      [{ date: '2026-11-20', lessons: [{ ...goodLesson(1), ref: 5 }, goodLesson(2)] }],
      schedules,
    );
    expect(decoded.value[0]!.lessons!.map((item) => item.id)).toEqual([2]);
    expect(decoded.drift).toEqual([{ ...SOURCE, schemaPath: '[].lessons[].ref', dropped: 1 }]);
  });

  it('should refuse the whole answer when its core list is unreadable, naming route and path but no value', () => {
    const told: SchemaDrift[] = [];
    const error = thrown(() =>
      decodePayload(SOURCE, { days: { [SECRET]: [goodLesson(1)] } }, schedules, {
        upstreamStatus: 200,
        onDrift: (drift) => told.push(drift),
      }),
    );
    expect(error).toBeInstanceOf(UnreadableAnswerError);
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error).toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      upstreamStatus: 200,
      route: 'schedules',
      schemaPath: 'days',
    });
    expect((error as Error).message).toBe(
      'Dnevnik.ru sent an answer the gateway cannot read: schedules: days: expected array.',
    );
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(String((error as Error).cause)).not.toContain(SECRET);
    // Operators still see where it broke.
    expect(told).toEqual([{ ...SOURCE, schemaPath: 'days', dropped: 1 }]);
  });

  it('should refuse any mismatch in strict mode (identity answers), pruning nothing', () => {
    const error = thrown(() =>
      decodePayload(SOURCE, [{ date: '2026-11-20', lessons: [{ ...goodLesson(1), title: 5 }] }], schedules, {
        mode: 'strict',
      }),
    );
    expect((error as Error).message).toContain('schedules: [].lessons[].title: expected string');
  });

  it('should tell onDrift once per drifted path of the answer, with the count of parts left out', () => {
    const told: SchemaDrift[] = [];
    const lessons = [{ ...goodLesson(1), date: null }, { ...goodLesson(2), date: null }, goodLesson(3)];
    decodePayload(SOURCE, [{ date: '2026-11-20', lessons }], schedules, { onDrift: (drift) => told.push(drift) });
    expect(told).toEqual([{ ...SOURCE, schemaPath: '[].lessons[].date', dropped: 2 }]);
  });

  describe('with maps keyed by ids and days (Eljur)', () => {
    const answer = (items: unknown) => ({
      students: { '12345': { name: '12345', days: { '20261120': { name: '20261120', items } } } },
    });

    it('should name map entries `{}` in paths, never their keys (an id, a day)', () => {
      const decoded = decodePayload(
        ELJUR,
        answer({ '1': { name: 'Алгебра', room: {} }, '2': { name: 5 }, '3': { name: 'Физика' } }),
        diary,
        { pathPrefix: 'result' },
      );
      expect(decoded.drift).toEqual([
        { ...ELJUR, schemaPath: 'result.students{}.days{}.items{}.room', dropped: 1 },
        { ...ELJUR, schemaPath: 'result.students{}.days{}.items{}.name', dropped: 1 },
      ]);
      const items = (decoded.value.students as Record<string, any>)['12345'].days['20261120'].items;
      expect(Object.keys(items)).toEqual(['1', '3']);
      for (const drift of decoded.drift) expect(drift.schemaPath).not.toMatch(/\d/);
    });

    it('should read the same items written as lists, naming them `[]`', () => {
      const decoded = decodePayload(
        ELJUR,
        { students: [{ name: '12345', days: [{ items: [{ name: 'Алгебра' }, { name: null }] }] }] },
        diary,
        { pathPrefix: 'result' },
      );
      expect(decoded.drift).toEqual([{ ...ELJUR, schemaPath: 'result.students[].days[].items[].name', dropped: 1 }]);
    });

    it('should refuse the answer when a core map is unreadable, though it may be absent', () => {
      expect(decodePayload(ELJUR, { students: null }, diary).drift).toEqual([]);
      expect(
        (thrown(() => decodePayload(ELJUR, { students: 'нет' }, diary, { pathPrefix: 'result' })) as Error).message,
      ).toContain('getdiary: result.students: expected record or array');
      expect(
        (
          thrown(() =>
            decodePayload(ELJUR, { students: { '1': { days: 7 } } }, diary, { pathPrefix: 'result' }),
          ) as Error
        ).message,
      ).toContain('result.students{}.days');
    });

    it('should notice a map wrapped one level deeper, whose entries then carry none of their fields', () => {
      const wrapped = { students: { value: { '12345': { name: '12345', days: [] } } } };
      const decoded = decodePayload(ELJUR, wrapped, diary, { pathPrefix: 'result' });
      expect(decoded.drift).toEqual([{ ...ELJUR, schemaPath: 'result.students{}', dropped: 1 }]);
      expect(decoded.value.students).toEqual({});
    });
  });
});

describe('templatePath', () => {
  it('should keep schema keys and replace list indices and map keys', () => {
    const json = { students: { '12345': { days: { '20261120': { items: [{ name: 'x' }] } } } } };
    expect(templatePath(diary, json, ['students', '12345', 'days', '20261120', 'items', 0, 'name'])).toBe(
      'students{}.days{}.items[].name',
    );
    expect(templatePath(diary, json, [])).toBe('(root)');
  });
});

describe('reporting drift with a result', () => {
  const drift: SchemaDrift = { ...SOURCE, schemaPath: 'days[].teachers', dropped: 2 };

  it('should pass a decoded answer’s drift to the scope that builds a result from it', () => {
    const collector = new DriftCollector();
    expect(reportedValue({ value: 'value', drift: [drift] }, scopeReportingTo(createUpstreamScope(), collector))).toBe(
      'value',
    );
    expect(collector.list()).toEqual([drift]);
  });

  it('should count one drift once however often it is reported, and add up different answers’ counts', () => {
    const collector = new DriftCollector();
    collector.reportDrift(drift);
    collector.reportDrift(drift);
    collector.reportDrift({ ...drift, dropped: 3 });
    collector.reportDrift({ ...drift, schemaPath: 'days[].lessons[].date', dropped: 1 });
    expect(collector.list()).toEqual([
      { ...drift, dropped: 5 },
      { ...drift, schemaPath: 'days[].lessons[].date', dropped: 1 },
    ]);
  });

  it('should share the memo of the scope it wraps', async () => {
    const scope = createUpstreamScope();
    const wrapped = scopeReportingTo(scope, new DriftCollector());
    const load = async () => ({});
    expect(await wrapped.once('key', load)).toBe(await scope.once('key', async () => 'another'));
  });

  it('should give the error a family reads: code, provider, route, path and count, and a plain message', () => {
    const error = new ProviderSchemaDriftError(drift);
    expect(error.toExtensions()).toEqual({
      code: 'PROVIDER_SCHEMA_DRIFT',
      provider: 'DNEVNIK',
      route: 'schedules',
      schemaPath: 'days[].teachers',
      dropped: 2,
    });
    expect(error.message).toBe(
      'Dnevnik.ru sent part of its answer in a shape the gateway cannot read; that part was left out and the rest is shown (schedules: days[].teachers, 2 left out).',
    );
  });
});

describe('unlessUnreadable', () => {
  it('should build without an enriching answer that is unreadable, reporting it as drift of its route and path', async () => {
    const collector = new DriftCollector();
    const unreadable = new UnreadableAnswerError(
      { provider: 'DNEVNIK', route: 'workTypes' },
      '[].weight',
      'expected number',
      {},
    );
    expect(await unlessUnreadable(SOURCE, collector, async () => Promise.reject(unreadable), 'fallback')).toBe(
      'fallback',
    );
    expect(collector.list()).toEqual([
      { provider: 'DNEVNIK', route: 'workTypes', schemaPath: '[].weight', dropped: 1 },
    ]);
  });

  it('should report an answer unreadable for another reason (an HTML page, broken JSON) as its route’s root', async () => {
    const collector = new DriftCollector();
    await unlessUnreadable(
      SOURCE,
      collector,
      async () => Promise.reject(new ProviderBadResponseError('DNEVNIK', 'schedules: the body is not valid JSON')),
      [],
    );
    expect(collector.list()).toEqual([{ ...SOURCE, schemaPath: '(root)', dropped: 1 }]);
  });

  it('should let every other failure through: the diary down, a refused token, a bug', async () => {
    const down = Object.assign(new Error('down'), { code: 'PROVIDER_UNAVAILABLE' });
    await expect(unlessUnreadable(SOURCE, new DriftCollector(), async () => Promise.reject(down), [])).rejects.toBe(
      down,
    );
  });
});
