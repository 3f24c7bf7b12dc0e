/**
 * The demo timetable: the weekly plan laid over every school day of the year, with a topic on most
 * lessons. Disruptions (replacements, cancellations, absences) are applied afterwards by `disruptions.ts`.
 */
import type { DemoLesson } from '../demo-family.js';
import { addDays, isoWeekday } from '../../domain/dates.js';
import { isSchoolDay, type SchoolCalendar } from './calendar.js';
import { BELLS, subjectNamed, type CurriculumPlan, type SubjectPlan } from './curriculum.js';
import { lessonIdOf } from './ids.js';
import { chance, randomFor } from './random.js';

/** Who the lessons are for: a stable key for seeding and a slot for ids. */
export interface LessonOwner {
  key: string;
  slot: number;
  plan: CurriculumPlan;
}

/** Share of lessons that carry no topic (teachers do not always fill it in). */
const NO_TOPIC_SHARE = 0.1;
/** Study weeks in a Russian school year. */
const SCHOOL_WEEKS = 34;

/** Every lesson from the start of the school year to `lastDay`, in date and lesson order. */
export function buildYearLessons(owner: LessonOwner, calendar: SchoolCalendar, lastDay: string): DemoLesson[] {
  const lessons: DemoLesson[] = [];
  const taught = new Map<number, number>();
  const perWeek = weeklyCounts(owner.plan);
  for (let date = calendar.yearStart; date <= lastDay; date = addDays(date, 1)) {
    if (!isSchoolDay(calendar, date)) continue;
    const day = owner.plan.week[isoWeekday(date) - 1] ?? [];
    day.forEach((subjectName, index) => {
      const subject = subjectNamed(owner.plan, subjectName);
      const occurrence = taught.get(subject.id) ?? 0;
      taught.set(subject.id, occurrence + 1);
      lessons.push(lessonAt(owner, subject, date, index + 1, topicFor(owner, subject, date, occurrence, perWeek)));
    });
  }
  return lessons;
}

function lessonAt(
  owner: LessonOwner,
  subject: SubjectPlan,
  date: string,
  number: number,
  topic: string | null,
): DemoLesson {
  const [start, end] = (owner.plan.bells ?? BELLS)[number - 1] ?? ['15:20', '16:05'];
  return {
    id: lessonIdOf(owner.slot, date, number),
    date,
    number,
    start,
    end,
    subjectId: subject.id,
    room: subject.room,
    topic,
    cancelled: false,
    replaced: false,
    missed: null,
  };
}

/**
 * The topic list is spread evenly over a school year of about 34 weeks, so a topic lasts several
 * lessons; lessons past the usual year (the summer stretch of `calendar.ts`) revise from the start.
 */
function topicFor(
  owner: LessonOwner,
  subject: SubjectPlan,
  date: string,
  occurrence: number,
  perWeek: ReadonlyMap<number, number>,
): string | null {
  if (chance(randomFor(owner.key, 'topic', date, subject.id, occurrence), NO_TOPIC_SHARE)) return null;
  const lessonsInYear = (perWeek.get(subject.id) ?? 1) * SCHOOL_WEEKS;
  const topicIndex = Math.floor((occurrence * subject.topics.length) / lessonsInYear);
  const topic = subject.topics[topicIndex % subject.topics.length] ?? subject.name;
  return topicIndex < subject.topics.length ? topic : `Повторение: ${topic}`;
}

function weeklyCounts(plan: CurriculumPlan): Map<number, number> {
  const counts = new Map<number, number>();
  for (const day of plan.week) {
    for (const name of day) {
      const id = subjectNamed(plan, name).id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** The distinct lesson dates, ascending. */
export function lessonDates(lessons: readonly DemoLesson[]): string[] {
  return [...new Set(lessons.map((lesson) => lesson.date))].sort();
}
