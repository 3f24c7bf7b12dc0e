/**
 * A new invitation's code, shown once (the gateway keeps only its hash), big enough to read out over the
 * phone, with «Скопировать» where the browser allows it and what the invitee is to do with it.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import type { Invitation } from './invite-form.js';
import { invitationInstructions } from './invite-input.js';
import { sentence } from './manage-wording.js';

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

/** Whether this browser lets the page write to the clipboard (secure origins only). */
function canCopy(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';
}

/** The code of `invitation`; `onDone` hides it for good. */
export function InvitationCode(props: { invitation: Invitation; onDone: () => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const { code, grant } = props.invitation;

  // The code replaces the form's result: take keyboard and screen-reader focus to it.
  useEffect(() => box.current?.focus(), [code]);

  const copy = () => {
    navigator.clipboard.writeText(code).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

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
      <p role="status" class={copied === 'failed' ? 'manage-hint manage-hint--bad' : 'manage-hint'}>
        {copied === 'yes' ? text.copied : copied === 'failed' ? text.copyFailed : null}
      </p>
    </div>
  );
}
