/**
 * «Сообщения»: mail with teachers and school notices across every linked diary, in one place — «Входящие»,
 * «Отправленные», «Объявления» (the address's hash keeps the folder and the item open), a filter by child,
 * «Написать учителю» for a parent whose child's diary takes messages, and what a send did, said in a polite
 * live region. When the change feed tells of a new message or notice (`MailNews`), the open list reads its first
 * page again and merges it in, so the new item shows where the family is, and a draft being written is left as
 * it is (the forms are beside the list, not in it). A chunk of its own, loaded when the view opens (app.tsx), so
 * the first paint does not carry it.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import type { MailNews } from '../live/mail-news.js';
import {
  MailChildrenDocument,
  MessagesDocument,
  NoticesDocument,
  type MessageItemFragment,
  type NoticeItemFragment,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { useLanguage, useText } from '../i18n.js';
import { studentChoices } from '../manage/manage-students.js';
import { Loaded } from '../manage/parts.js';
import { useLoad } from '../manage/use-manage.js';
import { ComposeForm, writableChildren, type MailChild } from './compose-form.js';
import { textLimit } from './draft-check.js';
import { DraftOpener, useFocusAfterClose } from './draft-parts.js';
import { MailList, MessageRow, NoticeRow } from './mail-list.js';
import { MAIL_FOLDERS, mailHash, mailRouteOf, type MailFolder, type MailRoute } from './mail-route.js';
import { MessageView } from './message-view.js';
import { NoticeView } from './notice-view.js';
import { PAGE_SIZE } from './paging.js';
import { useMailList } from './use-mail-list.js';
import '../manage/manage.css';
import './mail.css';

const TEXT = {
  ru: {
    title: 'Сообщения',
    folders: 'Папки',
    folder: { inbox: 'Входящие', sent: 'Отправленные', notices: 'Объявления' },
    child: 'Ребёнок',
    allChildren: 'Все дети',
    write: 'Написать учителю',
    onlyShared:
      'Сообщения и объявления дневника видны доверенному лицу, только если родитель открыл их вместе с доступом к каждому ребёнку своей учётной записи.',
  },
  en: {
    title: 'Messages',
    folders: 'Folders',
    folder: { inbox: 'Inbox', sent: 'Sent', notices: 'Notices' },
    child: 'Child',
    allChildren: 'All children',
    write: 'Write to a teacher',
    onlyShared:
      'A trusted person sees a diary’s messages and notices only when the parent opened them with the access to every child of that account.',
  },
};

/** The mail view; `news` counts the new mail the change feed told of (the open list follows it). */
export function MailView(props: { news: MailNews }) {
  const text = useText(TEXT);
  const titleId = useId();
  const route = useMailRoute();
  const children = useLoad(MailChildrenDocument, 0);
  const students = children.state.kind === 'ready' ? children.state.data.viewer.students : [];
  const writable = writableChildren(students);
  const [chosenChild, setChosenChild] = useState('');
  const studentId = students.some((student) => student.id === chosenChild) ? chosenChild : '';
  const [composing, setComposing] = useState(false);
  const [told, setTold] = useState<string | null>(null);
  const [sends, setSends] = useState(0);
  const focus = useFocusAfterClose(composing);

  const takesFiles = useCallback(
    (provider: string) =>
      students.some((student) =>
        student.messaging.some((features) => features.provider === provider && features.sendAttachments),
      ),
    [students],
  );
  const textLimitOf = useCallback(
    (provider: string) =>
      textLimit(
        students.flatMap((student) => student.messaging),
        provider,
      ),
    [students],
  );
  const onlyTrusted = students.length > 0 && students.every((student) => student.access !== 'PARENT');
  const panelKey = `${route.folder}|${studentId}|${sends}`;

  return (
    <section class="card mail" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      {children.state.kind === 'failed' ? (
        // Without the children the page cannot tell whom the family may write about: said, with «Повторить».
        <Loaded state={children.state} reload={children.reload}>
          {() => null}
        </Loaded>
      ) : null}
      <DraftOpener
        focus={focus}
        told={told}
        label={text.write}
        show={writable.length > 0 && !composing && route.openId === null}
        onOpen={() => {
          setTold(null);
          setComposing(true);
        }}
      />
      {composing ? (
        <ComposeForm
          students={writable}
          onSent={(words) => {
            setTold(words);
            setSends((count) => count + 1);
            focus.closing('status');
            setComposing(false);
          }}
          onCancel={() => {
            focus.closing('trigger');
            setComposing(false);
          }}
        />
      ) : null}
      <FolderLinks route={route} />
      {route.openId === null && students.length > 1 ? (
        <ChildFilter students={students} value={studentId} onChange={setChosenChild} />
      ) : null}
      {route.folder === 'notices' ? (
        <NoticesPanel
          key={panelKey}
          studentId={studentId}
          openId={route.openId}
          emptyHint={onlyTrusted ? text.onlyShared : null}
          news={props.news.notices}
        />
      ) : (
        <MessagesPanel
          key={panelKey}
          folder={route.folder}
          studentId={studentId}
          openId={route.openId}
          takesFiles={takesFiles}
          textLimit={textLimitOf}
          emptyHint={onlyTrusted ? text.onlyShared : null}
          // A new message is in the inbox; «Отправленные» has nothing new from the feed.
          news={route.folder === 'inbox' ? props.news.messages : 0}
        />
      )}
    </section>
  );
}

