/**
 * «Календарь на телефон»: a child's lessons, homework and holidays as an address a phone calendar subscribes
 * to (calendar.graphql). The address is shown once, when it is made (the gateway keeps only its hash), with
 * «Скопировать» and a `webcal://` link that opens the calendar app; the feeds made are listed with
 * «Отозвать».
 */
import { useId, useState } from 'preact/hooks';
import {
  CalendarFeedsDocument,
  CreateCalendarFeedDocument,
  RevokeCalendarFeedDocument,
  type CalendarFeedItemFragment,
  type CreateCalendarFeedMutation,
} from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import type { DashboardStudent } from '../data/types.js';
import { formatInstantDay } from '../format.js';
import { useLanguage, useText } from '../i18n.js';
import { studentChoices } from '../manage/manage-students.js';
import { ConfirmAction, ErrorBox, Loaded, StatusLine, SubmitButton } from '../manage/parts.js';
import { CopyStatus, useShownOnce } from '../manage/shown-once.js';
import { useAction, useLoad } from '../manage/use-manage.js';

const TEXT = {
  ru: {
    title: 'Календарь на телефон',
    lead: 'Уроки на восемь недель вперёд (отменённые — с пометкой), домашние задания и каникулы — в календаре телефона: Google Календарь («Добавить по URL»), iPhone («Подписка на календарь»), Outlook.',
    child: 'Ребёнок',
    create: 'Создать адрес календаря',
    creating: 'Создаём…',
    address: 'Адрес календаря',
    once: 'Адрес показан один раз. Кто знает адрес, видит расписание ребёнка: передавайте его только своим, а если телефон потерян — отзовите.',
    copy: 'Скопировать адрес',
    copied: 'Адрес скопирован.',
    copyFailed: 'Не удалось скопировать: выделите адрес и скопируйте его вручную.',
    open: 'Открыть в календаре (iPhone, Mac)',
    done: 'Готово',
    feeds: 'Созданные календари',
    none: 'Вы ещё не создавали адрес календаря.',
    noChild: 'ребёнок больше не виден',
    made: (day: string) => `Создан ${day}`,
    fetched: (day: string) => `Календарь обновлялся ${day}`,
    notFetched: 'Календарь ещё не подключён',
    revokedOn: (day: string) => `Отозван ${day}`,
    revoke: 'Отозвать',
    revokeConfirm: 'Да, отозвать',
    revokeQuestion: (child: string) =>
      `Отозвать адрес календаря (${child})? Календари, подписанные на него, перестанут обновляться.`,
    revoked: (child: string) => `Адрес календаря отозван: ${child}.`,
  },
  en: {
    title: 'Calendar on the phone',
    lead: 'Lessons eight weeks ahead (cancelled ones marked), homework and holidays in the phone’s calendar: Google Calendar (“From URL”), iPhone (“Add Subscription Calendar”), Outlook.',
    child: 'Child',
    create: 'Make a calendar address',
    creating: 'Making…',
    address: 'Calendar address',
    once: 'The address is shown only once. Whoever knows it sees the child’s timetable: give it only to your own, and revoke it when a phone is lost.',
    copy: 'Copy the address',
    copied: 'The address is copied.',
    copyFailed: 'Could not copy: select the address and copy it by hand.',
    open: 'Open in Calendar (iPhone, Mac)',
    done: 'Done',
    feeds: 'Calendars made',
    none: 'You have not made a calendar address yet.',
    noChild: 'the child is no longer shown',
    made: (day: string) => `Made ${day}`,
    fetched: (day: string) => `Last fetched ${day}`,
    notFetched: 'Not subscribed to yet',
    revokedOn: (day: string) => `Revoked ${day}`,
    revoke: 'Revoke',
    revokeConfirm: 'Yes, revoke',
    revokeQuestion: (child: string) =>
      `Revoke the calendar address (${child})? Calendars subscribed to it stop updating.`,
    revoked: (child: string) => `Calendar address revoked: ${child}.`,
  },
};

type Created = CreateCalendarFeedMutation['createCalendarFeed'];

