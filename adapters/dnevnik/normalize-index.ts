/**
 * Dnevnik.ru side-loads: a day schedule lists its lessons, marks, works, subjects, work types, log
 * entries and teachers as separate arrays that refer to each other by id (a mark names its lesson and
 * work, a lesson its subject and teachers). {@link buildDiaryIndex} joins the days of a range, the
 * school's work types (which alone carry weights) and any subject lists into maps by id, once, so every
 * normaliser can look things up instead of searching arrays.
 */
import type { Day, LogEntry, Mark, ScheduleLesson, Work, WorkType } from './payloads-diary.js';
import type { SubjectRecord } from './payloads.js';
import { dateOf, fullName, preferTwin, reference, textOrNull } from './normalize-common.js';

/** A lesson with its school-local date. */
export interface IndexedLesson {
  lesson: ScheduleLesson;
  id: string;
  date: string;
  subjectId: string | null;
}

/** A homework work with the day whose schedule listed it (its due date when the work names none). */
export interface IndexedHomework {
  work: Work;
  listedOn: string | null;
}

/** What a work type means for a mark: its name, weight and whether it is a final (period) mark. */
export interface WorkTypeInfo {
  title: string | null;
  weight: number | null;
  kind: string | null;
  isFinal: boolean;
}

/** The joined side-loads of one range. */
export interface DiaryIndex {
  /** The child the diary is about; other persons' entries are ignored. */
  personId: string;
  timeZone: string;
  lessons: ReadonlyMap<string, IndexedLesson>;
  works: ReadonlyMap<string, Work>;
  subjectNames: ReadonlyMap<string, string>;
  workTypes: ReadonlyMap<string, WorkTypeInfo>;
  /** Teacher person id → `Фамилия Имя Отчество`. */
  teachers: ReadonlyMap<string, string>;
  /** Lesson id → the child's log entry. */
  logEntries: ReadonlyMap<string, LogEntry>;
  /** The child's marks listed in the days, once each. */
  marks: readonly Mark[];
  /** Homework works listed in the days (in `homeworks`, or in `works` with `type: "Homework"`), once each. */
  homework: readonly IndexedHomework[];
  /**
   * Lesson id → the marks given at it, in the order of {@link marks}, each with its place there. Built
   * once, so that each lesson of a month finds its marks without a pass over all of them.
   */
  marksByLesson: ReadonlyMap<string, readonly PlacedMark[]>;
  /** Lesson id → the homework due at it (the work's `lesson`), in the order of {@link homework}. */
  homeworkByLesson: ReadonlyMap<string, readonly IndexedHomework[]>;
}

/** A mark and its place in {@link DiaryIndex.marks} (drift reports name it). */
export interface PlacedMark {
  mark: Mark;
  position: number;
}

/** What the index is built from. */
export interface DiaryIndexSources {
  personId: string;
  timeZone: string;
  days?: readonly Day[];
  /** `/v2/work-types/{school}`: preferred over the bundles' own work types, because only it carries weights. */
  workTypes?: readonly WorkType[];
  subjects?: readonly (readonly SubjectRecord[])[];
}

const HOMEWORK_TYPE = 'homework';

/** True when a work is homework (`type: "Homework"`). */
export function isHomeworkWork(work: Pick<Work, 'type'>): boolean {
  return (work.type ?? '').trim().toLowerCase() === HOMEWORK_TYPE;
}

/** The id of a subject record: `id_str`, else `idStr` (typed clients' spelling), else the number's digits. */
export function subjectIdOf(subject: SubjectRecord): string {
  return preferTwin(subject.id_str ?? subject.idStr, subject.id);
}

/** True when an entry names another person than the child (an entry without a person is taken as the child's). */
export function isOtherPerson(
  entry: { person?: string | null; person_str?: string | null; personStr?: string | null },
  personId: string,
): boolean {
  const person = reference(entry.person_str ?? entry.personStr, entry.person);
  return person !== null && person !== personId;
}

function indexLesson(lesson: ScheduleLesson, dayDate: string | null): IndexedLesson | null {
  const date = dateOf(lesson.date) ?? dayDate;
  if (date === null) return null;
  const subjectId = reference(null, lesson.subjectId) ?? (lesson.subject ? subjectIdOf(lesson.subject) : null);
  return { lesson, id: preferTwin(lesson.id_str, lesson.id), date, subjectId };
}

