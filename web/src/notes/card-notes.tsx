/**
 * A child's card, after the first paint: teachers' remarks of the last 30 days (a sub-section that opens and
 * closes, shown when there are any) and whether this week of the diary is signed, with «Подписать неделю» for a
 * parent where the diary takes signatures (МЭШ «Ознакомлен»). One request brings every child's (the cards share
 * it); a chunk of its own, loaded after the cards (child-card.tsx). When it cannot be loaded the card shows
 * what it showed before.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import {
  ChildNotesDocument,
  SignDiaryWeekDocument,
  type ChildNotesQuery,
  type WeekSignatureFragment,
} from '@diary-gateway/client';
import { Disclosure } from '../children/disclosure.js';
import { clientFor } from '../data/api.js';
import type { DashboardStudent } from '../data/types.js';
import { DAY_MONTH, formatDay } from '../format.js';
import { useLanguage, useText, type Language } from '../i18n.js';
import { ConfirmAction, ErrorBox, StatusLine } from '../manage/parts.js';
import { useAction } from '../manage/use-manage.js';
import { providerName } from '../providers.js';
import { remarkKindText, remarkRange, remarksHint, signatureText, weekText } from './notes-words.js';
import '../manage/manage.css';
import './notes.css';

type ChildNotes = ChildNotesQuery['viewer']['students'][number];

const TEXT = {
  ru: {
    remarks: 'Замечания учителей',
    signature: 'Подпись дневника',
    week: (week: string) => `Неделя ${week}`,
    sign: 'Подписать неделю',
    signConfirm: 'Да, подписать',
    signQuestion: (week: string, diary: string) =>
      `Подписать неделю ${week} в дневнике ${diary}? Это отметка «Ознакомлен»: отменить её здесь нельзя.`,
    signed: (week: string) => `Неделя ${week} подписана.`,
  },
  en: {
    remarks: 'Teachers’ remarks',
    signature: 'Diary signature',
    week: (week: string) => `Week ${week}`,
    sign: 'Sign the week',
    signConfirm: 'Yes, sign',
    signQuestion: (week: string, diary: string) =>
      `Sign the week ${week} in ${diary}? It marks the diary as read by a parent («Ознакомлен»); it cannot be undone here.`,
    signed: (week: string) => `The week ${week} is signed.`,
  },
};

/** The one request of a revision, shared by every card: the latest only. */
let shared: { key: string; answer: Promise<ChildNotesQuery> } | null = null;

function notesOf(language: Language, today: string, revision: number): Promise<ChildNotesQuery> {
  const key = `${language}|${today}|${revision}`;
  if (shared?.key !== key) {
    const answer = clientFor(language)
      .request(ChildNotesDocument, { ...remarkRange(today), week: today })
      .then(({ data }) => data);
    shared = { key, answer };
  }
  return shared.answer;
}

/** `studentId`'s remarks and signatures, loaded again when `revision` changes (the dashboard was reloaded). */
function useChildNotes(studentId: string, today: string, revision: number): ChildNotes | null {
  const language = useLanguage();
  const [notes, setNotes] = useState<ChildNotes | null>(null);
  useEffect(() => {
    let current = true;
    notesOf(language, today, revision).then(
      (data) => current && setNotes(data.viewer.students.find((student) => student.id === studentId) ?? null),
      // Not loaded: the card keeps what it showed (the dashboard's freshness says when a diary is down).
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [language, today, revision, studentId]);
  return notes;
}

/** The remarks and the week's signature of `student`'s card. */
export function CardNotes(props: { student: DashboardStudent; today: string; revision: number; openParts: boolean }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const notes = useChildNotes(props.student.id, props.today, props.revision);
  if (!notes) return null;
  return (
    <>
      {notes.remarks.length > 0 ? (
        <Disclosure
          title={text.remarks}
          hint={remarksHint(notes.remarks.length, language)}
          defaultOpen={props.openParts}
        >
          <ul class="rows">
            {notes.remarks.map((remark) => (
              <li key={remark.id} class="row">
                <span class="row__lead row__lead--date">{formatDay(remark.date, language, DAY_MONTH)}</span>
                <div class="row__main">
                  <p class="row__line">
                    <span class="row__title">{remark.subjectName ?? remarkKindText(remark.kind, language)}</span>
                    <span
                      class={
                        remark.kind === 'PRAISE' ? 'tag tag--good' : remark.kind === 'REMARK' ? 'tag tag--warn' : 'tag'
                      }
                    >
                      {remarkKindText(remark.kind, language)}
                    </span>
                  </p>
                  <p class="remark__text">{remark.text}</p>
                  {remark.teacherName ? <p class="row__details row__details--quiet">{remark.teacherName}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        </Disclosure>
      ) : null}
      {notes.diarySignatures.length > 0 ? (
        <WeekSignatures student={props.student} signatures={notes.diarySignatures} />
      ) : null}
    </>
  );
}

/** This week's signature in each of the child's diaries that keeps them, with «Подписать неделю» where a parent can. */
function WeekSignatures(props: { student: DashboardStudent; signatures: readonly WeekSignatureFragment[] }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const action = useAction();
  const [signatures, setSignatures] = useState(props.signatures);
  const [told, setTold] = useState<string | null>(null);
  useEffect(() => setSignatures(props.signatures), [props.signatures]);
  const parent = props.student.access === 'PARENT';
  const manyDiaries = new Set(signatures.map((signature) => signature.provider)).size > 1;

  const sign = (signature: WeekSignatureFragment) =>
    action.run(async () => {
      const { data } = await clientFor(language).request(SignDiaryWeekDocument, {
        input: { studentId: props.student.id, week: signature.weekStart, provider: signature.provider },
      });
      const answered = data.signDiaryWeek;
      setSignatures((shown) =>
        shown.map(
          (entry) =>
            answered.find((next) => next.provider === entry.provider && next.weekStart === entry.weekStart) ?? entry,
        ),
      );
      setTold(text.signed(weekText(signature.weekStart, language)));
    });

  return (
    <section class="part sign">
      <div class="part__head">
        <h3 id={id} class="part__title sign__title">
          {text.signature}
        </h3>
      </div>
      <ul class="sign__list" aria-labelledby={id}>
        {signatures.map((signature) => {
          const week = weekText(signature.weekStart, language);
          const diary = providerName(signature.provider, language);
          const context = `${props.student.firstName}, ${diary}`;
          return (
            <li key={`${signature.provider}-${signature.weekStart}`} class="sign__item">
              <p class="sign__state">
                {text.week(week)}
                {manyDiaries ? ` (${diary})` : ''}: {signatureText(signature, parent, language)}
              </p>
              {parent && signature.canSign && !signature.signed ? (
                <div class="manage-actions">
                  <ConfirmAction
                    label={text.sign}
                    labelContext={context}
                    question={text.signQuestion(week, diary)}
                    confirmLabel={text.signConfirm}
                    action={action}
                    onConfirm={() => sign(signature)}
                    calm
                  />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <StatusLine message={told} />
      <ErrorBox message={action.error} />
    </section>
  );
}
