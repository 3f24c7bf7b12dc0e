/**
 * МЭШ lesson numbers and teachers (issue 11 §4): taken from the family `schedule` route, one day per
 * call, reading only the days that show every bell and subject of the range once. Through the adapter,
 * with nock standing in for МЭШ.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import { daysToRead, lessonNumberOf } from '../../../adapters/mesh/lesson-details.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { Lesson } from '../../../src/domain/model.js';
import { createUpstreamScope as testScope } from '../../../src/upstream/request-scope.js';
import { DriftCollector, scopeReportingTo } from '../../../src/upstream/tolerant-decode.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { eventPayload, meshStudent, PROFILE_ID, STUDENT_ID } from './fixtures.js';
import { useStrictNock } from '../../support/nock.js';

const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const TOKEN = 'mesh-access-token-lessons-41d2';
const RANGE = { from: '2025-09-15', to: '2025-09-28' };
const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: TOKEN } };
const student = meshStudent({ middleName: null, birthDate: null });

/** Bells of the school: lesson number → start. */
const BELLS: Record<number, string> = { 1: '08:30', 2: '09:25', 3: '10:30' };
const TEACHERS: Record<number, [string, string, string]> = {
  33623: ['Петров', 'Пётр', 'Петрович'],
  40001: ['Соколова', 'Анна', 'Игоревна'],
};

/** Two weeks of the same Monday/Tuesday timetable: Mon 1 Алгебра, 2 Физика; Tue 1 Физика, 3 Алгебра. */
const LESSONS = [
  ['2025-09-15', 1, 33623],
  ['2025-09-15', 2, 40001],
  ['2025-09-16', 1, 40001],
  ['2025-09-16', 3, 33623],
  ['2025-09-22', 1, 33623],
  ['2025-09-22', 2, 40001],
  ['2025-09-23', 1, 40001],
  ['2025-09-23', 3, 33623],
] as const;
const idOf = (index: number) => 500 + index;

function events(replacedIndex: number | null = null) {
  return LESSONS.map(([date, number, subject], index) =>
    eventPayload({
      id: idOf(index),
      subject_id: subject,
      subject_name: subject === 33623 ? 'Алгебра' : 'Физика',
      start_at: `${date}T${BELLS[number]}:00+03:00`,
      // The end time plays no part here.
      finish_at: `${date}T${BELLS[number]}:45+03:00`,
      replaced: index === replacedIndex,
    }),
  );
}

/** МЭШ's answer for one day of {@link LESSONS}. */
function day(date: string) {
  return {
    summary: '2 урока',
    date,
    activities: LESSONS.flatMap(([lessonDate, number, subject], index) =>
      lessonDate !== date
        ? []
        : [
            {
              type: 'LESSON',
              info: `${number} урок`,
              begin_time: BELLS[number],
              lesson: {
                schedule_item_id: idOf(index),
                subject_id: subject,
                teacher: {
                  last_name: TEACHERS[subject]![0],
                  first_name: TEACHERS[subject]![1],
                  middle_name: TEACHERS[subject]![2],
                },
              },
            },
          ],
    ),
  };
}

function mockBase(eventList: unknown[]) {
  nock(ACL)
    .get('/acl/api/users/profile_info')
    .reply(200, [{ id: PROFILE_ID, type: 'parent' }]);
  nock(SCHOOL)
    .get('/api/eventcalendar/v1/api/events')
    .query(true)
    .reply(200, { total_count: eventList.length, errors: null, response: eventList });
}

function mockDay(date: string, body: unknown = day(date)) {
  return nock(SCHOOL)
    .get('/api/family/mobile/v1/schedule')
    .query({ student_id: String(STUDENT_ID), date })
    .matchHeader('x-mes-subsystem', 'familymp')
    .reply(200, body as object);
}

const adapter = () =>
  createMeshAdapter({
    transport: createFetchTransport({ timeoutMs: 2_000 }),
    hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
  });
const readable = (lessons: Lesson[]) =>
  lessons.map((lesson) => [lesson.date, lesson.number, lesson.teacher?.fullName ?? null]);

useStrictNock();

describe('МЭШ lesson numbers and teachers', () => {
  it('reads two days of a two-week range (every bell and subject seen once) and fills all eight lessons', async () => {
    mockBase(events());
    // Monday shows bells 1, 2 and both subjects; Tuesday adds bell 3. Nothing else may be asked (nock refuses it).
    mockDay('2025-09-15');
    mockDay('2025-09-16');
    const lessons = await adapter().fetchSchedule(account, student, RANGE, testScope());
    expect(readable(lessons)).toEqual(
      LESSONS.map(([date, number, subject]) => [date, number, TEACHERS[subject]!.join(' ')]),
    );
  });

  it('gives a replaced lesson on a day not read no teacher (its usual teacher is the one not teaching it), but still its number', async () => {
    mockBase(events(4));
    mockDay('2025-09-15');
    mockDay('2025-09-16');
    const lessons = await adapter().fetchSchedule(account, student, RANGE, testScope());
    expect(readable(lessons)[4]).toEqual(['2025-09-22', 1, null]);
  });

  it('serves the lessons without numbers when a schedule answer cannot be read, and reports the drift', async () => {
    mockBase(events());
    mockDay('2025-09-15', { activities: 'not a list' });
    mockDay('2025-09-16');
    const drift = new DriftCollector();
    const lessons = await adapter().fetchSchedule(account, student, RANGE, scopeReportingTo(testScope(), drift));
    expect(lessons).toHaveLength(8);
    // Tuesday alone still teaches bell 1 and 3 and both teachers; bell 2 (only on Mondays) stays unknown.
    expect(lessons.filter((lesson) => lesson.number === null).map((lesson) => lesson.date)).toEqual([
      '2025-09-15',
      '2025-09-22',
    ]);
    expect(drift.list()).toEqual([expect.objectContaining({ provider: 'MESH', route: 'schedule' })]);
  });

  it('leaves a number unknown rather than guess when two days put different lessons at one start time', async () => {
    mockBase(events());
    const monday = day('2025-09-15');
    const tuesday = day('2025-09-16');
    // A shortened Tuesday: its first lesson is called "2 урок" at 08:30.
    (tuesday.activities[0] as { info: string }).info = '2 урок';
    mockDay('2025-09-15', monday);
    mockDay('2025-09-16', tuesday);
    const lessons = await adapter().fetchSchedule(account, student, RANGE, testScope());
    // The read days keep what they said; the other weeks' 08:30 lessons get no number.
    expect(readable(lessons).map(([date, number]) => [date, number])).toEqual([
      ['2025-09-15', 1],
      ['2025-09-15', 2],
      ['2025-09-16', 2],
      ['2025-09-16', 3],
      ['2025-09-22', null],
      ['2025-09-22', 2],
      ['2025-09-23', null],
      ['2025-09-23', 3],
    ]);
  });

  it('makes no schedule call for a range without lessons', async () => {
    mockBase([]);
    expect(await adapter().fetchSchedule(account, student, RANGE, testScope())).toEqual([]);
  });
});

describe('lesson-details helpers', () => {
  it.each([
    ['3 урок', 3],
    [' 10 урок', 10],
    ['урок', null],
    ['0 урок', null],
    [null, null],
  ])('reads %j as lesson number %j', (info, expected) => {
    expect(lessonNumberOf(info)).toBe(expected);
  });

  it('chooses no days for no lessons', () => {
    expect(daysToRead([])).toEqual([]);
  });
});
