/**
 * The mail and notices the simulator starts with, made from the family alone and dated from the school's
 * today, so every start on the same day gives the same mail. For each Eljur account, for each child it shows:
 * the class teacher's unread note about a parents' meeting (yesterday), a subject teacher's note about a test
 * (four days ago, read), a parent's message to the class teacher (a week ago) and its reply (six days ago,
 * read); and once per account, from the administration, a note with a file (ten days ago, read). On the board: a school-wide
 * notice and one for each child's class (unread) and an old one with a file (read). Texts are HTML, as
 * Eljur's editor writes them.
 */
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { schoolToday, shiftDate } from '../../simulation/calendar.js';
import { childrenShown } from '../../simulation/gates.js';
import type { Directory, MailPerson } from './mail-people.js';
import type { MailState, StoredFile } from './mail-state.js';

/** A small PDF the administration's note and the old notice carry. */
const RECEIPT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

function at(date: string, time: string): string {
  return `${date} ${time}:00`;
}

function seedChildMail(
  mail: MailState,
  directory: Directory,
  context: { account: SeedAccount; child: SeedChild; today: string },
): void {
  const { account, child, today } = context;
  const parent = directory.holder(account);
  const classTeacher = directory.classTeacherOf(child);
  const subject = child.subjects[1] ?? child.subjects[0];
  const subjectTeacher: MailPerson = (subject && directory.teacher(subject.teacher)) || classTeacher;
  const inbox = { inboxOf: [account.profileId] };
  const asked = `Справка о болезни (${child.firstName})`;

  mail.post(
    {
      date: at(shiftDate(today, -7), '20:10'),
      subject: asked,
      text: `Добрый вечер! ${child.firstName} болеет, справку принесём в понедельник.`,
      from: parent,
      to: [classTeacher],
      files: [],
    },
    { sentBy: account.profileId },
  );
  mail.post(
    {
      date: at(shiftDate(today, -6), '08:05'),
      subject: `Re: ${asked}`,
      text: '<p>Спасибо, что предупредили.<br>Выздоравливайте!</p>',
      from: classTeacher,
      to: [parent],
      files: [],
    },
    { ...inbox, unread: false },
  );
  mail.post(
    {
      date: at(shiftDate(today, -4), '14:30'),
      subject: `Контрольная работа: ${subject?.name ?? 'предмет'}`,
      text: `<p>В пятницу в ${child.className} контрольная работа по теме &laquo;Повторение&raquo;.</p><ul><li>учебник</li><li>тетрадь</li></ul>`,
      from: subjectTeacher,
      to: [parent],
      files: [],
    },
    { ...inbox, unread: false },
  );
  mail.post(
    {
      date: at(shiftDate(today, -1), '18:05'),
      subject: `Родительское собрание ${child.className}`,
      text: `<p>Уважаемые родители ${child.className}!</p><p>Собрание в четверг в 18:00, кабинет 204.<br>Повестка: итоги четверти &amp; экскурсия.</p>`,
      from: classTeacher,
      to: [parent],
      files: [],
    },
    inbox,
  );
}

/** The administration's note to an account, with a file. */
function seedAccountMail(
  mail: MailState,
  directory: Directory,
  account: SeedAccount,
  today: string,
  receipt: StoredFile,
) {
  const [director] = directory.staff('administration');
  mail.post(
    {
      date: at(shiftDate(today, -10), '09:15'),
      subject: 'Оплата питания',
      text: '<p>Уважаемые родители!</p><p>Квитанции на оплату питания&nbsp;&mdash; во вложении. Оплатить до 25&nbsp;числа.</p>',
      from: director!,
      to: [directory.holder(account)],
      files: [receipt],
    },
    { inboxOf: [account.profileId], unread: false },
  );
}

function seedBoard(
  mail: MailState,
  directory: Directory,
  children: readonly SeedChild[],
  today: string,
  receipt: StoredFile,
) {
  const [director] = directory.staff('administration');
  mail.postNotice({
    date: shiftDate(today, -15),
    actualBefore: shiftDate(today, -5),
    subject: 'Сбор макулатуры',
    text: '<p>Сбор макулатуры пройдёт во дворе школы.</p>',
    author: director!,
    audience: 'Всей школе',
    files: [receipt],
  });
  for (const child of children) {
    mail.postNotice({
      date: shiftDate(today, -2),
      actualBefore: shiftDate(today, 3),
      subject: `Родительское собрание в ${child.className}`,
      text: `<p>Собрание родителей ${child.className} в четверг в 18:00.</p>`,
      author: directory.classTeacherOf(child),
      audience: `<b>Родители</b>: ${child.className}`,
      files: [],
    });
  }
  mail.postNotice({
    date: shiftDate(today, -1),
    actualBefore: shiftDate(today, 10),
    subject: 'Расписание на праздничные дни',
    text: '<p>В праздничные дни школа закрыта.<br>Занятия&nbsp;&mdash; по обычному расписанию со следующего понедельника.</p>',
    author: director!,
    audience: 'Всей школе',
    files: [],
  });
}

/** Fills the mail with the family's starting mail and notices, dated from `now` at the children's school. */
export function seedMail(mail: MailState, directory: Directory, family: SeedFamily, now: Date): void {
  const accounts = family.accounts.filter((account) => account.provider === 'ELJUR');
  const receipt = mail.storeFile({
    name: 'Квитанция.pdf',
    contentType: 'application/pdf',
    bytes: RECEIPT_PDF,
    ownerId: null,
  });
  const children = family.children.filter((child) => child.provider === 'ELJUR');
  const zone = children[0]?.timeZone ?? 'Europe/Moscow';
  const today = schoolToday(now, zone);
  for (const account of accounts) {
    seedAccountMail(mail, directory, account, today, receipt);
    for (const child of childrenShown(family, account)) seedChildMail(mail, directory, { account, child, today });
  }
  seedBoard(mail, directory, children, today, receipt);
  // The old notice was read by every account that was there.
  const old = mail.notices[0];
  if (old) for (const account of accounts) old.readBy.add(account.profileId);
}