/** The route in the address's hash, followed as it changes. */
function useMailRoute(): MailRoute {
  const [route, setRoute] = useState(() => mailRouteOf(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(mailRouteOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

function FolderLinks(props: { route: MailRoute }) {
  const text = useText(TEXT);
  return (
    <nav class="mail-folders" aria-label={text.folders}>
      {MAIL_FOLDERS.map((folder) => (
        <a
          key={folder}
          href={mailHash({ folder, openId: null })}
          class="mail-folders__item"
          aria-current={props.route.folder === folder ? 'page' : undefined}
        >
          {text.folder[folder]}
        </a>
      ))}
    </nav>
  );
}

function ChildFilter(props: { students: readonly MailChild[]; value: string; onChange: (studentId: string) => void }) {
  const text = useText(TEXT);
  const id = useId();
  return (
    <div class="mail-filter">
      <label for={id}>{text.child}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        <option value="">{text.allChildren}</option>
        {studentChoices(props.students).map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * When an opened item is closed (back to the list), the focus goes to its link in the list, so a keyboard or a
 * screen reader continues from where the family was.
 */
function useFocusReturn(openId: string | null): void {
  const previous = useRef(openId);
  useEffect(() => {
    const closed = previous.current;
    previous.current = openId;
    if (openId !== null || closed === null) return;
    document.querySelector<HTMLElement>(`[data-mail-id="${CSS.escape(closed)}"]`)?.focus();
  }, [openId]);
}

/**
 * Reads the list's first page again each time `news` moves after the panel mounted (mounting reads it anyway):
 * the change feed told of new mail in it.
 */
function useRefreshOnNews(news: number, refresh: () => void): void {
  const seen = useRef(news);
  useEffect(() => {
    if (news === seen.current) return;
    seen.current = news;
    refresh();
  }, [news, refresh]);
}

function MessagesPanel(props: {
  folder: Exclude<MailFolder, 'notices'>;
  studentId: string;
  openId: string | null;
  takesFiles: (provider: string) => boolean;
  textLimit: (provider: string) => number;
  emptyHint: string | null;
  news: number;
}) {
  const language = useLanguage();
  const { folder, studentId } = props;
  const list = useMailList<MessageItemFragment>((after, signal) =>
    clientFor(language)
      .request(
        MessagesDocument,
        {
          filter: { folder: folder === 'sent' ? 'SENT' : 'INBOX', ...(studentId ? { studentId } : {}) },
          first: PAGE_SIZE,
          after,
        },
        { signal },
      )
      .then(({ data }) => data.viewer.messages),
  );
  const { patch } = list;
  const onOpened = useCallback(
    (message: MessageItemFragment) => patch(message.id, { isRead: message.isRead }),
    [patch],
  );
  useRefreshOnNews(props.news, list.refresh);
  useFocusReturn(props.openId);
  if (props.openId !== null)
    return (
      <MessageView
        key={props.openId}
        id={props.openId}
        folder={folder}
        takesFiles={props.takesFiles}
        textLimit={props.textLimit}
        onOpened={onOpened}
      />
    );
  return (
    <MailList
      folder={folder}
      state={list.state}
      reload={list.reload}
      more={list.more}
      emptyHint={props.emptyHint}
      render={(message) => <MessageRow key={message.id} message={message} folder={folder} />}
    />
  );
}

function NoticesPanel(props: { studentId: string; openId: string | null; emptyHint: string | null; news: number }) {
  const language = useLanguage();
  const { studentId } = props;
  const list = useMailList<NoticeItemFragment>((after, signal) =>
    clientFor(language)
      .request(NoticesDocument, { filter: studentId ? { studentId } : {}, first: PAGE_SIZE, after }, { signal })
      .then(({ data }) => data.viewer.notices),
  );
  const { patch } = list;
  const onOpened = useCallback((notice: NoticeItemFragment) => patch(notice.id, { isRead: notice.isRead }), [patch]);
  useRefreshOnNews(props.news, list.refresh);
  useFocusReturn(props.openId);
  if (props.openId !== null) return <NoticeView key={props.openId} id={props.openId} onOpened={onOpened} />;
  return (
    <MailList
      folder="notices"
      state={list.state}
      reload={list.reload}
      more={list.more}
      emptyHint={props.emptyHint}
      render={(notice) => <NoticeRow key={notice.id} notice={notice} />}
    />
  );
}
