/**
 * The "recent grades" list: the query brings the whole school year (the progress section needs it), the
 * card shows the last two weeks, newest first, each mark with the labels that change what it means
 * (weight, exam, a МЭШ «точка» and its deadline, a mark that does not count).
 */
import type { DashboardGradeFragment } from '@diary-gateway/client';
import { addDays, type IsoDate } from '../dates.js';
import { dotted, formatNumber } from '../format.js';
import type { Language } from '../i18n.js';

/** How many days (today included) the recent list covers. */
export const RECENT_DAYS = 14;

/**
 * The grades of the last {@link RECENT_DAYS} days up to `today`, newest first: by lesson day, then by
 * when the teacher entered them where both say, else the later in the gateway's list (oldest first) first.
 */
export function recentGrades<G extends Pick<DashboardGradeFragment, 'date' | 'createdAt'>>(
  grades: readonly G[],
  today: IsoDate,
  days = RECENT_DAYS,
): G[] {
  const since = addDays(today, -(days - 1));
  return grades
    .map((grade, index) => ({ grade, index }))
    .filter(({ grade }) => grade.date >= since && grade.date <= today)
    .sort((a, b) => {
      if (a.grade.date !== b.grade.date) return a.grade.date < b.grade.date ? 1 : -1;
      const enteredA = a.grade.createdAt === null ? Number.NaN : Date.parse(a.grade.createdAt);
      const enteredB = b.grade.createdAt === null ? Number.NaN : Date.parse(b.grade.createdAt);
      if (!Number.isNaN(enteredA) && !Number.isNaN(enteredB) && enteredA !== enteredB) return enteredB - enteredA;
      return b.index - a.index;
    })
    .map(({ grade }) => grade);
}

/** What a label says about a mark (a CSS hook too). */
export type GradeLabelKind = 'weight' | 'exam' | 'point' | 'debt' | 'notCounted';

/** One label beside a mark. */
export interface GradeLabel {
  readonly kind: GradeLabelKind;
  readonly text: string;
}

const LABELS = {
  ru: {
    exam: 'контрольная',
    point: 'точка',
    debt: (day: string) => `долг до ${day}`,
    notCounted: 'не в среднем',
  },
  en: {
    exam: 'exam',
    point: 'point mark',
    debt: (day: string) => `debt due ${day}`,
    notCounted: 'not in the average',
  },
} as const;

/**
 * The labels of a mark, in reading order: «×2» when its weight is not 1, «контрольная» for an exam,
 * «точка» and «долг до 12.12» for a МЭШ point mark, «не в среднем» for another mark the diary does not
 * count (a point mark does not count by definition, so it is not said twice).
 */
export function gradeLabels(
  grade: Pick<DashboardGradeFragment, 'weight' | 'isExam' | 'isPoint' | 'pointDeadline' | 'countsTowardAverage'>,
  language: Language,
): GradeLabel[] {
  const words = LABELS[language];
  const labels: GradeLabel[] = [];
  if (grade.weight !== 1) labels.push({ kind: 'weight', text: `×${formatNumber(grade.weight, language)}` });
  if (grade.isExam) labels.push({ kind: 'exam', text: words.exam });
  if (grade.isPoint) labels.push({ kind: 'point', text: words.point });
  if (grade.pointDeadline) labels.push({ kind: 'debt', text: words.debt(dotted(grade.pointDeadline)) });
  if (!grade.countsTowardAverage && !grade.isPoint) labels.push({ kind: 'notCounted', text: words.notCounted });
  return labels;
}

/** A colour band for a mark's five-point reading: an extra cue only, the mark itself is always written. */
export type GradeTone = 'top' | 'good' | 'fair' | 'low' | 'plain';

/** The band of `fivePoint` (5, 4, 3, 2 and below; `plain` when the mark has no five-point reading). */
export function gradeTone(fivePoint: number | null): GradeTone {
  if (fivePoint === null) return 'plain';
  if (fivePoint >= 4.5) return 'top';
  if (fivePoint >= 3.5) return 'good';
  if (fivePoint >= 2.5) return 'fair';
  return 'low';
}
