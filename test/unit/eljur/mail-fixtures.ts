/**
 * Hand-written Eljur mail and notice payloads in the wire shapes public clients read (docs/providers/eljur.md,
 * "Messages and notices"), small and overridable per test. Typed as `z.input` of the adapter's schemas, so a
 * fixture that drifts from them fails to compile.
 */
import type {
  MessageInfoPayload,
  MessageItemPayload,
  MessagePersonPayload,
  MessagesPayload,
  NoticeItemPayload,
  NoticesPayload,
  ReceiversPayload,
} from '../../../adapters/eljur/payloads-messages.js';

export const CLASS_TEACHER_ID = '2001';
export const TEACHER_ID = '2002';
export const DIRECTOR_ID = '3001';

/** A person as the mail names them. */
export function person(id: string, full: string, info?: string): MessagePersonPayload {
  const [lastname, firstname, middlename] = full.split(' ');
  return { name: id, lastname, firstname, middlename, ...(info === undefined ? {} : { info }) };
}

export const CLASS_TEACHER = person(CLASS_TEACHER_ID, 'Петров Пётр Петрович');
export const TEACHER = person(TEACHER_ID, 'Смирнова Ольга Ивановна');
export const DIRECTOR = person(DIRECTOR_ID, 'Голубева Елена Аркадьевна');

/** An inbox item of `getmessages`. */
export function inboxItem(overrides: Partial<MessageItemPayload> = {}): MessageItemPayload {
  return {
    id: 501,
    subject: 'Родительское собрание',
    short_text: 'Уважаемые родители! Собрание в&nbsp;четверг',
    date: '2025-09-16 18:05:00',
    unread: true,
    with_files: false,
    with_resources: false,
    user_from: CLASS_TEACHER,
    ...overrides,
  };
}

/** A sent item of `getmessages`: `users_to` instead of `user_from`. */
export function sentItem(overrides: Partial<MessageItemPayload> = {}): MessageItemPayload {
  return {
    id: 601,
    subject: 'Справка',
    short_text: 'Справку принесём',
    date: '2025-09-15 20:10:00',
    unread: true,
    with_files: false,
    with_resources: false,
    users_to: [CLASS_TEACHER],
    ...overrides,
  };
}

/** A `getmessages` result. */
export function messagesResult(
  messages: MessageItemPayload[],
  total: string | number = messages.length,
): MessagesPayload {
  return { messages, count: messages.length, total };
}

/** A `getmessageinfo` result. */
export function messageInfoResult(overrides: Partial<MessageInfoPayload['message']> = {}): MessageInfoPayload {
  return {
    message: {
      id: 501,
      subject: 'Родительское собрание',
      short_text: 'Уважаемые родители!',
      text: '<p>Уважаемые родители!</p><p>Собрание в&nbsp;четверг в 18:00.<br>Кабинет&nbsp;204 &amp; актовый зал.</p>',
      date: '2025-09-16 18:05:00',
      user_from: CLASS_TEACHER,
      user_to: [person('100500', 'Иванова Анна Сергеевна')],
      files: [{ filename: 'Повестка.pdf', link: 'https://eljur.test/files/agenda.pdf' }],
      ...overrides,
    },
  };
}

/** A `getmessagereceivers` result: class teachers and teachers by class, the administration flat. */
export function receiversResult(): ReceiversPayload {
  return {
    groups: [
      {
        key: 'classruks',
        name: 'Классные руководители',
        users: [],
        subgroups: [
          {
            key: '7Б',
            name: '7Б',
            users: [person(CLASS_TEACHER_ID, 'Петров Пётр Петрович', 'Классный руководитель 7Б')],
          },
          { key: '2А', name: '2А', users: [person('2009', 'Макарова Анна Ильинична', 'Классный руководитель 2А')] },
        ],
      },
      {
        key: 'teachers',
        name: 'Учителя',
        users: [],
        subgroups: [
          {
            key: '7Б',
            name: '7Б',
            users: [
              person(CLASS_TEACHER_ID, 'Петров Пётр Петрович', 'Алгебра, Геометрия'),
              person(TEACHER_ID, 'Смирнова Ольга Ивановна', 'Русский язык'),
            ],
          },
          { key: '2А', name: '2А', users: [person('2009', 'Макарова Анна Ильинична', 'Чтение')] },
        ],
      },
      {
        key: 'administration',
        name: 'Администрация',
        users: [person(DIRECTOR_ID, 'Голубева Елена Аркадьевна', 'Директор')],
      },
      { key: 'other', name: 'Педагоги дополнительного образования', users: [person('4001', 'Орлов Иван Ильич')] },
      { key: 'misc', name: 'Разное', users: [person('4002', 'Зайцева Мария Львовна')] },
    ],
  };
}

/** A notice of `getboardnotices`. */
export function noticeItem(overrides: Partial<NoticeItemPayload> = {}): NoticeItemPayload {
  return {
    id: 701,
    date: '2025-09-15',
    date_actual_before: '2025-09-30',
    subject: 'Осенний кросс',
    short_text: 'Кросс в&nbsp;субботу',
    unread: true,
    with_files: false,
    with_resources: false,
    user_from: DIRECTOR,
    user_from_string: 'Голубева Е. А.',
    users_to: '<b>Всей школе</b>',
    ...overrides,
  };
}

/** A `getboardnotices` result. */
export function noticesResult(
  notices: NoticeItemPayload[],
  totals: { total?: number | string; total_unread?: number | string } = {},
): NoticesPayload {
  return { notices, count: notices.length, total: notices.length, total_unread: notices.length, ...totals };
}
