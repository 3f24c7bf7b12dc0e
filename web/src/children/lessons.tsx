/** Today's and tomorrow's lessons of one child (the «Уроки» sub-section's body). */
import type { DashboardLessonFragment, ProviderKind } from '@diary-gateway/client';
import type { DashboardRange } from '../dates.js';
import { formatDay, WEEKDAY_DAY_MONTH } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { providerName } from '../providers.js';
import { lessonDays, lessonTime, type LessonDay } from './lesson-days.js';
import { absenceText } from './words.js';

const TEXT = {
  ru: {
    today: 'Сегодня',
    tomorrow: 'Завтра',
    none: 'Уроков нет',
    lesson: 'Урок',
    room: (room: string) => `каб. ${room}`,
    replaced: 'замена',
    cancelled: 'отменён',
    hint: (today: number, tomorrow: number) => `сегодня ${today || 'нет'}, завтра ${tomorrow || 'нет'}`,
  },
  en: {
    today: 'Today',
    tomorrow: 'Tomorrow',
    none: 'No lessons',
    lesson: 'Lesson',
    room: (room: string) => `room ${room}`,
    replaced: 'substitution',
    cancelled: 'cancelled',
    hint: (today: number, tomorrow: number) => `today ${today || 'none'}, tomorrow ${tomorrow || 'none'}`,
  },
};

/** The closed sub-section's hint: how many lessons today and tomorrow (cancelled ones not counted). */
export function useLessonsHint(schedule: readonly DashboardLessonFragment[], range: DashboardRange): string {
  const text = useText(TEXT);
  const [today, tomorrow] = lessonDays(schedule, range).map(
    (day) => day.lessons.filter((lesson) => !lesson.isCancelled).length,
  ) as [number, number];
  return text.hint(today, tomorrow);
}

/** The lessons, in two groups: «Сегодня» and «Завтра». */
export function Lessons(props: {
  schedule: readonly DashboardLessonFragment[];
  range: DashboardRange;
  /** The child's first diary when it has several: a lesson from another one says which it comes from. */
  primaryProvider: ProviderKind | null;
}) {
  return (
    <>
      {lessonDays(props.schedule, props.range).map((day) => (
        <LessonDayList key={day.which} day={day} primaryProvider={props.primaryProvider} />
      ))}
    </>
  );
}

function LessonDayList(props: { day: LessonDay; primaryProvider: ProviderKind | null }) {
  const text = useText(TEXT);
  const language = useLanguage();
  return (
    <div class="day">
      <h4 class="day__title">
        {props.day.which === 'today' ? text.today : text.tomorrow}
        <span class="day__date">{formatDay(props.day.date, language, WEEKDAY_DAY_MONTH)}</span>
      </h4>
      {props.day.lessons.length === 0 ? (
        <p class="empty">{text.none}</p>
      ) : (
        <ol class="rows">
          {props.day.lessons.map((lesson) => (
            <LessonRow key={lesson.id} lesson={lesson} primaryProvider={props.primaryProvider} />
          ))}
        </ol>
      )}
    </div>
  );
}

function LessonRow(props: { lesson: DashboardLessonFragment; primaryProvider: ProviderKind | null }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { lesson } = props;
  const time = lessonTime(lesson);
  const details = [
    lesson.room ? text.room(lesson.room) : null,
    lesson.teacher?.fullName ?? null,
    props.primaryProvider !== null && lesson.provider !== props.primaryProvider
      ? providerName(lesson.provider, language)
      : null,
  ].filter((part) => part !== null);
  // A cancelled lesson is struck through AND says «отменён»: strike-through alone is lost on a screen reader.
  const Name = lesson.isCancelled ? 's' : 'span';
  return (
    <li class={`row lesson${lesson.isCancelled ? ' lesson--cancelled' : ''}`}>
      <span class="row__lead lesson__number">
        <span class="visually-hidden">{text.lesson} </span>
        {lesson.number ?? '·'}
      </span>
      <div class="row__main">
        <p class="row__line">
          {time ? <span class="lesson__time">{time}</span> : null}
          <Name class="row__title">{lesson.subject.name}</Name>
          {lesson.isCancelled ? <span class="tag tag--bad">{text.cancelled}</span> : null}
          {lesson.isReplaced ? <span class="tag tag--warn">{text.replaced}</span> : null}
          {lesson.absence ? <span class="tag tag--bad">{absenceText(lesson.absence, language)}</span> : null}
        </p>
        {details.length > 0 ? <p class="row__details">{details.join(' · ')}</p> : null}
        {lesson.topic ? <p class="row__details row__details--quiet">{lesson.topic}</p> : null}
      </div>
    </li>
  );
}