function mergeWorkType(into: Map<string, WorkTypeInfo>, workType: WorkType): void {
  const known = into.get(workType.id);
  into.set(workType.id, {
    title: known?.title ?? textOrNull(workType.title) ?? textOrNull(workType.name),
    weight: known?.weight ?? workType.weight ?? null,
    kind: known?.kind ?? textOrNull(workType.kind),
    isFinal: (known?.isFinal ?? false) || workType.isFinal === true,
  });
}

/** Joins the sources into maps by id. Later days never override what earlier ones said about the same id. */
export function buildDiaryIndex(sources: DiaryIndexSources): DiaryIndex {
  const lessons = new Map<string, IndexedLesson>();
  const works = new Map<string, Work>();
  const subjectNames = new Map<string, string>();
  const workTypes = new Map<string, WorkTypeInfo>();
  const teachers = new Map<string, string>();
  const logEntries = new Map<string, LogEntry>();
  const marks = new Map<string, Mark>();
  const homework = new Map<string, IndexedHomework>();
  const { personId } = sources;

  for (const workType of sources.workTypes ?? []) mergeWorkType(workTypes, workType);
  for (const subject of (sources.subjects ?? []).flat()) {
    if (!subjectNames.has(subjectIdOf(subject))) subjectNames.set(subjectIdOf(subject), subject.name);
  }
  for (const day of sources.days ?? []) {
    const dayDate = dateOf(day.date);
    for (const lesson of day.lessons ?? []) {
      const indexed = indexLesson(lesson, dayDate);
      if (indexed && !lessons.has(indexed.id)) lessons.set(indexed.id, indexed);
    }
    for (const subject of day.subjects ?? []) {
      if (!subjectNames.has(subjectIdOf(subject))) subjectNames.set(subjectIdOf(subject), subject.name);
    }
    for (const workType of day.workTypes ?? []) mergeWorkType(workTypes, workType);
    for (const teacher of day.teachers ?? []) {
      const name = fullName(teacher.person);
      const id = preferTwin(teacher.person.id_str, teacher.person.id);
      if (name !== null && !teachers.has(id)) teachers.set(id, name);
    }
    for (const entry of day.lessonLogEntries ?? []) {
      const lessonId = preferTwin(entry.lesson_str, entry.lesson);
      if (!isOtherPerson(entry, personId) && !logEntries.has(lessonId)) logEntries.set(lessonId, entry);
    }
    for (const mark of day.marks ?? []) {
      const id = preferTwin(mark.id_str, mark.id);
      if (!isOtherPerson(mark, personId) && !marks.has(id)) marks.set(id, mark);
    }
    for (const [work, listedAsHomework] of [
      ...(day.works ?? []).map((work) => [work, false] as const),
      ...(day.homeworks ?? []).map((work) => [work, true] as const),
    ]) {
      const id = preferTwin(work.id_str, work.id);
      if (!works.has(id)) works.set(id, work);
      if ((listedAsHomework || isHomeworkWork(work)) && !homework.has(id))
        homework.set(id, { work, listedOn: dayDate });
    }
  }
  const markList = [...marks.values()];
  const homeworkList = [...homework.values()];
  return {
    personId,
    timeZone: sources.timeZone,
    lessons,
    works,
    subjectNames,
    workTypes,
    teachers,
    logEntries,
    marks: markList,
    homework: homeworkList,
    marksByLesson: groupByLesson(
      markList.map((mark, position) => ({ mark, position })),
      ({ mark }) => reference(mark.lesson_str ?? mark.lessonStr, mark.lesson),
    ),
    homeworkByLesson: groupByLesson(homeworkList, ({ work }) => reference(work.lesson_str, work.lesson)),
  };
}

/** Items by the lesson each names (none: left out), in their order. */
function groupByLesson<T>(items: readonly T[], lessonOf: (item: T) => string | null): Map<string, T[]> {
  const byLesson = new Map<string, T[]>();
  for (const item of items) {
    const lessonId = lessonOf(item);
    if (lessonId === null) continue;
    const group = byLesson.get(lessonId);
    if (group) group.push(item);
    else byLesson.set(lessonId, [item]);
  }
  return byLesson;
}
