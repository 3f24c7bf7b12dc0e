/**
 * «У меня есть код приглашения»: for the person a parent invited (a grandmother, a nanny), who signed in
 * as themselves and types the code the parent passed on.
 */
import { useId, useState } from 'preact/hooks';
import { AcceptTrustedPersonInvitationDocument } from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { sentence } from './manage-wording.js';
import { ErrorBox, StatusLine, SubmitButton } from './parts.js';
import { useAction } from './use-manage.js';

/** The schema's bound on the code (`acceptTrustedPersonInvitation(code)`). */
const CODE_MAX_LENGTH = 128;

const TEXT = {
  ru: {
    code: 'Код приглашения',
    hint: 'Код, который вам передал родитель. Вы должны войти под тем именем или телефоном, что указал родитель.',
    accept: 'Принять приглашение',
    accepting: 'Принимаем…',
    empty: 'Введите код приглашения.',
    accepted: (child: string, day: string) =>
      `${sentence(`Приглашение принято: ${child}, до ${day}`)} Дневник ребёнка теперь на вкладке «Дети».`,
    someChild: 'ребёнок',
  },
  en: {
    code: 'Invitation code',
    hint: 'The code the parent gave you. Sign in with the name or phone the parent gave.',
    accept: 'Accept the invitation',
    accepting: 'Accepting…',
    empty: 'Enter the invitation code.',
    accepted: (child: string, day: string) =>
      `${sentence(`Invitation accepted: ${child}, until ${day}`)} The child’s diary is now under «Children».`,
    someChild: 'a child',
  },
};

/** The acceptance form; `onAccepted` after the gateway took the code. */
export function AcceptForm(props: { onAccepted: () => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const action = useAction();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const typed = code.trim();
    if (typed === '') {
      setProblem(text.empty);
      return;
    }
    setDone(null);
    void action.run(async () => {
      const { data } = await clientFor(language).request(AcceptTrustedPersonInvitationDocument, { code: typed });
      const access = data.acceptTrustedPersonInvitation;
      setCode('');
      setDone(text.accepted(access.student?.fullName ?? text.someChild, formatInstantDay(access.expiresAt, language)));
      props.onAccepted();
    });
  };

  return (
    <form class="manage-form" onSubmit={submit} noValidate>
      <label for={`${id}-code`}>{text.code}</label>
      <input
        id={`${id}-code`}
        type="text"
        autoComplete="off"
        autoCapitalize="off"
        spellcheck={false}
        maxLength={CODE_MAX_LENGTH}
        aria-describedby={`${id}-hint`}
        value={code}
        onInput={(event) => {
          setProblem(null);
          action.clear();
          setCode(event.currentTarget.value);
        }}
      />
      <p id={`${id}-hint`} class="manage-hint">
        {text.hint}
      </p>
      <SubmitButton running={action.running} label={text.accept} busyLabel={text.accepting} />
      <ErrorBox message={problem ?? action.error} />
      <StatusLine message={done} />
    </form>
  );
}
