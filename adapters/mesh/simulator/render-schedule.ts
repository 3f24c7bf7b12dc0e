/**
 * The family `schedule` route: one day of a child's timetable as the family app shows it — lessons with
 * their place in the day (`info: "3 урок"`) and their teacher, and the breaks between them
 * (providers.md §3.7). It is the route where МЭШ names lesson numbers and teachers; the event calendar
 * carries neither.
 */
import type { SeedChild, SeedLesson } from '../../simulation/seed.js';
import { instantAt } from '../../simulation/calendar.js';
import { eventMarkPayload } from './render-marks.js';
import type {
  ScheduleBreakActivityWire,
  ScheduleLessonActivityWire,
  ScheduleTeacherWire,
  ScheduleWire,
} from './wire.js';

/** Epoch seconds of a school-local wall-clock time. */
function utcSeconds(date: string, time: string, timeZone: string): number {
  return Math.floor(instantAt(date, time, timeZone).getTime() / 1000);
}

/** `Фамилия Имя Отчество` → МЭШ's three name fields. */
function teacherOf(fullName: string | undefined): ScheduleTeacherWire | null {
  const [last, first, ...middle] = (fullName ?? '').split(' ').filter(Boolean);
  if (!last || !first) return null;
  return { last_name: last, first_name: first, middle_name: middle.length > 0 ? middle.join(' ') : null };
}

/** Russian plural of "урок" after a count. */
function lessonsWord(count: number): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 'уроков';
  if (last === 1) return 'урок';
  return last >= 2 && last <= 4 ? 'урока' : 'уроков';
}

function lessonActivity(child: SeedChild, lesson: SeedLesson): ScheduleLessonActivityWire {
  const subject = child.subjects.find((each) => each.id === lesson.subjectId);
  const due = child.homework.filter((entry) => entry.lessonId === lesson.id);
  const missed = lesson.missed !== null && !lesson.missed.late;
  return {
    type: 'LESSON',
    info: `${lesson.number} урок`,
    begin_time: lesson.start,
    end_time: lesson.end,
    begin_utc: utcSeconds(lesson.date, lesson.start, child.timeZone),
    end_utc: utcSeconds(lesson.date, lesson.end, child.timeZone),
    room_number: lesson.room,
    room_name: `Кабинет ${lesson.room}`,
    building_name: child.school.name,
    homework_presence_status_id: due.length > 0 ? 1 : 0,
    lesson: {
      // The event calendar's `id` of the same lesson: both name the schedule item.
      schedule_item_id: lesson.id,
      subject_id: lesson.subjectId,
      subject_name: subject?.name ?? null,
      // The demo knows no stand-in's name, so a replaced lesson names nobody rather than the wrong teacher.
      teacher: lesson.replaced ? null : teacherOf(subject?.teacher),
      marks: child.marks.filter((mark) => mark.lessonId === lesson.id).map(eventMarkPayload),
      homework: due.map((entry) => entry.text).join('\n'),
      materials_count: 0,
      lesson_type: 'NORMAL',
      lesson_education_type: 'OO',
      absence_reason_id: missed ? (lesson.missed?.reasonId ?? null) : null,
      bell_id: 1000 + lesson.number,
      replaced: lesson.replaced,
      homework_count: { total_count: due.length, ready_count: due.filter((entry) => entry.isDone).length },
      is_cancelled: lesson.cancelled,
      is_missed_lesson: missed,
      is_virtual: false,
    },
  };
}

/** `GET family/mobile/v1/schedule?student_id&date`: the day's lessons by start time, with breaks between them. */
export function renderSchedule(child: SeedChild, date: string): ScheduleWire {
  const lessons = child.lessons.filter((lesson) => lesson.date === date).sort((a, b) => a.start.localeCompare(b.start));
  const activities: ScheduleWire['activities'] = [];
  lessons.forEach((lesson, index) => {
    const previous = lessons[index - 1];
    if (previous) {
      const begin = utcSeconds(date, previous.end, child.timeZone);
      const end = utcSeconds(date, lesson.start, child.timeZone);
      const pause: ScheduleBreakActivityWire = {
        type: 'BREAK',
        info: 'Перемена',
        duration: end - begin,
        begin_utc: begin,
        end_utc: end,
      };
      activities.push(pause);
    }
    activities.push(lessonActivity(child, lesson));
  });
  return {
    summary: `${lessons.length} ${lessonsWord(lessons.length)}`,
    date,
    has_homework: activities.some(
      (activity) => activity.type === 'LESSON' && activity.lesson.homework_count.total_count > 0,
    ),
    activities,
  };
}
