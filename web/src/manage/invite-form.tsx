/**
 * The invitation form: the child, the invitee by full name or phone, and (optionally) the last day of
 * access. What the parent typed stays when the gateway refuses it; the code of an accepted invitation is
 * handed up to be shown once.
 */
import { useId, useState } from 'preact/hooks';
import { InviteTrustedPersonDocument, type InviteTrustedPersonMutation } from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { DashboardStudent } from '../data/types.js';
import { isoDateOf } from '../dates.js';
import { useLanguage, useText } from '../i18n.js';
import { INVITEE_MAX_LENGTH, inviteInput, type InviteFields, type InviteeBy } from './invite-input.js';
import { grantEndBounds } from './manage-dates.js';
import { studentChoices } from './manage-students.js';
import { ErrorBox, MessagesScopeHint, SubmitButton } from './parts.js';
import { useAction } from './use-manage.js';

/** An invitation the gateway made: its code (shown once) and grant. */
export type Invitation = InviteTrustedPersonMutation['inviteTrustedPerson'];

const TEXT = {
  ru: {
    child: 'Ребёнок',
    by: 'Как указать приглашённого',
    byName: 'По фамилии, имени и отчеству',
    byPhone: 'По номеру мобильного телефона',
    fullName: 'Фамилия, имя и отчество',
    fullNameHint: 'Как в Госуслугах приглашённого, например «Иванова Галина Петровна».',
    phone: 'Мобильный телефон',
    phoneHint: 'Номер, указанный в Госуслугах приглашённого, например +7 999 123-45-67.',
    until: 'Доступ до (необязательно)',
    untilHint: 'Если не указать, доступ действует 90 дней. Не дольше года.',
    messages: 'Может читать сообщения и объявления',
    invite: 'Пригласить',
    inviting: 'Приглашаем…',
    student: 'Выберите ребёнка.',
    invitee: 'Укажите, кого пригласить: фамилию, имя и отчество или телефон.',
  },
  en: {
    child: 'Child',
    by: 'How to name the invitee',
    byName: 'By full name',
    byPhone: 'By mobile phone number',
    fullName: 'Full name',
    fullNameHint: 'As in the invitee’s Gosuslugi, for example «Иванова Галина Петровна».',
    phone: 'Mobile phone',
    phoneHint: 'The number in the invitee’s Gosuslugi, for example +7 999 123-45-67.',
    until: 'Access until (optional)',
    untilHint: 'Left empty, access lasts 90 days. At most a year.',
    messages: 'May read messages and notices',
    invite: 'Invite',
    inviting: 'Inviting…',
    student: 'Choose the child.',
    invitee: 'Say whom to invite: full name or phone.',
  },
};

/** The invitation form for `students` (the viewer's own children); `onInvited` gets the new invitation. */
export function InviteForm(props: {
  students: readonly DashboardStudent[];
  onInvited: (invitation: Invitation) => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const action = useAction();
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<InviteFields>(() => ({
    studentId: props.students[0]?.id ?? '',
    by: 'FULL_NAME',
    fullName: '',
    phone: '',
    until: '',
    messages: false,
  }));
  const bounds = grantEndBounds(isoDateOf(new Date()));
  const change = (patch: Partial<InviteFields>) => {
    setProblem(null);
    action.clear();
    setFields((previous) => ({ ...previous, ...patch }));
  };
  // A child who left the list (an account unlinked) is not offered: fall back to the first one.
  const studentId = props.students.some((student) => student.id === fields.studentId)
    ? fields.studentId
    : (props.students[0]?.id ?? '');

  const submit = (event: Event) => {
    event.preventDefault();
    const input = inviteInput({ ...fields, studentId });
    if ('problem' in input) {
      setProblem(input.problem === 'student' ? text.student : text.invitee);
      return;
    }
    void action.run(async () => {
      const { data } = await clientFor(language).request(InviteTrustedPersonDocument, { input });
      // Sent: the invitee's field is cleared for the next one; child and date stay.
      setFields((previous) => ({ ...previous, fullName: '', phone: '' }));
      props.onInvited(data.inviteTrustedPerson);
    });
  };

  return (
    <form class="manage-form" onSubmit={submit} noValidate>
      <label for={`${id}-child`}>{text.child}</label>
      <select
        id={`${id}-child`}
        value={studentId}
        onChange={(event) => change({ studentId: event.currentTarget.value })}
      >
        {studentChoices(props.students).map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      <fieldset class="manage-fieldset">
        <legend>{text.by}</legend>
        {(['FULL_NAME', 'PHONE'] as const satisfies readonly InviteeBy[]).map((by) => (
          <label key={by} class="manage-choice">
            <input
              type="radio"
              name={`${id}-by`}
              value={by}
              checked={fields.by === by}
              onChange={() => change({ by })}
            />
            {by === 'PHONE' ? text.byPhone : text.byName}
          </label>
        ))}
      </fieldset>
      <label for={`${id}-invitee`}>{fields.by === 'PHONE' ? text.phone : text.fullName}</label>
      {fields.by === 'PHONE' ? (
        <input
          id={`${id}-invitee`}
          key="phone"
          type="tel"
          autoComplete="off"
          maxLength={INVITEE_MAX_LENGTH.PHONE}
          aria-describedby={`${id}-invitee-hint`}
          value={fields.phone}
          onInput={(event) => change({ phone: event.currentTarget.value })}
        />
      ) : (
        <input
          id={`${id}-invitee`}
          key="fullName"
          type="text"
          autoComplete="off"
          maxLength={INVITEE_MAX_LENGTH.FULL_NAME}
          aria-describedby={`${id}-invitee-hint`}
          value={fields.fullName}
          onInput={(event) => change({ fullName: event.currentTarget.value })}
        />
      )}
      <p id={`${id}-invitee-hint`} class="manage-hint">
        {fields.by === 'PHONE' ? text.phoneHint : text.fullNameHint}
      </p>
      <label for={`${id}-until`}>{text.until}</label>
      <input
        id={`${id}-until`}
        type="date"
        min={bounds.min}
        max={bounds.max}
        aria-describedby={`${id}-until-hint`}
        value={fields.until}
        onInput={(event) => change({ until: event.currentTarget.value })}
      />
      <p id={`${id}-until-hint`} class="manage-hint">
        {text.untilHint}
      </p>
      <label class="manage-choice manage-gap-top">
        <input
          type="checkbox"
          aria-describedby={`${id}-messages-hint`}
          checked={fields.messages}
          onChange={(event) => change({ messages: event.currentTarget.checked })}
        />
        {text.messages}
      </label>
      <p id={`${id}-messages-hint`} class="manage-hint">
        <MessagesScopeHint />
      </p>
      <SubmitButton running={action.running} label={text.invite} busyLabel={text.inviting} />
      <ErrorBox message={problem ?? action.error} />
    </form>
  );
}
