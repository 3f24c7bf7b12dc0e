/**
 * What tests and the demo steer the simulated school's mail with: a teacher writing a new message to a
 * parent, and the school posting a notice — both dated now, and unread until opened.
 */
import type { SeedFamily } from '../../simulation/seed.js';
import { schoolToday, shiftDate, zonedTimestamp } from '../../simulation/calendar.js';
import { childrenShown } from '../../simulation/gates.js';
import type { MailPerson } from './mail-people.js';
import type { SchoolMail } from './mail-routes.js';

/** A message a teacher writes to a parent's account. */
export interface TeacherMessage {
  /** The account's profile id. @default the family's first Eljur account */
  to?: number;
  /** The teacher's full name, one of the children's teachers. @default the class teacher of the account's first child */
  from?: string;
  subject: string;
  /** HTML, as Eljur's editor writes it. */
  text: string;
}

/** A notice the school posts. */
export interface SchoolNotice {
  title: string;
  /** HTML. */
  text: string;
  /** As Eljur writes it: an HTML string. @default «Всей школе» */
  audience?: string;
  /** The last day it is current, `YYYY-MM-DD`. @default a week from today */
  validUntil?: string;
}

function sender(
  mail: SchoolMail,
  family: SeedFamily,
  input: TeacherMessage,
  accountChildren: ReturnType<typeof childrenShown>,
): MailPerson {
  if (input.from !== undefined) {
    const teacher = mail.directory.teacher(input.from);
    if (!teacher) throw new RangeError('the message’s sender must be one of the children’s teachers');
    return teacher;
  }
  const child = accountChildren[0] ?? family.children.find((candidate) => candidate.provider === 'ELJUR');
  if (!child) throw new RangeError('the family has no Eljur child whose class teacher could write');
  return mail.directory.classTeacherOf(child);
}

/** A teacher writes a new message to a parent; it arrives unread. Returns the message's id. */
export function writeTeacherMessage(mail: SchoolMail, family: SeedFamily, input: TeacherMessage, now: Date): string {
  const account = family.accounts.find(
    (candidate) => candidate.provider === 'ELJUR' && (input.to === undefined || candidate.profileId === input.to),
  );
  if (!account) throw new RangeError('no Eljur account of the family has that profile id');
  const from = sender(mail, family, input, childrenShown(family, account));
  const date = zonedTimestamp(now, mail.zone).slice(0, 19).replace('T', ' ');
  const message = mail.state.post(
    { date, subject: input.subject, text: input.text, from, to: [mail.directory.holder(account)], files: [] },
    { inboxOf: [account.profileId] },
  );
  return String(message.id);
}

/** The school posts a notice, unread for every account. Returns the notice's id. */
export function postSchoolNotice(mail: SchoolMail, input: SchoolNotice, now: Date): string {
  const today = schoolToday(now, mail.zone);
  const [director] = mail.directory.staff('administration');
  const notice = mail.state.postNotice({
    date: today,
    actualBefore: input.validUntil ?? shiftDate(today, 7),
    subject: input.title,
    text: input.text,
    author: director!,
    audience: input.audience ?? 'Всей школе',
    files: [],
  });
  return String(notice.id);
}
