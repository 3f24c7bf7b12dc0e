/** The last two weeks' marks of one child, newest first (the «Оценки» sub-section's body). */
import type { DashboardGradeFragment, ProviderKind } from '@diary-gateway/client';
import type { IsoDate } from '../dates.js';
import { DAY_MONTH, formatDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { providerName } from '../providers.js';
import { gradeLabels, gradeTone, recentGrades } from './recent-grades.js';

const TEXT = {
  ru: { none: 'За две недели оценок нет', mark: 'Оценка' },
  en: { none: 'No marks in the last two weeks', mark: 'Mark' },
};

/** How many of the newest marks the closed sub-section's hint lists. */
const HINT_MARKS = 6;

/** The closed sub-section's hint: the newest marks as written («5 4 87 3/5»), or that there are none. */
export function useGradesHint(grades: readonly DashboardGradeFragment[], today: IsoDate): string {
  const text = useText(TEXT);
  const recent = recentGrades(grades, today);
  if (recent.length === 0) return text.none;
  const shown = recent.slice(0, HINT_MARKS).map((grade) => grade.value.raw);
  return recent.length > HINT_MARKS ? `${shown.join(' ')} …` : shown.join(' ');
}

/** The marks of the last 14 days, newest first, each with its labels and the teacher's comment. */
export function RecentGrades(props: {
  grades: readonly DashboardGradeFragment[];
  today: IsoDate;
  /** The child's first diary when it has several: a mark from another one says which it comes from. */
  primaryProvider: ProviderKind | null;
}) {
  const text = useText(TEXT);
  const recent = recentGrades(props.grades, props.today);
  if (recent.length === 0) return <p class="empty">{text.none}</p>;
  return (
    <ul class="rows">
      {recent.map((grade) => (
        <GradeRow key={grade.id} grade={grade} primaryProvider={props.primaryProvider} />
      ))}
    </ul>
  );
}

function GradeRow(props: { grade: DashboardGradeFragment; primaryProvider: ProviderKind | null }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { grade } = props;
  const details = [
    grade.workType,
    props.primaryProvider !== null && grade.provider !== props.primaryProvider
      ? providerName(grade.provider, language)
      : null,
  ].filter((part) => part !== null);
  return (
    <li class="row grade">
      {/* The mark exactly as entered («87», «5/4», «зачёт»); its colour only repeats what it says. */}
      <span class={`row__lead grade__value grade__value--${gradeTone(grade.value.fivePoint)}`}>
        <span class="visually-hidden">{text.mark} </span>
        {grade.value.raw}
      </span>
      <div class="row__main">
        <p class="row__line">
          <span class="row__title">{grade.subject.name}</span>
          <span class="row__date">{formatDay(grade.date, language, DAY_MONTH)}</span>
        </p>
        {details.length > 0 || gradeLabels(grade, language).length > 0 ? (
          <p class="row__details">
            {details.join(' · ')}
            {gradeLabels(grade, language).map((label) => (
              <span key={label.kind} class={`tag tag--${label.kind}`}>
                {label.text}
              </span>
            ))}
          </p>
        ) : null}
        {grade.comment ? <p class="row__comment">{grade.comment}</p> : null}
      </div>
    </li>
  );
}
