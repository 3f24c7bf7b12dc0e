/**
 * «Один ребёнок в нескольких дневниках?»: pairs of children that may be one (the same name in two diaries,
 * with nothing to be sure by). The parent decides: «Это один ребёнок» merges them into one card (after a
 * confirmation), «Разные дети» keeps them apart and the pair is not suggested again.
 */
import { useId, useState } from 'preact/hooks';
import {
  ConfirmStudentMatchDocument,
  RejectStudentMatchDocument,
  StudentMatchSuggestionsDocument,
  type MatchedStudentFragment,
  type StudentMatchSuggestionsQuery,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { formatDay, FULL_DATE } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { diariesText, matchReasonText } from './manage-wording.js';
import { ConfirmAction, ErrorBox, Loaded, StatusLine } from './parts.js';
import { useAction, useLoad } from './use-manage.js';

type Suggestion = StudentMatchSuggestionsQuery['viewer']['studentMatchSuggestions'][number];

const TEXT = {
  ru: {
    title: 'Один ребёнок в нескольких дневниках?',
    lead: 'Если ребёнок есть в двух дневниках (школа и кружок), его можно показывать одной карточкой.',
    none: 'Предложений нет.',
    why: 'Почему предложено',
    className: 'Класс',
    school: 'Школа',
    diary: 'Дневник',
    birthDate: 'Дата рождения',
    same: 'Это один ребёнок',
    sameConfirm: 'Да, объединить',
    sameQuestion: (names: string) =>
      `Объединить в одну карточку: ${names}? Оценки и расписание из обоих дневников будут показаны вместе.`,
    different: 'Разные дети',
    merged: (names: string) => `Объединено: ${names}.`,
    keptApart: (names: string) => `Оставлены отдельно: ${names}. Больше не предложим.`,
  },
  en: {
    title: 'One child in several diaries?',
    lead: 'When a child is in two diaries (a school and a club), they can be shown as one card.',
    none: 'No suggestions.',
    why: 'Why suggested',
    className: 'Class',
    school: 'School',
    diary: 'Diary',
    birthDate: 'Birth date',
    same: 'The same child',
    sameConfirm: 'Yes, merge',
    sameQuestion: (names: string) =>
      `Merge into one card: ${names}? Grades and timetables from both diaries will be shown together.`,
    different: 'Different children',
    merged: (names: string) => `Merged: ${names}.`,
    keptApart: (names: string) => `Kept apart: ${names}. Not suggested again.`,
  },
};

/** The match suggestions section; `onChanged` after a decision. */
export function MatchesSection(props: { revision: number; onChanged: () => void }) {
  const text = useText(TEXT);
  const titleId = useId();
  const suggestions = useLoad(StudentMatchSuggestionsDocument, props.revision);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <p class="status">{text.lead}</p>
      <StatusLine message={done} />
      <Loaded state={suggestions.state} reload={suggestions.reload}>
        {(data) =>
          data.viewer.studentMatchSuggestions.length === 0 ? (
            <p>{text.none}</p>
          ) : (
            <ul class="manage-list">
              {data.viewer.studentMatchSuggestions.map((suggestion) => (
                <SuggestionItem
                  key={suggestion.id}
                  suggestion={suggestion}
                  onDecided={(message) => {
                    setDone(message);
                    props.onChanged();
                  }}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function SuggestionItem(props: { suggestion: Suggestion; onDecided: (message: string) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { suggestion } = props;
  const names = suggestion.students.map((student) => student.fullName).join(language === 'ru' ? ' и ' : ' and ');

  const confirm = () =>
    action.run(async () => {
      await clientFor(language).request(ConfirmStudentMatchDocument, { suggestionId: suggestion.id });
      props.onDecided(text.merged(names));
    });
  const reject = () =>
    action.run(async () => {
      await clientFor(language).request(RejectStudentMatchDocument, { suggestionId: suggestion.id });
      props.onDecided(text.keptApart(names));
    });

  return (
    <li class="manage-item">
      <p class="manage-tight">
        <strong>{text.why}:</strong> {matchReasonText(suggestion.reason, language)}.
      </p>
      <div class="manage-pair">
        {suggestion.students.map((student) => (
          <MatchedStudent key={student.id} student={student} />
        ))}
      </div>
      <div class="manage-actions">
        <ConfirmAction
          label={text.same}
          labelContext={names}
          question={text.sameQuestion(names)}
          confirmLabel={text.sameConfirm}
          action={action}
          onConfirm={confirm}
          calm
        />
        <button type="button" class="button" disabled={action.running} onClick={() => void reject()}>
          {text.different}
          <span class="visually-hidden"> {names}</span>
        </button>
      </div>
      <ErrorBox message={action.error} />
    </li>
  );
}

function MatchedStudent(props: { student: MatchedStudentFragment }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { student } = props;
  return (
    <div class="manage-pair__one">
      <p class="manage-item__title">{student.fullName}</p>
      <dl class="manage-facts">
        {student.className ? (
          <>
            <dt>{text.className}</dt>
            <dd>{student.className}</dd>
          </>
        ) : null}
        {student.school ? (
          <>
            <dt>{text.school}</dt>
            <dd>{student.school.name}</dd>
          </>
        ) : null}
        <dt>{text.diary}</dt>
        <dd>
          {diariesText(
            student.enrollments.map((enrollment) => enrollment.provider),
            language,
          )}
        </dd>
        {student.birthDate ? (
          <>
            <dt>{text.birthDate}</dt>
            <dd>{formatDay(student.birthDate, language, FULL_DATE)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
