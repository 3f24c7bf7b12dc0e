/**
 * Marks as Eljur sends them: the child's marks with string ids and values (`"5"`, the split `"3/5"` with
 * `convert: 4`), absences and the late arrival as `Н`/`ОП` marks, and phantom marks with an empty value;
 * `getmarks` with averages as strings, and `getfinalassessments` by period name.
 */
import type { SeedChild } from '../../simulation/seed.js';
import type { FinalAssessmentsWire, MarkWire, MarksWire } from './wire.js';
import { hasPhantomMark, mtypeOf, periodNameOf, titleOf } from './ids.js';

/** One mark of the child, placed by day, subject and (when it has one) lesson. */
export interface PlacedMark {
  date: string;
  subjectId: number;
  lessonId: number | null;
  kind: 'mark' | 'attendance' | 'phantom';
  /** The mark as `getmarks` sends it; `getdiary` swaps `mtype` for `control_type`. */
  payload: MarkWire;
}

const ORDER = { mark: 0, attendance: 1, phantom: 2 } as const;

function absencePayload(date: string, subjectId: number, late: boolean): MarkWire {
  return {
    value: late ? 'ОП' : 'Н',
    convert: 0,
    countas: 0,
    count: false,
    date,
    lesson_id: String(subjectId),
    comment: '',
    lesson_comment: null,
    max_mark: null,
    color_hex: '#e53935',
  };
}

function phantomPayload(date: string, subjectId: number): MarkWire {
  return {
    value: '',
    convert: 0,
    countas: 0,
    count: false,
    weight: 1,
    weight_float: 1,
    date,
    lesson_id: String(subjectId),
    comment: '',
    lesson_comment: null,
    max_mark: null,
    color_hex: null,
  };
}

/**
 * Every mark of the child up to `today`, in Eljur's order (day, subject, then real marks, attendance,
 * phantoms), each with `nm`, its index within its subject's day.
 */
export function placeMarks(child: SeedChild, today: string): PlacedMark[] {
  const placed: PlacedMark[] = [];
  for (const mark of child.marks) {
    const payload: MarkWire = {
      value: mark.value,
      convert: mark.five,
      countas: String(mark.five),
      count: true,
      weight: mark.weight,
      weight_float: mark.weight,
      date: mark.date,
      lesson_id: String(mark.subjectId),
      comment: mark.comment ?? '',
      lesson_comment: null,
      max_mark: null,
      color_hex: null,
      mtype: mtypeOf(mark.workType),
    };
    placed.push({ date: mark.date, subjectId: mark.subjectId, lessonId: mark.lessonId, kind: 'mark', payload });
  }
  for (const lesson of child.lessons.filter((candidate) => candidate.date <= today)) {
    if (lesson.missed) {
      const payload = absencePayload(lesson.date, lesson.subjectId, lesson.missed.late === true);
      placed.push({ date: lesson.date, subjectId: lesson.subjectId, lessonId: lesson.id, kind: 'attendance', payload });
    }
    if (hasPhantomMark(lesson, today)) {
      placed.push({
        date: lesson.date,
        subjectId: lesson.subjectId,
        lessonId: lesson.id,
        kind: 'phantom',
        payload: phantomPayload(lesson.date, lesson.subjectId),
      });
    }
  }
  placed.sort((a, b) => a.date.localeCompare(b.date) || a.subjectId - b.subjectId || ORDER[a.kind] - ORDER[b.kind]);
  const counters = new Map<string, number>();
  return placed.map((mark) => {
    const key = `${mark.date}|${mark.subjectId}`;
    const nm = (counters.get(key) ?? 0) + 1;
    counters.set(key, nm);
    return { ...mark, payload: { ...mark.payload, nm: String(nm) } };
  });
}

/** Eljur's average: weighted mean of `convert` over counted marks, as a string with two decimals; `""` without. */
function averageOf(marks: readonly PlacedMark[]): { average: string; averageConvert: number } {
  const counted = marks.filter((mark) => mark.kind === 'mark');
  const weight = counted.reduce((sum, mark) => sum + Number(mark.payload.weight ?? 1), 0);
  if (weight === 0) return { average: '', averageConvert: 0 };
  const average =
    counted.reduce((sum, mark) => sum + Number(mark.payload.convert) * Number(mark.payload.weight ?? 1), 0) / weight;
  return { average: average.toFixed(2), averageConvert: Math.floor(average) };
}

/** `getmarks`: every subject of the child with its marks dated within `from…to`. */
export function renderMarks(child: SeedChild, from: string, to: string, today: string): MarksWire {
  const inRange = placeMarks(child, today).filter((mark) => mark.date >= from && mark.date <= to);
  const lessons = child.subjects.map((subject) => {
    const marks = inRange.filter((mark) => mark.subjectId === subject.id);
    return {
      name: subject.name,
      lesson_id: String(subject.id),
      ...averageOf(marks),
      color_hex: null,
      marks: marks.map((mark) => mark.payload),
    };
  });
  return { students: { [String(child.studentId)]: { name: String(child.studentId), title: titleOf(child), lessons } } };
}

/** `getfinalassessments`: every subject with its final marks by period name (`[]` when there are none yet). */
export function renderFinalAssessments(child: SeedChild): FinalAssessmentsWire {
  const items = child.subjects.map((subject) => ({
    name: subject.name,
    assessments: child.finalMarks
      .filter((final) => final.subjectId === subject.id)
      .map((final) => ({
        period: periodNameOf(child.periods.findIndex((period) => period.title === final.periodTitle)),
        value: final.value,
        convert: Number(final.value),
        comment: '',
        color_hex: null,
      })),
  }));
  return { students: { [String(child.studentId)]: { name: String(child.studentId), title: titleOf(child), items } } };
}