/** The calendar feeds section, for the children the viewer sees. */
export function CalendarSection(props: { students: readonly DashboardStudent[]; revision: number }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const titleId = useId();
  const childId = useId();
  const action = useAction();
  const [changes, setChanges] = useState(0);
  const feeds = useLoad(CalendarFeedsDocument, props.revision + changes);
  const choices = studentChoices(props.students);
  const [studentId, setStudentId] = useState(choices[0]?.id ?? '');
  const [created, setCreated] = useState<Created | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const nameOf = (feed: CalendarFeedItemFragment) =>
    choices.find((choice) => choice.id === feed.studentId)?.label ?? feed.student?.firstName ?? text.noChild;

  if (choices.length === 0) return null;
  return (
    <section class="card manage-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{text.title}</h2>
      <p class="status">{text.lead}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            const { data } = await clientFor(language).request(CreateCalendarFeedDocument, { studentId });
            setDone(null);
            setCreated(data.createCalendarFeed);
            setChanges((value) => value + 1);
          });
        }}
      >
        <label for={childId}>{text.child}</label>
        <select id={childId} value={studentId} onChange={(event) => setStudentId(event.currentTarget.value)}>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
        <SubmitButton running={action.running} label={text.create} busyLabel={text.creating} />
        <ErrorBox message={action.error} />
      </form>
      {created ? <FeedAddress created={created} onDone={() => setCreated(null)} /> : null}

      <h3>{text.feeds}</h3>
      <StatusLine message={done} />
      <Loaded state={feeds.state} reload={feeds.reload}>
        {(data) =>
          data.viewer.calendarFeeds.length === 0 ? (
            <p>{text.none}</p>
          ) : (
            <ul class="manage-list">
              {data.viewer.calendarFeeds.map((feed) => (
                <FeedItem
                  key={feed.id}
                  feed={feed}
                  name={nameOf(feed)}
                  onRevoked={(name) => {
                    setDone(text.revoked(name));
                    setChanges((value) => value + 1);
                  }}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

/** The new feed's address, shown once, with «Скопировать» and the `webcal://` link. */
function FeedAddress(props: { created: Created; onDone: () => void }) {
  const text = useText(TEXT);
  const titleId = useId();
  const { url, webcalUrl } = props.created;
  const { box, copied, copy } = useShownOnce(url);

  return (
    <div class="manage-code" ref={box} tabIndex={-1} role="region" aria-labelledby={titleId}>
      <h3 id={titleId}>{text.address}</h3>
      <p class="manage-feed-url" translate={false}>
        {url}
      </p>
      <p class="manage-tight">
        <strong>{text.once}</strong>
      </p>
      <div class="manage-actions">
        <button type="button" class="button button--primary" onClick={copy}>
          {text.copy}
        </button>
        <a class="button" href={webcalUrl}>
          {text.open}
        </a>
        <button type="button" class="button" onClick={props.onDone}>
          {text.done}
        </button>
      </div>
      <CopyStatus copied={copied} copiedText={text.copied} failedText={text.copyFailed} />
    </div>
  );
}

function FeedItem(props: { feed: CalendarFeedItemFragment; name: string; onRevoked: (name: string) => void }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const action = useAction();
  const { feed, name } = props;
  const day = (value: string) => formatInstantDay(value, language);
  return (
    <li class="manage-item">
      <p class="manage-item__title">{name}</p>
      <p class="manage-tight status">{text.made(day(feed.createdAt))}</p>
      <p class="manage-tight status">{feed.lastFetchedAt ? text.fetched(day(feed.lastFetchedAt)) : text.notFetched}</p>
      {feed.isRevoked ? (
        <p class="manage-tight">
          <span class="manage-badge">{feed.revokedAt ? text.revokedOn(day(feed.revokedAt)) : text.revoke}</span>
        </p>
      ) : (
        <>
          <div class="manage-actions">
            <ConfirmAction
              label={text.revoke}
              labelContext={name}
              question={text.revokeQuestion(name)}
              confirmLabel={text.revokeConfirm}
              action={action}
              onConfirm={() =>
                action.run(async () => {
                  await clientFor(language).request(RevokeCalendarFeedDocument, { id: feed.id });
                  props.onRevoked(name);
                })
              }
            />
          </div>
          <ErrorBox message={action.error} />
        </>
      )}
    </li>
  );
}
