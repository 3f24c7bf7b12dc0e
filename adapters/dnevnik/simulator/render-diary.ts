/**
 * The diary answers as Dnevnik.ru sends them: the marks route, the side-loaded day schedules (lessons,
 * marks, works, homework, subjects, work types, log entries and teachers joined only by id) and the
 * lesson log entries. Lessons and subjects inside schedules carry bare ids without `_str` twins, as
 * the typed clients of that route read them.
 */
import type { SeedChild, SeedHomework, SeedLesson, SeedMark } from '../../simulation/seed.js';
import { instantAt, shiftDate, zonedTimestamp } from '../../simulation/calendar.js';
import {
  classIdOf,
  fileIdOf,
  homeworkIdOf,
  lessonIdOf,
  lessonWorkIdOf,
  markIdOf,
  personIdOf,
  subgroupIdOf,
  subjectIdOf,
  teacherIdOf,
  twin,
  userIdOf,
} from './ids.js';
import { schoolWorkTypes, subgroupSubjectOf, type SchoolWorkType } from './render-account.js';
import type { DayWire, LogEntryWire, MarkWire, PersonWire, ScheduleLessonWire, WorkWire } from './wire.js';

const MOODS: Readonly<Record<number, string>> = { 5: 'Good', 4: 'Good', 3: 'Average', 2: 'Bad' };
const WORK_KINDS: Readonly<Record<string, string>> = { Exam: 'LessonExamination', Test: 'LessonTestWork' };

/** Everything a day schedule is cut from, computed once per answer. */
export interface DiarySource {
  child: SeedChild;
  workTypes: readonly SchoolWorkType[];
}

/** Prepares the child's data for rendering. */
export function diarySource(child: SeedChild): DiarySource {
  return { child, workTypes: schoolWorkTypes(child) };
}

function workTypeIndex(source: DiarySource, name: string): number {
  return Math.max(
    source.workTypes.findIndex((type) => type.name === name),
    0,
  );
}

/** The group a subject is taught in: the foreign-language subgroup, else the class. */
function groupOfSubject(child: SeedChild, subjectId: number): bigint {
  return subgroupSubjectOf(child)?.id === subjectId ? subgroupIdOf(child) : classIdOf(child);
}

function teacherOf(child: SeedChild, subjectId: number): string {
  return child.subjects.find((subject) => subject.id === subjectId)?.teacher ?? '';
}

/** The id of the work a mark was given for. Marks outside a timetable lesson get a work of their own. */
function markWorkId(source: DiarySource, mark: SeedMark): bigint {
  return lessonWorkIdOf(mark.lessonId ?? mark.id, workTypeIndex(source, mark.workType));
}

/** A mark: `value`/`textValue` strings, its lesson and work by id, the work type by id (no twin). */
export function markPayload(source: DiarySource, mark: SeedMark): MarkWire {
  const id = markIdOf(mark);
  const person = personIdOf(source.child);
  const work = markWorkId(source, mark);
  const lesson = mark.lessonId === null ? null : lessonIdOf({ id: mark.lessonId });
  const sameWork = source.child.marks.filter(
    (other) => other.lessonId === mark.lessonId && other.workType === mark.workType,
  );
  return {
    id,
    id_str: twin(id),
    type: mark.scale === 'hundred' ? 'mark100' : 'mark5',
    value: mark.value,
    textValue: mark.value,
    person,
    person_str: twin(person),
    work,
    work_str: twin(work),
    lesson,
    lesson_str: lesson === null ? null : twin(lesson),
    number: Math.max(sameWork.indexOf(mark), 0),
    date: `${mark.date}T00:00:00`,
    workType: source.workTypes[workTypeIndex(source, mark.workType)]?.id ?? null,
    mood: MOODS[mark.five] ?? 'NotSet',
    use_avg_calc: true,
  };
}

