/**
 * «Сообщить об отсутствии»: tells the school a child will be (or was) absent on whole days, through each
 * of the child's diaries that takes notices (only МЭШ today: a child without one is told so up front, and
 * the gateway's answer is still shown if the parent sends), and withdraws a notice just sent.
 */
import { useId, useState } from 'preact/hooks';
import {
  ReportAbsenceDocument,
  WithdrawAbsenceDocument,
  type AbsenceNoticeFragment,
  type AbsenceReason,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { DashboardStudent } from '../data/types.js';
import { addDays, isoDateOf } from '../dates.js';
import { formatDayRange, FULL_DATE } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { noticeBounds, withdrawableRange } from './manage-dates.js';
import { noticeSchools, parentStudents, studentChoices, takesNotices } from './manage-students.js';
import { absenceReasons, noticeTakenText, noticeWithdrawnText, sentence } from './manage-wording.js';
import { ConfirmAction, ErrorBox, StatusLine, SubmitButton } from './parts.js';
import { useAction } from './use-manage.js';

/** The schema's bound on the comment (`ReportAbsenceInput.comment`). */
const COMMENT_MAX_LENGTH = 500;

const TEXT = {
  ru: {
    title: 'Сообщить об отсутствии',
    lead: 'Школа получит уведомление в дневнике. Сейчас уведомления принимает только МЭШ.',
    noChild: 'Сообщить можно только о ребёнке из ваших подключённых дневников; сейчас таких нет.',
    child: 'Ребёнок',
    notTaken: 'Дневник этой школы не принимает уведомления (сейчас их принимает только МЭШ). Сообщите школе иначе.',
    goesTo: (schools: string) => `Уведомление получит: ${schools} (МЭШ).`,
    from: 'Первый день',
    to: 'Последний день',
    datesHint: 'Последний день включительно; не больше 31 дня подряд.',
    reason: 'Причина',
    comment: 'Комментарий для школы (необязательно)',
    commentHint: 'До 500 знаков.',
    send: 'Отправить уведомление',
    sending: 'Отправляем…',
    sent: (child: string, days: string) => sentence(`Уведомление отправлено: ${child}, ${days}`),
    withdraw: 'Отменить уведомление',
    withdrawConfirm: 'Да, отменить',
    withdrawQuestion: (child: string, days: string) => `Отменить уведомление об отсутствии: ${child}, ${days}?`,
    withdrawn: (child: string, days: string) => sentence(`Уведомление отменено: ${child}, ${days}`),
  },
  en: {
    title: 'Report an absence',
    lead: 'The school gets a notice in the diary. Only MESH takes notices today.',
    noChild: 'You can report only for a child from your own linked diaries; there is none now.',
    child: 'Child',
    notTaken: 'This school’s diary does not take notices (only MESH does today). Tell the school another way.',
    goesTo: (schools: string) => `The notice goes to: ${schools} (MESH).`,
    from: 'First day',
    to: 'Last day',
    datesHint: 'The last day included; at most 31 days in a row.',
    reason: 'Reason',
    comment: 'Comment for the school (optional)',
    commentHint: 'Up to 500 characters.',
    send: 'Send the notice',
    sending: 'Sending…',
    sent: (child: string, days: string) => sentence(`Notice sent: ${child}, ${days}`),
    withdraw: 'Withdraw the notice',
    withdrawConfirm: 'Yes, withdraw',
    withdrawQuestion: (child: string, days: string) => `Withdraw the absence notice: ${child}, ${days}?`,
    withdrawn: (child: string, days: string) => sentence(`Notice withdrawn: ${child}, ${days}`),
  },
};

interface NoticeFields {
  studentId: string;
  from: string;
  to: string;
  reason: AbsenceReason;
  comment: string;
}

/** The absence notice section; `onChanged` after a notice was sent or withdrawn (attendance changes). */
export function AbsenceSection(props: { students: readonly DashboardStudent[]; onChanged: () => void }) {
  const text = useText(TEXT);
  const titleId = useId();
  const ownChildren = parentStudents(props.students);
  const [sent, setSent] = useState<AbsenceNoticeFragment | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const language = useLanguage();
  const sentText = (notice: AbsenceNoticeFragment) =>
    `${text.sent(notice.student.fullName, formatDayRange(notice.from, notice.to, language, FULL_DATE))} ${noticeTakenText(notice.providers, language)}`;

  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <p class="status">{text.lead}</p>
      {ownChildren.length === 0 ? (
        <p>{text.noChild}</p>
      ) : (
        <NoticeForm
          students={ownChildren}
          onSent={(notice) => {
            setDone(null);
            setSent(notice);
            props.onChanged();
          }}
        />
      )}
      {/* One live line for both outcomes, always in the page, so each new message is announced. */}
      <StatusLine message={sent ? sentText(sent) : done} />
      {sent ? (
        <SentNotice
          notice={sent}
          onWithdrawn={(message) => {
            setSent(null);
            setDone(message);
            props.onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

function NoticeForm(props: { students: readonly DashboardStudent[]; onSent: (notice: AbsenceNoticeFragment) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const action = useAction();
  const today = isoDateOf(new Date());
  const [fields, setFields] = useState<NoticeFields>(() => {
    const tomorrow = addDays(today, 1);
    // The first child whose diary takes notices: the one a parent most likely came for.
    const first = props.students.find(takesNotices) ?? props.students[0];
    return { studentId: first?.id ?? '', from: tomorrow, to: tomorrow, reason: 'ILLNESS', comment: '' };
  });
  const change = (patch: Partial<NoticeFields>) => {
    action.clear();
    setFields((previous) => {
      const next = { ...previous, ...patch };
      // Moving the first day past the last takes the last along: a one-day notice stays one day.
      return next.to < next.from ? { ...next, to: next.from } : next;
    });
  };
  const student = props.students.find((candidate) => candidate.id === fields.studentId) ?? props.students[0];
  const bounds = noticeBounds(today, fields.from);
  const schools = student ? noticeSchools(student) : [];

  const submit = (event: Event) => {
    event.preventDefault();
    if (!student) return;
    const comment = fields.comment.trim();
    void action.run(async () => {
      const { data } = await clientFor(language).request(ReportAbsenceDocument, {
        input: {
          studentId: student.id,
          from: fields.from,
          to: fields.to,
          reason: fields.reason,
          ...(comment === '' ? {} : { comment }),
        },
      });
      props.onSent(data.reportAbsence);
    });
  };

  return (
    <form class="manage-form" onSubmit={submit} noValidate>
      <label for={`${id}-child`}>{text.child}</label>
      <select
        id={`${id}-child`}
        value={student?.id ?? ''}
        onChange={(event) => change({ studentId: event.currentTarget.value })}
        aria-describedby={student && (schools.length > 0 || !takesNotices(student)) ? `${id}-where` : undefined}
      >
        {studentChoices(props.students).map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      {student && !takesNotices(student) ? (
        <p id={`${id}-where`} class="notice notice--warn manage-gap-top">
          {text.notTaken}
        </p>
      ) : schools.length > 0 ? (
        <p id={`${id}-where`} class="manage-hint">
          {text.goesTo(schools.join(', '))}
        </p>
      ) : null}
      <div class="manage-dates">
        <div>
          <label for={`${id}-from`}>{text.from}</label>
          <input
            id={`${id}-from`}
            type="date"
            required
            min={bounds.fromMin}
            aria-describedby={`${id}-dates-hint`}
            value={fields.from}
            onInput={(event) => change({ from: event.currentTarget.value })}
          />
        </div>
        <div>
          <label for={`${id}-to`}>{text.to}</label>
          <input
            id={`${id}-to`}
            type="date"
            required
            min={bounds.toMin}
            max={bounds.toMax}
            aria-describedby={`${id}-dates-hint`}
            value={fields.to}
            onInput={(event) => change({ to: event.currentTarget.value })}
          />
        </div>
      </div>
      <p id={`${id}-dates-hint`} class="manage-hint">
        {text.datesHint}
      </p>
      <label for={`${id}-reason`}>{text.reason}</label>
      <select
        id={`${id}-reason`}
        value={fields.reason}
        onChange={(event) => change({ reason: event.currentTarget.value as AbsenceReason })}
      >
        {absenceReasons(language).map((reason) => (
          <option key={reason.value} value={reason.value}>
            {reason.label}
          </option>
        ))}
      </select>
      <label for={`${id}-comment`}>{text.comment}</label>
      <textarea
        id={`${id}-comment`}
        rows={3}
        maxLength={COMMENT_MAX_LENGTH}
        aria-describedby={`${id}-comment-hint`}
        value={fields.comment}
        onInput={(event) => change({ comment: event.currentTarget.value })}
      />
      <p id={`${id}-comment-hint`} class="manage-hint">
        {text.commentHint}
      </p>
      <SubmitButton running={action.running} label={text.send} busyLabel={text.sending} />
      <ErrorBox message={action.error} />
    </form>
  );
}

function SentNotice(props: { notice: AbsenceNoticeFragment; onWithdrawn: (message: string) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { notice } = props;
  const range = withdrawableRange(notice, isoDateOf(new Date()));

  const withdraw = () =>
    action.run(async () => {
      if (!range) return;
      const { data } = await clientFor(language).request(WithdrawAbsenceDocument, {
        input: { studentId: notice.student.id, ...range },
      });
      const withdrawn = data.withdrawAbsence;
      props.onWithdrawn(
        `${text.withdrawn(withdrawn.student.fullName, formatDayRange(withdrawn.from, withdrawn.to, language, FULL_DATE))} ${noticeWithdrawnText(withdrawn.providers, language)}`,
      );
    });

  return (
    <div class="manage-sent">
      {range && notice.providers.length > 0 ? (
        <div class="manage-actions">
          <ConfirmAction
            label={text.withdraw}
            question={text.withdrawQuestion(
              notice.student.fullName,
              formatDayRange(range.from, range.to, language, FULL_DATE),
            )}
            confirmLabel={text.withdrawConfirm}
            action={action}
            onConfirm={withdraw}
          />
        </div>
      ) : null}
      <ErrorBox message={action.error} />
    </div>
  );
}
