/**
 * Demo homework: most lessons have homework due, set at the subject's previous lesson, so the list runs
 * from the past through the upcoming two weeks. Past homework is mostly done, upcoming mostly not, and a
 * few assignments carry links to the Moscow e-library (uchebnik.mos.ru), unless the plan says its
 * homework never does (an art school, a club).
 */
import type { DemoHomework, DemoLesson } from '../demo-family.js';
import type { CurriculumPlan } from './curriculum.js';
import { homeworkIdOf } from './ids.js';
import { chance, intBetween, pick, randomFor, type Random } from './random.js';

const HOMEWORK_SHARE = 0.8;
const ATTACHMENT_SHARE = 0.08;
const DONE_WHEN_PAST = 0.85;
const DONE_WHEN_UPCOMING = 0.2;
const ATTACHMENT_KINDS = [
  { title: 'Презентация к уроку', path: 'lesson_templates' },
  { title: 'Рабочий лист', path: 'atomic_objects' },
  { title: 'Видеоурок', path: 'atomic_objects' },
] as const;

/** Homework due at the given lessons (cancelled lessons neither set nor receive homework). */
export function buildHomework(
  key: string,
  slot: number,
  plan: CurriculumPlan,
  lessons: readonly DemoLesson[],
  today: string,
): DemoHomework[] {
  const previousBySubject = new Map<number, DemoLesson>();
  const homework: DemoHomework[] = [];
  for (const lesson of lessons) {
    if (lesson.cancelled) continue;
    const setAt = previousBySubject.get(lesson.subjectId);
    previousBySubject.set(lesson.subjectId, lesson);
    const random = randomFor(key, 'homework', lesson.id);
    if (!setAt || !chance(random, HOMEWORK_SHARE)) continue;
    homework.push(homeworkFor(slot, plan, setAt, lesson, today, random));
  }
  if (plan.libraryLinks === false) return homework.map((entry) => ({ ...entry, attachments: [] }));
  // The demo must show attachments near today, whatever the dice said.
  const firstUpcoming = homework.find((entry) => entry.dueOn >= today);
  if (firstUpcoming && firstUpcoming.attachments.length === 0)
    firstUpcoming.attachments.push(attachment(randomFor(key, 'attachment', firstUpcoming.id)));
  return homework;
}

function homeworkFor(
  slot: number,
  plan: CurriculumPlan,
  setAt: DemoLesson,
  due: DemoLesson,
  today: string,
  random: Random,
): DemoHomework {
  const subject = plan.subjects.find((candidate) => candidate.id === due.subjectId);
  const template = pick(random, subject?.homework ?? ['Повторить материал урока']);
  const first = intBetween(random, 12, 180);
  const text = template.replace('{a}', String(first)).replace('{b}', String(first + intBetween(random, 2, 9)));
  const attachments = chance(random, ATTACHMENT_SHARE) ? [attachment(random)] : [];
  let isDone = false;
  if (setAt.date <= today) isDone = chance(random, due.date < today ? DONE_WHEN_PAST : DONE_WHEN_UPCOMING);
  return {
    id: homeworkIdOf(slot, due.date, due.number),
    subjectId: due.subjectId,
    assignedOn: setAt.date,
    dueOn: due.date,
    lessonId: due.id,
    text,
    attachments,
    isDone,
  };
}

function attachment(random: Random): { title: string; url: string } {
  const kind = pick(random, ATTACHMENT_KINDS);
  return {
    title: kind.title,
    url: `https://uchebnik.mos.ru/material_view/${kind.path}/${intBetween(random, 1_000_000, 9_999_999)}`,
  };
}
