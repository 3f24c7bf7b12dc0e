/** Lessons, homework, days off and enrollments as the loaders serve them, for the feed's unit tests. */
import type { FromEnrollment } from '../../../src/feeds/feed-calendar.js';
import type { Homework, Lesson, NonSchoolDay, StudentEnrollment } from '../../../src/domain/model.js';

/** An enrollment of a child at a school in `timeZone`. */
export function enrollment(timeZone = 'Europe/Moscow', overrides: Partial<StudentEnrollment['student']> = {}) {
  return {
    accountId: 'acc_1',
    student: {
      provider: 'MESH',
      externalId: '100',
      providerIds: {},
      firstName: 'Мария',
      lastName: 'Иванова',
      middleName: null,
      birthDate: null,
      snils: null,
      school: null,
      className: '7-Б',
      timeZone,
      ...overrides,
    },
  } satisfies StudentEnrollment;
}

/** A lesson at `startsAt` (an ISO instant with the school's offset), 45 minutes long. */
export function lesson(id: string, startsAt: string | null, overrides: Partial<Lesson> = {}): Lesson {
  return {
    id,
    date: startsAt?.slice(0, 10) ?? '2026-11-23',
    number: 1,
    startsAt,
    endsAt: startsAt === null ? null : new Date(Date.parse(startsAt) + 45 * 60_000).toISOString(),
    subject: { id: 'sub_1', name: 'Алгебра', provider: 'MESH' },
    teacher: { fullName: 'Соколова Елена Викторовна' },
    room: '305',
    topic: 'Одночлены',
    isCancelled: false,
    isReplaced: false,
    homework: [],
    grades: [],
    absence: null,
    provider: 'MESH',
    ...overrides,
  };
}

/** Homework due on `dueOn`. */
export function homework(id: string, dueOn: string, overrides: Partial<Homework> = {}): Homework {
  return {
    id,
    subject: { id: 'sub_2', name: 'Русский язык', provider: 'MESH' },
    assignedOn: null,
    dueOn,
    text: '§ 36, упр. 40',
    attachments: [],
    isDone: null,
    provider: 'MESH',
    ...overrides,
  };
}

/** A day off. */
export function dayOff(
  date: string,
  title: string | null = 'Зимние каникулы',
  kind: NonSchoolDay['kind'] = 'VACATION',
) {
  return { date, kind, title, provider: 'MESH' } satisfies NonSchoolDay;
}

/** Items as one enrollment gave them. */
export function from<T>(items: readonly T[], by: StudentEnrollment = enrollment()): FromEnrollment<T>[] {
  return items.map((item) => ({ item, enrollment: by }));
}
