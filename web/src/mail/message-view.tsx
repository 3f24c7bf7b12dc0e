/**
 * One message opened: its whole text and attachments (links), who wrote it to whom and when, the children it
 * concerns, «Ответить» where the viewer may answer, and the conversation it belongs to (`messageThread`),
 * oldest first. Opening an unread inbox message as a parent marks it read in diaries that do so (Eljur), and
 * the list behind is told. A trusted person never marks a parent's message read: an unread one shows them its
 * start only, with why.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import {
  MessageThreadDocument,
  OpenMessageDocument,
  type MessageItemFragment,
  type OpenMessageQuery,
} from '@diary-gateway/client';
import { useLanguage, useText } from '../i18n.js';
import { Loaded } from '../manage/parts.js';
import { useLoad } from '../manage/use-manage.js';
import { whenText } from './mail-list.js';
import { mailHash } from './mail-route.js';
import { childrenText, personText } from './mail-words.js';
import { Attachments, BackLink, MailMeta } from './opened-parts.js';
import { DraftOpener, useFocusAfterClose } from './draft-parts.js';
import { ReplyForm } from './reply-form.js';

type Opened = NonNullable<OpenMessageQuery['viewer']['message']>;

const TEXT = {
  ru: {
    from: 'От',
    to: 'Кому',
    when: 'Когда',
    children: 'Дети',
    noSubject: '(без темы)',
    gone: 'Такого сообщения нет: возможно, его удалили в дневнике.',
    previewOnly:
      'Родитель ещё не открыл это сообщение. Чтобы оно не стало прочитанным за него, здесь видно только начало:',
    reply: 'Ответить',
    thread: 'Переписка',
    thisOne: 'это сообщение',
    sentBy: (name: string) => `От: ${name}`,
  },
  en: {
    from: 'From',
    to: 'To',
    when: 'When',
    children: 'Children',
    noSubject: '(no subject)',
    gone: 'There is no such message: it may have been deleted in the diary.',
    previewOnly:
      'The parent has not opened this message yet. So that it does not become read for them, only its start is shown:',
    reply: 'Reply',
    thread: 'Conversation',
    thisOne: 'this message',
    sentBy: (name: string) => `From: ${name}`,
  },
};

/** The message `id` of `folder` opened; `onOpened` tells the list behind how it stands now (read). */
export function MessageView(props: {
  id: string;
  folder: 'inbox' | 'sent';
  /** Whether the message's diary takes files with a reply (`MessagingFeatures.sendAttachments`). */
  takesFiles: (provider: string) => boolean;
  /** The longest text a reply through the diary may have (`textLimit`, draft-check.ts). */
  textLimit: (provider: string) => number;
  onOpened: (message: MessageItemFragment) => void;
}) {
  const text = useText(TEXT);
  const [revision, setRevision] = useState(0);
  const opened = useLoad(OpenMessageDocument, 0, { id: props.id });
  const message = opened.state.kind === 'ready' ? opened.state.data.viewer.message : null;
  const { onOpened } = props;
  useEffect(() => {
    if (message) onOpened(message);
  }, [message, onOpened]);

  return (
    <article class="mail-open">
      <BackLink folder={props.folder} />
      <Loaded state={opened.state} reload={opened.reload}>
        {(data) =>
          data.viewer.message ? (
            <>
              <OpenedMessage
                message={data.viewer.message}
                takesFiles={props.takesFiles}
                textLimit={props.textLimit}
                onReplied={() => setRevision((value) => value + 1)}
              />
              <Conversation
                threadId={data.viewer.message.threadId}
                currentId={data.viewer.message.id}
                revision={revision}
              />
            </>
          ) : (
            <p class="notice notice--warn">{text.gone}</p>
          )
        }
      </Loaded>
    </article>
  );
}

function OpenedMessage(props: {
  message: Opened;
  takesFiles: (provider: string) => boolean;
  textLimit: (provider: string) => number;
  onReplied: () => void;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { message } = props;
  const [replying, setReplying] = useState(false);
  const [told, setTold] = useState<string | null>(null);
  const focus = useFocusAfterClose(replying);

  return (
    <>
      <MailMeta
        title={message.subject === '' ? text.noSubject : message.subject}
        rows={[
          [text.from, personText(message.sender, language)],
          [text.to, message.recipients.map((person) => personText(person, language)).join(', ')],
          [text.when, whenText(message.sentAt, language)],
          [text.children, childrenText(message.students)],
        ]}
        provider={message.provider}
      />
      {message.text === null ? (
        <>
          <p class="notice notice--warn">{text.previewOnly}</p>
          <p class="mail-text">{message.preview}</p>
        </>
      ) : (
        <p class="mail-text">{message.text}</p>
      )}
      <Attachments attachments={message.attachments} />
      <DraftOpener
        focus={focus}
        told={told}
        label={text.reply}
        show={message.canReply && !replying}
        onOpen={() => {
          setTold(null);
          setReplying(true);
        }}
      />
      {replying ? (
        <ReplyForm
          messageId={message.id}
          provider={message.provider}
          senderName={message.sender.name}
          takesFiles={props.takesFiles(message.provider)}
          textLimit={props.textLimit(message.provider)}
          onSent={(words) => {
            setTold(words);
            focus.closing('status');
            setReplying(false);
            props.onReplied();
          }}
          onCancel={() => {
            focus.closing('trigger');
            setReplying(false);
          }}
        />
      ) : null}
    </>
  );
}

/** The conversation of `threadId`, oldest first, the opened message marked and the others a link away. */
function Conversation(props: { threadId: string; currentId: string; revision: number }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const id = useId();
  const thread = useLoad(MessageThreadDocument, props.revision, { id: props.threadId });
  const messages = thread.state.kind === 'ready' ? (thread.state.data.viewer.messageThread?.messages ?? []) : [];
  // One message alone is no conversation: the message above is all of it.
  if (thread.state.kind === 'ready' && messages.length < 2) return null;
  return (
    <section class="mail-thread" aria-labelledby={id}>
      <h4 id={id}>{text.thread}</h4>
      <Loaded state={thread.state} reload={thread.reload}>
        {() => (
          <ol class="mail-thread__list">
            {messages.map((item) => {
              const current = item.id === props.currentId;
              const folder = item.folder === 'SENT' ? 'sent' : 'inbox';
              return (
                <li
                  key={item.id}
                  class={current ? 'mail-thread__item mail-thread__item--current' : 'mail-thread__item'}
                  aria-current={current ? 'true' : undefined}
                >
                  <p class="mail-thread__head">
                    <span>{text.sentBy(item.sender.name)}</span>
                    <span class="mail-item__when">{whenText(item.sentAt, language)}</span>
                  </p>
                  {current ? (
                    <p class="manage-tight">
                      <strong>{item.subject || text.noSubject}</strong> <span class="status">({text.thisOne})</span>
                    </p>
                  ) : (
                    <p class="manage-tight">
                      <a href={mailHash({ folder, openId: item.id })}>{item.subject || text.noSubject}</a>
                    </p>
                  )}
                  <p class="mail-thread__preview">{item.text ?? item.preview}</p>
                </li>
              );
            })}
          </ol>
        )}
      </Loaded>
    </section>
  );
}
