/**
 * The event calendar: timetable lessons as `PLAN` events with offset datetimes, and — as far as the
 * `expand` parameter asks — their marks, the homework due at them and the absence reason.
 */
import type { SeedChild, SeedLesson } from '../../simulation/seed.js';
import { instantAt, zonedTimestamp } from '../../simulation/calendar.js';
import type { EventHomeworkWire, EventsWire, EventWire } from './wire.js';
import { classUnitIdOf, groupIdOf, replacingTeacherIdOf } from './ids.js';
import { eventMarkPayload } from './render-marks.js';

/** What `expand=…` asked to inline. */
interface Expansion {
  marks: boolean;
  homework: boolean;
  absenceReason: boolean;
}

/** Reads the comma-separated `expand` parameter. */
export function readExpansion(expand: string | null): Expansion {
  const parts = new Set((expand ?? '').split(',').map((part) => part.trim()));
  return { marks: parts.has('marks'), homework: parts.has('homework'), absenceReason: parts.has('absence_reason_id') };
}

/** A school-local wall-clock time written as ISO with the zone's offset (`2026-09-01T08:30:00+03:00`). */
function zoned(date: string, time: string, timeZone: string): string {
  return zonedTimestamp(instantAt(date, time, timeZone), timeZone);
}

function homeworkOf(child: SeedChild, lesson: SeedLesson): EventHomeworkWire {
  const due = child.homework.filter((entry) => entry.lessonId === lesson.id);
  return {
    descriptions: due.map((entry) => entry.text),
    total_count: due.length,
    execute_count: due.filter((entry) => entry.isDone).length,
    presence_status_id: due.length > 0 ? 1 : null,
    entries: due.map((entry) => ({
      homework_entry_id: entry.id,
      date_assigned_on: entry.assignedOn,
      date_prepared_for: entry.dueOn,
      description: entry.text,
      attachments: entry.attachments.map((attachment) => ({ title: attachment.title, link: attachment.url })),
    })),
  };
}

function lessonEvent(child: SeedChild, lesson: SeedLesson, expansion: Expansion): EventWire {
  const subjectName = child.subjects.find((subject) => subject.id === lesson.subjectId)?.name ?? null;
  const event: EventWire = {
    id: lesson.id,
    source: 'PLAN',
    start_at: zoned(lesson.date, lesson.start, child.timeZone),
    finish_at: zoned(lesson.date, lesson.end, child.timeZone),
    title: null,
    subject_id: lesson.subjectId,
    subject_name: subjectName,
    lesson_name: subjectName,
    lesson_theme: lesson.topic,
    room_number: lesson.room,
    room_name: `Кабинет ${lesson.room}`,
    building_name: child.school.name,
    group_id: groupIdOf(child, lesson.subjectId),
    group_name: `${child.className} ${subjectName ?? ''}`.trim(),
    class_unit_ids: [classUnitIdOf(child)],
    lesson_type: 'NORMAL',
    cancelled: lesson.cancelled,
    replaced: lesson.replaced,
    replaced_teacher_id: lesson.replaced ? replacingTeacherIdOf(lesson.subjectId) : null,
    is_missed_lesson: lesson.missed !== null && !lesson.missed.late,
    nonattendance_reason_id: null,
    health_status: null,
  };
  if (expansion.absenceReason)
    event.absence_reason_id = lesson.missed && !lesson.missed.late ? lesson.missed.reasonId : null;
  if (expansion.homework) event.homework = homeworkOf(child, lesson);
  if (expansion.marks) event.marks = child.marks.filter((mark) => mark.lessonId === lesson.id).map(eventMarkPayload);
  return event;
}

/** `GET eventcalendar/v1/api/events`: the children's lessons from `from` to `to` inclusive, by start time. */
export function renderEvents(
  children: readonly SeedChild[],
  from: string,
  to: string,
  expansion: Expansion,
): EventsWire {
  const response = children
    .flatMap((child) =>
      child.lessons
        .filter((lesson) => lesson.date >= from && lesson.date <= to)
        .map((lesson) => lessonEvent(child, lesson, expansion)),
    )
    .sort((a, b) => a.start_at.localeCompare(b.start_at) || Number(a.id) - Number(b.id));
  return { total_count: response.length, response, errors: null };
}
