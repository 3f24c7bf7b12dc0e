/**
 * Marks as МЭШ sends them: the `marks` route, the marks inside events, and `subject_marks` with period
 * averages, final (`fixed_value`) marks and trends computed from the child's marks.
 */
import type { SeedChild, SeedMark, SeedPeriod } from '../../simulation/seed.js';
import { shiftDate } from '../../simulation/calendar.js';
import type {
  EventMarkWire,
  MarksWire,
  MarkWire,
  PeriodMarksWire,
  SubjectMarksEntryWire,
  SubjectMarksWire,
} from './wire.js';
import { FIVE_POINT_SYSTEM_ID, HUNDRED_POINT_SYSTEM_ID } from './ids.js';

/** Marks newer than this many days count as "recent" when the trend (`dynamic`) is computed. */
const TREND_WINDOW_DAYS = 14;

/** A mark inside an event: no date or subject fields. */
export function eventMarkPayload(mark: SeedMark): EventMarkWire {
  const hundredScale = mark.scale === 'hundred';
  return {
    id: mark.id,
    value: mark.value,
    values: [
      {
        name: hundredScale ? '100-балльная' : '5-балльная',
        nmax: hundredScale ? 100 : 5,
        grade: { origin: mark.value, five: mark.five, hundred: mark.hundred },
        grade_system_id: hundredScale ? HUNDRED_POINT_SYSTEM_ID : FIVE_POINT_SYSTEM_ID,
        grade_system_type: mark.scale,
      },
    ],
    comment: mark.comment,
    comment_exists: mark.comment !== null,
    weight: mark.weight,
    point_date: mark.pointDeadline,
    control_form_name: mark.workType,
    is_exam: mark.isExam,
    is_point: mark.isPoint,
    original_grade_system_type: mark.scale,
    criteria: null,
    created_at: mark.createdAt,
    updated_at: mark.createdAt,
  };
}

function subjectName(child: SeedChild, subjectId: number): string {
  return child.subjects.find((subject) => subject.id === subjectId)?.name ?? '';
}

/** A mark of the `marks` route: the event form plus its date and subject. */
export function markPayload(child: SeedChild, mark: SeedMark): MarkWire {
  return {
    ...eventMarkPayload(mark),
    date: mark.date,
    subject_id: mark.subjectId,
    subject_name: subjectName(child, mark.subjectId),
  };
}

function byDateThenId(a: SeedMark, b: SeedMark): number {
  return a.date.localeCompare(b.date) || a.id - b.id;
}

/** `GET family/mobile/v1/marks`: the child's marks dated within `from…to`. */
export function renderMarks(child: SeedChild, from: string, to: string): MarksWire {
  const marks = child.marks.filter((mark) => mark.date >= from && mark.date <= to).sort(byDateThenId);
  return { payload: marks.map((mark) => markPayload(child, mark)) };
}

/** Weighted average of five-point equivalents, or `null` without marks. */
function weightedAverage(marks: readonly SeedMark[]): number | null {
  const weight = marks.reduce((sum, mark) => sum + mark.weight, 0);
  return weight === 0 ? null : marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / weight;
}

/** МЭШ writes averages as strings with two decimals. */
function averageText(marks: readonly SeedMark[]): string | null {
  const average = weightedAverage(marks);
  return average === null ? null : average.toFixed(2);
}

/** `UP`/`DOWN` when the recent marks moved the average since `today − 14 days`, else `NONE`. */
function trend(marks: readonly SeedMark[], today: string): 'UP' | 'DOWN' | 'NONE' {
  const before = weightedAverage(marks.filter((mark) => mark.date < shiftDate(today, -TREND_WINDOW_DAYS)));
  const now = weightedAverage(marks);
  if (before === null || now === null || Math.abs(now - before) < 0.005) return 'NONE';
  return now > before ? 'UP' : 'DOWN';
}

function dotted(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

function periodPayload(
  child: SeedChild,
  period: SeedPeriod,
  marks: readonly SeedMark[],
  subjectId: number,
  today: string,
): PeriodMarksWire {
  const inPeriod = marks.filter((mark) => mark.date >= period.start && mark.date <= period.end);
  const final = child.finalMarks.find((entry) => entry.subjectId === subjectId && entry.periodTitle === period.title);
  return {
    title: period.title,
    start: dotted(period.start),
    end: dotted(period.end),
    start_iso: period.start,
    end_iso: period.end,
    value: averageText(inPeriod),
    fixed_value: final?.value ?? null,
    count: inPeriod.length,
    dynamic: trend(inPeriod, today),
    marks: inPeriod.map((mark) => markPayload(child, mark)),
    target: null,
  };
}

/**
 * `GET family/mobile/v1/subject_marks`: every subject with its year average and the periods that have
 * marks or a final mark. `today` (the simulator's clock, Moscow date) anchors the trends.
 */
export function renderSubjectMarks(child: SeedChild, today: string): SubjectMarksWire {
  const payload = child.subjects.map((subject): SubjectMarksEntryWire => {
    const marks = child.marks.filter((mark) => mark.subjectId === subject.id).sort(byDateThenId);
    const periods = child.periods
      .map((period) => periodPayload(child, period, marks, subject.id, today))
      .filter((period) => (period.count ?? 0) > 0 || period.fixed_value !== null);
    return {
      subject_name: subject.name,
      subject_id: subject.id,
      average: averageText(marks),
      average_by_all: averageText(marks),
      dynamic: trend(marks, today),
      year_mark: null,
      periods,
    };
  });
  return { payload };
}
