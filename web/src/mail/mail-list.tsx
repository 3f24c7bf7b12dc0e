/**
 * A merged list of the mail view: what is missing from it and why (a diary that does not answer, or one
 * whose mail this service cannot read), its items, «Показать ещё», and an empty list said in words — never a
 * blank page. Each item is a link to its opened form (the address's hash), so the back button closes it.
 */
import type { ComponentChildren } from 'preact';
import type { MessageItemFragment, NoticeItemFragment } from '@diary-gateway/client';
import { clockText } from '../format.js';
import { useLanguage, useText, type Language } from '../i18n.js';
import { Loaded } from '../manage/parts.js';
import { mailHash, type MailFolder } from './mail-route.js';
import { itemPlaceText, sourceNotes, type ListKind } from './mail-words.js';
import type { MailListState } from './use-mail-list.js';

const TEXT = {
  ru: {
    more: 'Показать ещё',
    loadingMore: 'Загрузка…',
    added: (count: number) => `Показано ещё: ${count}.`,
    empty: { inbox: 'Входящих сообщений нет.', sent: 'Отправленных сообщений нет.', notices: 'Объявлений нет.' },
    unread: 'новое',
    noSubject: '(без темы)',
    files: 'вложение',
    to: 'Кому',
    important: 'важное',
  },
  en: {
    more: 'Show more',
    loadingMore: 'Loading…',
    added: (count: number) => `${count} more shown.`,
    empty: { inbox: 'No messages received.', sent: 'No messages sent.', notices: 'No notices.' },
    unread: 'new',
    noSubject: '(no subject)',
    files: 'attachment',
    to: 'To',
    important: 'important',
  },
};

/** The list of `state` in `folder`: notes on missing diaries, the items by `render`, and «Показать ещё». */
export function MailList<T extends { readonly id: string }>(props: {
  folder: MailFolder;
  state: MailListState<T>;
  reload: () => void;
  more: () => void;
  /** Said when the list is empty and no diary is missing from it (a trusted person without mail, say). */
  emptyHint?: string | null;
  render: (item: T) => ComponentChildren;
}) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { state } = props;
  const kind: ListKind = props.folder === 'notices' ? 'notices' : 'messages';
  const loadState = state.kind === 'ready' ? { kind: 'ready' as const, data: state, problem: null } : state;
  return (
    <Loaded state={loadState} reload={props.reload}>
      {(ready) => {
        const notes = sourceNotes(ready.list.sources, kind, language);
        return (
          <>
            {notes.length > 0 ? (
              <ul class="mail-notes">
                {notes.map((note) => (
                  <li key={note} class="notice notice--warn">
                    {note}
                  </li>
                ))}
              </ul>
            ) : null}
            {ready.list.items.length === 0 ? (
              <p class="mail-empty">
                {text.empty[props.folder]}
                {notes.length === 0 && props.emptyHint ? ` ${props.emptyHint}` : null}
              </p>
            ) : (
              <ul class="mail-list">{ready.list.items.map((item) => props.render(item))}</ul>
            )}
            <p class="visually-hidden" role="status">
              {ready.added !== null ? text.added(ready.added) : null}
            </p>
            {ready.list.hasNextPage ? (
              <div class="manage-actions">
                <button type="button" class="button" disabled={ready.loadingMore} onClick={props.more}>
                  {ready.loadingMore ? text.loadingMore : text.more}
                </button>
              </div>
            ) : null}
            {ready.moreProblem ? (
              <p class="notice notice--error" role="alert">
                {ready.moreProblem}
              </p>
            ) : null}
          </>
        );
      }}
    </Loaded>
  );
}

/** When an item was sent or posted, on the phone's clock («22 ноября, 17:05»; today's as «17:05»). */
export function whenText(instant: string, language: Language): string {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? instant : clockText(date, new Date(), language);
}

/** One message of a list: who (from, or to in «Отправленные»), when, the subject, its start, whom it concerns. */
export function MessageRow(props: { message: MessageItemFragment; folder: MailFolder }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { message } = props;
  const unread = !message.isRead;
  const who =
    message.folder === 'SENT'
      ? message.recipients.length > 0
        ? `${text.to}: ${message.recipients.map((person) => person.name).join(', ')}`
        : null
      : message.sender.name;
  return (
    <li class={unread ? 'mail-item mail-item--unread' : 'mail-item'}>
      <a
        class="mail-item__link"
        href={mailHash({ folder: props.folder, openId: message.id })}
        data-mail-id={message.id}
      >
        <span class="mail-item__top">
          <span class="mail-item__who">{who}</span>
          <span class="mail-item__when">{whenText(message.sentAt, language)}</span>
        </span>
        <span class="mail-item__subject">
          {unread ? <span class="mail-badge mail-badge--new">{text.unread}</span> : null}
          {message.subject === '' ? text.noSubject : message.subject}
          {message.hasAttachments ? <span class="mail-badge mail-badge--file">{text.files}</span> : null}
        </span>
        <span class="mail-item__preview">{message.preview}</span>
        <span class="mail-item__place">{itemPlaceText(message.students, message.provider, language)}</span>
      </a>
    </li>
  );
}

/** One notice of a list: its title, who posted it and when, its start, whom it concerns. */
export function NoticeRow(props: { notice: NoticeItemFragment }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { notice } = props;
  const unread = notice.isRead === false;
  return (
    <li class={unread ? 'mail-item mail-item--unread' : 'mail-item'}>
      <a class="mail-item__link" href={mailHash({ folder: 'notices', openId: notice.id })} data-mail-id={notice.id}>
        <span class="mail-item__top">
          <span class="mail-item__who">{notice.author}</span>
          <span class="mail-item__when">{whenText(notice.publishedAt, language)}</span>
        </span>
        <span class="mail-item__subject">
          {unread ? <span class="mail-badge mail-badge--new">{text.unread}</span> : null}
          {notice.isImportant ? <span class="mail-badge mail-badge--important">{text.important}</span> : null}
          {notice.title === '' ? text.noSubject : notice.title}
        </span>
        <span class="mail-item__preview">{notice.preview}</span>
        <span class="mail-item__place">{itemPlaceText(notice.students, notice.provider, language)}</span>
      </a>
    </li>
  );
}
