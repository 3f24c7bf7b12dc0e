/** Absences and late arrivals of one child over the last 30 days (the «Посещаемость» sub-section's body). */
import type { DashboardAttendanceFragment } from '@diary-gateway/client';
import { DAY_MONTH, formatDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { attendanceCounts, attendanceNewestFirst, countsText } from './attendance-summary.js';
import { absenceCountLabel, absenceText } from './words.js';

const TEXT = {
  ru: {
    none: 'Пропусков нет',
    period: 'за 30 дней',
    wholeDay: 'весь день',
    lesson: (number: number) => `${number}-й урок`,
    byKind: 'Пропуски по видам',
  },
  en: {
    none: 'No absences',
    period: 'in 30 days',
    wholeDay: 'whole day',
    lesson: (number: number) => `lesson ${number}`,
    byKind: 'Absences by kind',
  },
};

/** The closed sub-section's hint: the counts, or «Пропусков нет». */
export function useAttendanceHint(records: readonly DashboardAttendanceFragment[]): string {
  const text = useText(TEXT);
  const language = useLanguage();
  return records.length === 0 ? text.none : countsText(attendanceCounts(records), language);
}

/** The counts by kind, then every event, newest first. */
export function Attendance(props: { records: readonly DashboardAttendanceFragment[] }) {
  const text = useText(TEXT);
  const language = useLanguage();
  if (props.records.length === 0) return <p class="empty">{text.none}</p>;
  const counts = attendanceCounts(props.records);
  return (
    <>
      <p class="attendance__total">
        {countsText(counts, language)} <span class="muted">{text.period}</span>
      </p>
      {counts.byKind.length > 0 ? (
        <ul class="attendance__kinds" aria-label={text.byKind}>
          {counts.byKind.map((entry) => (
            <li key={entry.kind}>
              {absenceCountLabel(entry.kind, language)}: <strong>{entry.count}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      <ul class="rows">
        {attendanceNewestFirst(props.records).map((record, index) => (
          <AttendanceRow key={`${record.date}-${record.lesson?.id ?? 'day'}-${index}`} record={record} />
        ))}
      </ul>
    </>
  );
}

function AttendanceRow(props: { record: DashboardAttendanceFragment }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { record } = props;
  const lesson = record.lesson;
  const where = lesson
    ? [lesson.number === null ? null : text.lesson(lesson.number), lesson.subject.name]
        .filter((part) => part !== null)
        .join(', ')
    : text.wholeDay;
  return (
    <li class="row">
      <span class="row__lead row__lead--date">{formatDay(record.date, language, DAY_MONTH)}</span>
      <div class="row__main">
        <p class="row__line">
          <span class="row__title">{where}</span>
        </p>
        <p class="row__details">{absenceText(record, language)}</p>
      </div>
    </li>
  );
}
