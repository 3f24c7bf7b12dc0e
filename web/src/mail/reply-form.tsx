/**
 * «Ответить»: an answer to an inbox message, to its sender, through the message's diary (`replyToMessage`),
 * with files where the diary takes them and a text within what the diary takes. Sent once however often
 * «Отправить» is pressed (draft-parts.tsx).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ReplyToMessageDocument, type ProviderKind } from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { useLanguage, useText } from '../i18n.js';
import { draftProblem, textOverLimit } from './draft-check.js';
import { DraftActions, DraftFiles, DraftText, useDraftSend } from './draft-parts.js';
import { readAttachments } from './files.js';
import { sentText } from './mail-words.js';

const TEXT = {
  ru: {
    title: 'Ответ',
    to: (name: string) => `Кому: ${name}`,
    text: 'Текст ответа',
    send: 'Отправить ответ',
  },
  en: {
    title: 'Reply',
    to: (name: string) => `To: ${name}`,
    text: 'Your reply',
    send: 'Send the reply',
  },
};

/** The reply form under an opened message; `onSent` gets what to tell the family. */
export function ReplyForm(props: {
  messageId: string;
  provider: ProviderKind;
  senderName: string;
  takesFiles: boolean;
  /** The longest text the message's diary takes (`textLimit`, draft-check.ts). */
  textLimit: number;
  onSent: (told: string) => void;
  onCancel: () => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const send = useDraftSend();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by «Ответить»: the form takes the focus, so a keyboard or a screen reader is where the answer is written.
  useEffect(() => heading.current?.focus(), []);

  const edit = send.edited;

  const submit = (event: Event) => {
    event.preventDefault();
    const problem = draftProblem({
      provider: props.provider,
      recipients: [props.provider],
      subject: null,
      text: body,
      textLimit: props.textLimit,
      files,
    });
    if (problem) {
      send.refuse(problem);
      return;
    }
    send.send(
      props.provider,
      async (clientKey) => {
        const attachments = files.length > 0 ? await readAttachments(files) : undefined;
        const { data } = await clientFor(language).request(ReplyToMessageDocument, {
          input: { clientKey, messageId: props.messageId, text: body.trim(), ...(attachments ? { attachments } : {}) },
        });
        return data.replyToMessage;
      },
      (result) => props.onSent(sentText(result, [props.senderName], language)),
    );
  };

  return (
    <form class="mail-form mail-form--reply" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {text.title}
      </h4>
      <p class="manage-tight">{text.to(props.senderName)}</p>
      <DraftText
        value={body}
        onInput={edit(setBody)}
        label={text.text}
        limit={props.textLimit}
        provider={props.provider}
        overId={`${id}-over`}
      />
      <DraftFiles provider={props.provider} takesFiles={props.takesFiles} files={files} onChange={edit(setFiles)} />
      <DraftActions
        send={send}
        sendLabel={text.send}
        onCancel={props.onCancel}
        heldBy={textOverLimit(body, props.textLimit) ? `${id}-over` : null}
      />
    </form>
  );
}