/** `GET /v2/persons/{p}/schools/{s}/marks/{from}/{to}`: the child's marks dated within the range. */
export function renderMarks(child: SeedChild, from: string, to: string): MarkWire[] {
  const source = diarySource(child);
  return child.marks
    .filter((mark) => mark.date >= from && mark.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
    .map((mark) => markPayload(source, mark));
}

function markWorkPayload(source: DiarySource, mark: SeedMark): WorkWire {
  const id = markWorkId(source, mark);
  const type = source.workTypes[workTypeIndex(source, mark.workType)];
  const lesson = mark.lessonId === null ? null : lessonIdOf({ id: mark.lessonId });
  const group = groupOfSubject(source.child, mark.subjectId);
  return {
    id,
    id_str: twin(id),
    type: WORK_KINDS[type?.kind ?? ''] ?? 'DefaultNewLessonWork',
    workType: type?.id ?? null,
    markType: 'Mark5',
    markCount: 1,
    lesson,
    lesson_str: lesson === null ? null : twin(lesson),
    displayInJournal: true,
    status: 'Sent',
    eduGroup: group,
    eduGroup_str: twin(group),
    tasks: [],
    text: mark.workType,
    periodNumber: null,
    periodType: null,
    subjectId: subjectIdOf(mark.subjectId),
    isImportant: (type?.weight ?? 1) >= 3,
    targetDate: `${mark.date}T00:00:00`,
    sentDate: null,
    createdBy: teacherIdOf(source.child, teacherOf(source.child, mark.subjectId)),
    files: [],
    oneDriveLinks: [],
  };
}

/** A homework: a `Homework` work whose `lesson` is the lesson it is due at and whose task says whether it was done. */
export function homeworkPayload(source: DiarySource, homework: SeedHomework): WorkWire {
  const { child } = source;
  const id = homeworkIdOf(homework);
  const person = personIdOf(child);
  const lesson = homework.lessonId === null ? null : lessonIdOf({ id: homework.lessonId });
  const group = groupOfSubject(child, homework.subjectId);
  const homeworkType = source.workTypes.find((type) => type.name === 'Домашняя работа');
  return {
    id,
    id_str: twin(id),
    type: 'Homework',
    workType: homeworkType?.id ?? null,
    markType: null,
    markCount: 0,
    lesson,
    lesson_str: lesson === null ? null : twin(lesson),
    displayInJournal: true,
    status: 'Sent',
    eduGroup: group,
    eduGroup_str: twin(group),
    tasks: [
      {
        id,
        id_str: twin(id),
        person,
        person_str: twin(person),
        work: id,
        work_str: twin(id),
        status: homework.isDone ? 'Done' : 'NotDone',
        targetDate: `${homework.dueOn}T00:00:00`,
      },
    ],
    text: homework.text,
    periodNumber: null,
    periodType: null,
    subjectId: subjectIdOf(homework.subjectId),
    isImportant: false,
    targetDate: `${homework.dueOn}T00:00:00`,
    sentDate: `${homework.assignedOn}T00:00:00`,
    createdBy: teacherIdOf(child, teacherOf(child, homework.subjectId)),
    files: homework.attachments.map((_, index) => fileIdOf(homework, index)),
    oneDriveLinks: [],
  };
}

function lessonStatus(lesson: SeedLesson): string {
  if (lesson.cancelled) return 'Cancelled';
  return lesson.replaced ? 'Replaced' : 'Planned';
}

function lessonPayload(source: DiarySource, lesson: SeedLesson): ScheduleLessonWire {
  const { child } = source;
  const works = child.marks.filter((mark) => mark.lessonId === lesson.id).map((mark) => markWorkId(source, mark));
  return {
    id: lessonIdOf(lesson),
    title: lesson.topic ?? '',
    date: `${lesson.date}T${lesson.start}:00`,
    number: lesson.number,
    subjectId: subjectIdOf(lesson.subjectId),
    status: lessonStatus(lesson),
    building: null,
    place: lesson.room,
    floor: null,
    hours: `${lesson.start} - ${lesson.end}`,
    works: [...new Set(works)],
    teachers: [teacherIdOf(child, teacherOf(child, lesson.subjectId))],
  };
}

/** The log entry of a missed lesson or late arrival: `Ill` (sickness), `Late`, or `Absent`. */
export function logEntryPayload(child: SeedChild, lesson: SeedLesson): LogEntryWire | null {
  if (!lesson.missed) return null;
  const person = personIdOf(child);
  const id = lessonIdOf(lesson);
  const status = lesson.missed.late ? 'Late' : lesson.missed.reasonId === 6 ? 'Ill' : 'Absent';
  return {
    person,
    person_str: twin(person),
    lesson: id,
    lesson_str: twin(id),
    comment: '',
    status,
    createdDate: `${lesson.date}T${lesson.end}:00`,
  };
}

/** `GET /v2/persons/{p}/lesson-log-entries?startDate&endDate`: the child's entries for lessons within the range. */
export function renderLogEntries(child: SeedChild, from: string, to: string): LogEntryWire[] {
  return child.lessons
    .filter((lesson) => lesson.date >= from && lesson.date <= to)
    .flatMap((lesson) => logEntryPayload(child, lesson) ?? []);
}

function teacherPayload(child: SeedChild, teacher: string): { person: PersonWire; role: string } {
  const [lastName = '', firstName = '', middleName = null] = teacher.split(' ');
  const id = teacherIdOf(child, teacher);
  return {
    person: {
      id,
      id_str: twin(id),
      userId: userIdOf(id),
      userId_str: twin(userIdOf(id)),
      firstName,
      lastName,
      middleName,
      shortName: null,
      sex: null,
    },
    role: 'Teacher',
  };
}

function midnight(date: string, timeZone: string): string {
  return zonedTimestamp(instantAt(date, '00:00', timeZone), timeZone);
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

/** One day of `GET /v2/persons/{p}/groups/{g}/schedules`. Marks given outside the shown timetable still list their works. */
export function renderDay(source: DiarySource, date: string): DayWire {
  const { child } = source;
  const lessons = child.lessons.filter((lesson) => lesson.date === date);
  const marks = child.marks.filter((mark) => mark.date === date);
  const homework = child.homework.filter((entry) => entry.dueOn === date);
  const subjectIds = new Set([...lessons, ...marks, ...homework].map((item) => item.subjectId));
  const usedTypes = new Set(marks.map((mark) => mark.workType));
  const nextDate = child.lessons.find((lesson) => lesson.date > date)?.date;
  return {
    date: midnight(date, child.timeZone),
    lessons: lessons.map((lesson) => lessonPayload(source, lesson)),
    marks: marks.map((mark) => markPayload(source, mark)),
    works: unique(marks, (mark) => String(markWorkId(source, mark))).map((mark) => markWorkPayload(source, mark)),
    homeworks: homework.map((entry) => homeworkPayload(source, entry)),
    subjects: child.subjects
      .filter((subject) => subjectIds.has(subject.id))
      .map((subject) => ({ id: subjectIdOf(subject.id), name: subject.name, knowledgeAreaId: null })),
    workTypes: source.workTypes
      .filter((type) => usedTypes.has(type.name))
      .map((type) => ({
        id: type.id,
        schoolId: BigInt(child.school.id),
        abbreviation: type.abbr,
        name: type.name,
        isFinal: false,
        isImportant: type.weight >= 3,
        kindId: null,
        kind: type.kind,
      })),
    lessonLogEntries: lessons.flatMap((lesson) => logEntryPayload(child, lesson) ?? []),
    teachers: unique(
      lessons.map((lesson) => teacherOf(child, lesson.subjectId)),
      (name) => name,
    ).map((name) => teacherPayload(child, name)),
    nextDate: nextDate ? midnight(nextDate, child.timeZone) : null,
  };
}

/** `GET /v2/persons/{p}/groups/{g}/schedules?startDate&endDate` → `{days: [...]}`, one entry per calendar day. */
export function renderSchedules(child: SeedChild, from: string, to: string): { days: DayWire[] } {
  const source = diarySource(child);
  const days: DayWire[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) days.push(renderDay(source, date));
  return { days };
}
