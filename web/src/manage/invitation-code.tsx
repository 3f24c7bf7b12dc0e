/**
 * A new invitation's code, shown once (the gateway keeps only its hash), big enough to read out over the
 * phone, with «Скопировать» where the browser allows it and what the invitee is to do with it.
 */
import { useId } from 'preact/hooks';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import type { Invitation } from './invite-form.js';
import { invitationInstructions } from './invite-input.js';
import { sentence } from './manage-wording.js';
import { canCopy, CopyStatus, useShownOnce } from './shown-once.js';

const TEXT = {
  ru: {
    title: 'Код приглашения',
    once: 'Код показан один раз: скопируйте или запишите его сейчас.',
    copy: 'Скопировать',
    copied: 'Код скопирован.',
    copyFailed: 'Не удалось скопировать: выделите код и скопируйте его вручную.',
    until: (day: string) => sentence(`Приглашение и доступ действуют до ${day}`),
    done: 'Готово, код передан',
  },
  en: {
    title: 'Invitation code',
    once: 'The code is shown only once: copy or write it down now.',
    copy: 'Copy',
    copied: 'The code is copied.',
    copyFailed: 'Could not copy: select the code and copy it by hand.',
    until: (day: string) => sentence(`The invitation and the access last until ${day}`),
    done: 'Done, the code is passed on',
  },
};

/** The code of `invitation`; `onDone` hides it for good. */
export function InvitationCode(props: { invitation: Invitation; onDone: () => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const titleId = useId();
  const { code, grant } = props.invitation;
  const { box, copied, copy } = useShownOnce(code);

  return (
    <div class="manage-code" ref={box} tabIndex={-1} role="region" aria-labelledby={titleId}>
      <h4 id={titleId}>{text.title}</h4>
      <p class="manage-code__value" translate={false}>
        {code}
      </p>
      <p class="manage-tight">
        <strong>{text.once}</strong>
      </p>
      <p class="manage-tight">
        {invitationInstructions(grant.inviteeLabel, grant.student?.fullName ?? null, language)}
      </p>
      <p class="manage-tight status">{text.until(formatInstantDay(grant.expiresAt, language))}</p>
      <div class="manage-actions">
        {canCopy() ? (
          <button type="button" class="button button--primary" onClick={copy}>
            {text.copy}
          </button>
        ) : null}
        <button type="button" class="button" onClick={props.onDone}>
          {text.done}
        </button>
      </div>
      <CopyStatus copied={copied} copiedText={text.copied} failedText={text.copyFailed} />
    </div>
  );
}
