/**
 * Dnevnik.ru payloads, part three: the two answers of the official app's private API the adapter reads
 * (`/mobile/v6.0/…`, providers.md §1.9 and §8.5): a school's notices and a week of the diary. Field names as
 * the public clients read them; the evidence and its confidence are in docs/providers/dnevnik.md ("Messages,
 * notices and remarks").
 *
 * Clients disagree on the type of the instants (`createdDateTime`, a comment's `date`): epoch seconds as a
 * number, or an ISO string, with or without an offset. {@link instantSchema} takes all three and leaves the
 * reading to the normaliser. Everything but the ids that make an item addressable is optional.
 */
import { z } from 'zod';
import { recognized } from '../../src/upstream/tolerant-decode.js';
import { idSchema, numberSchema, optionalBoolean, optionalId, optionalNumber, optionalString } from './payloads.js';

/** An instant as the app's API writes it: epoch seconds (a number or a digit string) or an ISO datetime. */
export const instantSchema = z.union([numberSchema, z.string()]).nullish();

/** A file attached to a notice: `{extension, fileId, fileLink, fileName}`. */
export const mobileFileSchema = recognized(
  z.looseObject({
    extension: optionalString,
    /** A string in every client; an integer is read too. */
    fileId: z.union([z.string(), idSchema]).nullish(),
    fileLink: optionalString,
    fileName: optionalString,
  }),
);

/**
 * A notice («объявление») of the school's board, as a `postList` item. `type` is `Post` or
 * `Notification`. The id is an integer in every client that names it (`id`); `eventKey` also names the
 * notice (its comments thread, `thread/{eventKey}`), and stands in when the id is missing.
 */
export const noticeSchema = recognized(
  z.looseObject({
    id: optionalId,
    type: optionalString,
    eventKey: optionalString,
    topicEventKey: optionalString,
    title: optionalString,
    subtitle: optionalString,
    /** The body; `content` and `details` are read when it is empty. */
    text: optionalString,
    content: optionalString,
    details: optionalString,
    createdDateTime: instantSchema,
    /** Whether the account has read it (the one client that types it makes it required). */
    isReaded: optionalBoolean,
    isNew: optionalBoolean,
    commentsCount: optionalNumber,
    authorFirstName: optionalString,
    authorLastName: optionalString,
    authorMiddleName: optionalString,
    authorName: optionalString,
    /** The notices route's name for the files; the feed's posts say `attachmentFiles`. Both are read. */
    files: z.array(mobileFileSchema).nullish(),
    attachmentFiles: z.array(mobileFileSchema).nullish(),
  }),
);

/** `GET /mobile/v6.0/persons/{p}/schools/{s}/notifications` → `{unreadCount, postList}`. */
export const noticesSchema = z.looseObject({
  unreadCount: optionalNumber,
  postList: z.array(noticeSchema).nullish(),
});

/** A person as the app's diary names them (a lesson's teacher, a comment's author). */
const mobilePersonSchema = z.looseObject({
  personId: optionalId,
  userId: optionalId,
  firstName: optionalString,
  middleName: optionalString,
  lastName: optionalString,
  role: optionalString,
});

/**
 * A teacher's comment on the child's lesson («комментарий учителя»): `{author, date, text}`. Typed by one
 * client (v7.0); two more declare the lesson's `comment` field without a type.
 */
export const lessonCommentSchema = z.looseObject({
  author: mobilePersonSchema.nullish(),
  date: instantSchema,
  text: optionalString,
});

/** A lesson of the app's diary: only what a remark needs is read. */
export const mobileLessonSchema = z.looseObject({
  id: idSchema,
  number: optionalNumber,
  startDateTime: instantSchema,
  isCanceled: optionalBoolean,
  subject: z.looseObject({ id: optionalId, name: optionalString }).nullish(),
  teacher: mobilePersonSchema.nullish(),
  comment: lessonCommentSchema.nullish(),
});

/** A day of the app's diary: `date` (v6.0, v7.0) or `dateTime` (v8.6). */
export const mobileDaySchema = z.looseObject({
  date: instantSchema,
  dateTime: instantSchema,
  lessons: z.array(mobileLessonSchema).nullish(),
});

/** `GET /mobile/v6.0/persons/{p}/schools/{s}/groups/{g}/diary?id&loadType` → `{weeks: [{id, days}]}`. */
export const mobileDiarySchema = z.looseObject({
  weeks: z
    .array(
      z.looseObject({
        id: optionalString,
        firstWeekDayDate: instantSchema,
        lastWeekDayDate: instantSchema,
        days: z.array(mobileDaySchema).nullish(),
      }),
    )
    .nullish(),
});

/** noticeSchema as sent (test fixtures write it). */
export type NoticePayload = z.input<typeof noticeSchema>;
/** noticesSchema as sent (test fixtures write it). */
export type NoticesPayload = z.input<typeof noticesSchema>;
/** mobileLessonSchema as sent (test fixtures write it). */
export type MobileLessonPayload = z.input<typeof mobileLessonSchema>;
/** mobileDiarySchema as sent (test fixtures write it). */
export type MobileDiaryPayload = z.input<typeof mobileDiarySchema>;

/** noticeSchema decoded. */
export type NoticeRecord = z.output<typeof noticeSchema>;
/** mobileLessonSchema decoded. */
export type MobileLesson = z.output<typeof mobileLessonSchema>;
/** mobileDaySchema decoded. */
export type MobileDay = z.output<typeof mobileDaySchema>;
/** mobileDiarySchema decoded. */
export type MobileDiary = z.output<typeof mobileDiarySchema>;
