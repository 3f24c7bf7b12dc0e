/**
 * Model items and readings for the change detector's tests (`test/unit/changes`): one МЭШ pupil's week of
 * marks, homework, lessons and absences, each factory taking the fields a test is about.
 */
import { diffChild, type ChildDiff } from '../../src/changes/diff-child.js';
import type { ChildReading, ChildResources } from '../../src/changes/child-snapshot.js';
import type {
  AttendanceRecord,
  DateRange,
  Grade,
  GradeValue,
  Homework,
  Lesson,
  ProviderSubjectAverage,
  Subject,
  Teacher,
} from '../../src/domain/model.js';

export const ALGEBRA: Subject = { id: 'mesh:subject:33623', name: 'Алгебра', provider: 'MESH' };
export const RUSSIAN: Subject = { id: 'mesh:subject:33601', name: 'Русский язык', provider: 'MESH' };
export const PHYSICS: Subject = { id: 'mesh:subject:33640', name: 'Физика', provider: 'MESH' };

export const SMIRNOVA: Teacher = { fullName: 'Смирнова Ольга Петровна' };
export const KOZLOV: Teacher = { fullName: 'Козлов Андрей Викторович' };

/** The week a first reading covers, and the same window a day later (windows move every day). */
export const WEEK: DateRange = { from: '2026-11-16', to: '2026-11-22' };
export const WEEK_LATER: DateRange = { from: '2026-11-17', to: '2026-11-23' };

/** When the first and the second poll ran, as the caller stamps them. */
export const FIRST_POLL = '2026-11-18T10:00:00+03:00';
export const SECOND_POLL = '2026-11-18T10:15:00+03:00';

/** A mark on the five-point scale, as `raw` says. */
export function fivePoint(raw: string): GradeValue {
  const numeric = Number.parseInt(raw, 10);
  return { raw, scale: 'FIVE_POINT', numeric, fivePoint: numeric };
}

/** A «4» in algebra on Wednesday, homework-checking kind. */
export function grade(overrides: Partial<Grade> = {}): Grade {
  return {
    id: 'mesh:mark:90001',
    date: '2026-11-18',
    subject: ALGEBRA,
    value: fivePoint('4'),
    weight: 1,
    workType: 'Домашняя работа',
    comment: null,
    isExam: false,
    isPoint: false,
    pointDeadline: null,
    countsTowardAverage: true,
    createdAt: '2026-11-18T12:40:00+03:00',
    teacher: SMIRNOVA,
    provider: 'MESH',
    ...overrides,
  };
}

/** Algebra homework due on Thursday, with one worksheet attached. */
export function homework(overrides: Partial<Homework> = {}): Homework {
  return {
    id: 'mesh:homework:5501',
    dueOn: '2026-11-19',
    assignedOn: '2026-11-18',
    subject: ALGEBRA,
    text: '№ 245, 247 (а, б)',
    attachments: [{ title: 'Карточка 12.pdf', url: 'https://school.mos.ru/files/12.pdf?sig=a1' }],
    isDone: null,
    provider: 'MESH',
    ...overrides,
  };
}

/** The second lesson on Thursday: algebra with Смирнова in room 204. */
export function lesson(overrides: Partial<Lesson> = {}): Lesson {
  return {
    id: 'mesh:lesson:7001',
    date: '2026-11-19',
    number: 2,
    startsAt: '2026-11-19T09:00:00+03:00',
    endsAt: '2026-11-19T09:45:00+03:00',
    subject: ALGEBRA,
    teacher: SMIRNOVA,
    room: '204',
    topic: 'Квадратные уравнения',
    isCancelled: false,
    isReplaced: false,
    homework: [],
    grades: [],
    absence: null,
    provider: 'MESH',
    ...overrides,
  };
}

/** An unexcused absence from Wednesday's algebra lesson (`lesson: null` for a whole day). */
export function absence(overrides: Partial<AttendanceRecord> = {}): AttendanceRecord {
  return {
    date: '2026-11-18',
    lesson: lesson({ id: 'mesh:lesson:6901', date: '2026-11-18', number: 3 }),
    kind: 'UNEXCUSED_ABSENCE',
    reason: null,
    provider: 'MESH',
    ...overrides,
  };
}

/** Algebra in the second term, no final mark yet. */
export function average(overrides: Partial<ProviderSubjectAverage> = {}): ProviderSubjectAverage {
  return { subject: ALGEBRA, periodId: 'q2', providerAverage: 4.25, finalGrade: null, trend: 'UP', ...overrides };
}

/** A reading of Катя Иванова (МЭШ) with these resources. */
export function reading(resources: ChildResources): ChildReading {
  return { childId: 'stu_katya', provider: 'MESH', timeZone: 'Europe/Moscow', ...resources };
}

/** The diff of `then` after a first reading `first` (its baseline). */
export function diffAfter(first: ChildResources, then: ChildResources): ChildDiff {
  const baseline = diffChild(null, reading(first), FIRST_POLL);
  return diffChild(baseline.snapshot, reading(then), SECOND_POLL);
}

/** The kinds of a diff's changes, in order. */
export function kindsOf(diff: ChildDiff): string[] {
  return diff.changes.map((change) => change.kind);
}
