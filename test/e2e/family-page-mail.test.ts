/**
 * The family page's mail (issue 17) in Chromium, against a demo gateway of each test's own that runs registered
 * operations only (so every mail operation is in the manifest): school notices merged, paged, filtered and
 * opened, a diary that is down named; the inbox read and a message opened (it becomes read), answered through
 * a lost answer and a double press (sent once, the retry with the same key), and found in «Отправленные»; a new
 * message to a teacher; the text held to its diary's limit (counted down, «Отправить» held back when over, with
 * why); a teacher's new message and a school's new notice, told by the change feed, shown in the open list
 * (each item once, the depth loaded kept) while a draft stays as it was, and nothing read while the view is
 * closed; a МЭШ week signed on a child's card and Dnevnik.ru's remarks shown; the trusted person's
 * «Может читать сообщения и объявления» when invited and as a toggle, and the grandmother who then reads the mail
 * but is offered nothing to write, answer or sign. Everything is checked on the page and against the gateway
 * with the page's own session; the views fit a 360 px phone and pass axe. Screenshots: test-artifacts/family-page/mail-*.png.
 */
import type { Locator, Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ChildNotesDocument,
  MailChildrenDocument,
  MessagesDocument,
  NoticesDocument,
  OpenNoticeDocument,
  TrustedPersonsDocument,
  type DiaryClient,
  type MailChildrenQuery,
  type NoticeItemFragment,
  type NoticesQuery,
} from '../../client/src/index.js';
import {
  axeViolations,
  childCard,
  clientOfPage,
  dashboardShown,
  GRANDMOTHER,
  isFocused,
  LEV,
  LEV_TEACHER,
  manageSection,
  MARIA,
  nextDashboardAnswer,
  openChildrenView,
  openManageView,
  overflowsHorizontally,
  POLINA,
  screenshot,
  signInAs,
  SOFYA,
  useFamilyBrowser,
  waitForFocus,
  type OwnFamilyGateway,
} from '../support/family-browser.js';
import { testClock } from '../support/gateway.js';

const family = useFamilyBrowser();

/** The subject of the message from Лев's class teacher. */
const MEETING = 'Родительское собрание 5-В';
/** The week of the tests' `TEST_NOW` (Monday 23 November 2026), as the cards name it. */
const THIS_WEEK = '23 ноября – 29 ноября';

/** A parent's or the grandmother's page on a gateway of the test's own, signed in, every card shown. */
interface SignedIn {
  gateway: OwnFamilyGateway;
  page: Page;
  client: DiaryClient;
}

async function signedIn(person: 'parent' | 'grandmother', gateway?: OwnFamilyGateway): Promise<SignedIn> {
  const own = gateway ?? (await family.startGateway({ PERSISTED_OPERATIONS: 'only' }));
  const page = await own.openPage('phone');
  await signInAs(page, person);
  if (person === 'parent') await dashboardShown(page);
  return { gateway: own, page, client: await clientOfPage(page, own.target) };
}

/** The mail view: the region named by its `<h2>`. */
const mailView = (page: Page) => page.getByRole('main').getByRole('region', { name: 'Сообщения', exact: true });

/** The list of the mail view's folder shown now. */
const mailItems = (page: Page) => mailView(page).locator('.mail-list > li');

/** Opens «Сообщения» from the navigation and waits for the inbox's list (or its «нет» line). */
async function openMail(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Сообщения', exact: true }).click();
  await page.waitForURL((url) => url.hash === '#mail');
  await listShown(page);
}

/** Waits until the folder's list is in: its items or its empty line, no «Загрузка…». */
async function listShown(page: Page): Promise<void> {
  await mailView(page).locator('.mail-list, .mail-empty').first().waitFor();
}

/** Opens a folder of the mail view by its link, and waits for its own list (not the one shown before). */
async function openFolder(page: Page, name: 'Входящие' | 'Отправленные' | 'Объявления'): Promise<void> {
  const link = mailView(page).getByRole('navigation', { name: 'Папки' }).getByRole('link', { name, exact: true });
  await link.click();
  // The folder is marked current in the same render that replaces the list: the old one is gone by then.
  await link.and(page.locator('[aria-current="page"]')).waitFor();
  await listShown(page);
}

/** Presses «Показать ещё» until the list ends, each time waiting for the page it brought. */
async function showAll(page: Page): Promise<void> {
  const more = mailView(page).getByRole('button', { name: 'Показать ещё' });
  while ((await more.count()) > 0) {
    const before = await mailItems(page).count();
    await more.click();
    await mailItems(page).nth(before).waitFor();
  }
}

/** The item of the list whose subject or title is `subject`. */
const itemNamed = (page: Page, subject: string | RegExp) =>
  mailItems(page).filter({ has: page.locator('.mail-item__subject', { hasText: subject }) });

/** Every notice the gateway gives the session, newest first, page after page. */
async function allNotices(client: DiaryClient, studentId?: string): Promise<NoticeItemFragment[]> {
  const notices: NoticeItemFragment[] = [];
  let after: string | null = null;
  for (let round = 0; round < 20; round += 1) {
    const { data }: { data: NoticesQuery } = await client.request(NoticesDocument, {
      filter: studentId ? { studentId } : {},
      first: 50,
      after,
    });
    notices.push(...data.viewer.notices.edges.map((edge) => edge.node));
    if (!data.viewer.notices.pageInfo.hasNextPage) return notices;
    after = data.viewer.notices.pageInfo.endCursor;
  }
  throw new Error('the notices never ended');
}

/** The messages of a folder as the gateway lists them now (one page of 50). */
async function folderOf(client: DiaryClient, folder: 'INBOX' | 'SENT') {
  const { data } = await client.request(MessagesDocument, { filter: { folder }, first: 50 });
  return data.viewer.messages.edges.map((edge) => edge.node);
}

/** Every child with this week's signatures, as the gateway gives them to the session. */
async function childNotes(client: DiaryClient) {
  const { data } = await client.request(MailChildrenDocument);
  const { data: notes } = await client.request(ChildNotesDocument, {
    from: '2026-11-23',
    to: '2026-11-23',
    week: '2026-11-23',
  });
  return data.viewer.students.map((student) => ({
    ...student,
    diarySignatures: notes.viewer.students.find((entry) => entry.id === student.id)?.diarySignatures ?? [],
  }));
}

/** Fits a 360 px phone and passes axe, as it is now. */
async function fitsAndPasses(page: Page): Promise<void> {
  expect(await overflowsHorizontally(page)).toBe(false);
  expect(await axeViolations(page)).toEqual([]);
}

describe('school notices', () => {
  it('should merge every diary’s notices, page through them, keep to one child, and open one whole', async () => {
    const { page, client } = await signedIn('parent');
    const notices = await allNotices(client);
    expect(notices.length).toBeGreaterThan(20);
    await openMail(page);
    await openFolder(page, 'Объявления');

    // The first page, then «Показать ещё» until the list ends: every notice once, in the gateway's order.
    expect(await mailItems(page).count()).toBe(20);
    await showAll(page);
    const titles = await mailItems(page).locator('.mail-item__subject').allTextContents();
    expect(titles).toEqual(
      notices.map(
        (notice) => `${notice.isRead === false ? 'новое' : ''}${notice.isImportant ? 'важное' : ''}${notice.title}`,
      ),
    );
    // Each names its children and its diary; unread ones say «новое».
    const places = await mailItems(page).locator('.mail-item__place').allTextContents();
    expect(places).toContain('Полина · МЭШ');
    expect(places.some((place) => place.endsWith('· Дневник.ру'))).toBe(true);
    expect(places).toContain('Лев, Мария · ЭлЖур');
    expect(notices.some((notice) => notice.isRead === false)).toBe(true);
    await screenshot(page, 'mail-notices-phone', { fullPage: false });
    await fitsAndPasses(page);

    // One child: Полина's notices only, as the gateway filters them.
    const polinaId = (await childNotes(client)).find((student) => student.fullName === POLINA)!.id;
    const polinas = await allNotices(client, polinaId);
    await mailView(page).getByLabel('Ребёнок').selectOption({ label: POLINA });
    await page.waitForFunction(
      (count: number) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('.mail-list > li').length === count,
      polinas.length,
    );
    const polinaPlaces = await mailItems(page).locator('.mail-item__place').allTextContents();
    expect(polinaPlaces).toEqual(polinas.map(() => 'Полина · МЭШ'));

    // Opened: the whole text and the file, as the gateway gives them; the title takes the focus.
    await mailView(page).getByLabel('Ребёнок').selectOption({ label: 'Все дети' });
    await mailItems(page).nth(19).waitFor();
    await showAll(page);
    const paper = notices.find((notice) => notice.title === 'Сбор макулатуры' && notice.provider === 'ELJUR')!;
    const opened = (await client.request(OpenNoticeDocument, { id: paper.id })).data.viewer.notice!;
    expect(opened.attachments).toHaveLength(1);
    const paperItem = itemNamed(page, 'Сбор макулатуры').filter({ hasText: 'ЭлЖур' });
    await paperItem.getByRole('link').click();
    const title = mailView(page).getByRole('heading', { level: 3, name: 'Сбор макулатуры' });
    await waitForFocus(title);
    await mailView(page).getByText(opened.text!, { exact: true }).waitFor();
    const file = mailView(page).getByRole('link', { name: /^Квитанция\.pdf/ });
    expect(await file.getAttribute('href')).toBe(opened.attachments[0]!.url);
    expect(await mailView(page).getByText('Всей школе', { exact: true }).count()).toBe(1);
    await screenshot(page, 'mail-notice-opened-phone', { fullPage: false });
    await fitsAndPasses(page);

    // Back: the list, the focus on the notice just read.
    await mailView(page).getByRole('link', { name: '← К списку' }).click();
    await waitForFocus(paperItem.getByRole('link'));
  });

  it('should name a diary that is down politely and show the others’ notices', async () => {
    const { gateway, page } = await signedIn('parent');
    gateway.target.gateway.demo!.simulators.dnevnik.setFault('server-error');
    await openMail(page);
    await openFolder(page, 'Объявления');
    const note = mailView(page).getByText(
      'Дневник.ру (Артем, Софья) сейчас не отвечает, поэтому его объявлений здесь нет. Попробуйте позже.',
    );
    await note.waitFor();
    const places = await mailItems(page).locator('.mail-item__place').allTextContents();
    expect(places.length).toBeGreaterThan(0);
    expect(places.some((place) => place.includes('Дневник.ру'))).toBe(false);
    await screenshot(page, 'mail-notices-diary-down-phone', { fullPage: false });

    // Messages: the diaries without any are named as such, never a blank page.
    await openFolder(page, 'Входящие');
    await mailView(page)
      .getByText(
        'МЭШ (Артём, Мария, Полина) не даёт читать сообщения через этот сервис — их можно прочитать в самом дневнике.',
      )
      .waitFor();
  });
});

describe('the inbox', () => {
  it('should open an unread message (then read), answer it through a lost answer and a double press once, and show it in «Отправленные»', async () => {
    const { page, client } = await signedIn('parent');
    await openMail(page);
    const meeting = itemNamed(page, MEETING);
    await meeting.getByText('новое', { exact: true }).waitFor();
    expect(await meeting.locator('.mail-item__who').textContent()).toBe(LEV_TEACHER);
    await screenshot(page, 'mail-inbox-phone', { fullPage: false });
    await fitsAndPasses(page);

    // Opened: the whole text, from whom and about whom; the gateway has it read now.
    await meeting.getByRole('link').click();
    await waitForFocus(mailView(page).getByRole('heading', { level: 3, name: MEETING }));
    await mailView(page)
      .getByText(/^Уважаемые родители 5-В!\n\nСобрание в четверг в 18:00, кабинет 204\./)
      .waitFor();
    await mailView(page).getByText(`${LEV_TEACHER} (классный руководитель)`).waitFor();
    const inbox = await folderOf(client, 'INBOX');
    expect(inbox.find((message) => message.subject === MEETING)?.isRead).toBe(true);

    // Back in the list it is read, and the focus is on it.
    await mailView(page).getByRole('link', { name: '← К списку' }).click();
    await waitForFocus(meeting.getByRole('link'));
    expect(await meeting.getByText('новое', { exact: true }).count()).toBe(0);
    await meeting.getByRole('link').click();

    // The reply: its first answer is cut off on the way back (the gateway did send it: the connection dropped
    // mid-answer), and «Отправить» is pressed twice.
    const keys = recordReplyKeys(page);
    let lose = true;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (!lose || body?.operationName !== 'ReplyToMessage') return route.continue();
      lose = false;
      await route.fetch();
      await route.fulfill({ status: 200, contentType: 'application/json', body: '{"data":{"replyTo' });
    });
    await mailView(page).getByRole('button', { name: 'Ответить' }).click();
    const form = mailView(page).getByRole('form', { name: 'Ответ' });
    await form.getByText(`Кому: ${LEV_TEACHER}`).waitFor();
    await form.getByLabel('Текст ответа').fill('Спасибо, придём вдвоём.');
    await form.getByText('Осталось 4 977 знаков из 5 000').waitFor();
    await screenshot(page, 'mail-reply-phone', { fullPage: false });
    await fitsAndPasses(page);
    // Two presses in one go, before the page can so much as disable the button.
    await form.getByRole('button', { name: 'Отправить ответ' }).evaluate((button) => {
      const press = button as unknown as { click(): void };
      press.click();
      press.click();
    });
    await form.getByRole('alert').filter({ hasText: 'Ответ сервера не дошёл' }).waitFor();
    expect(keys).toHaveLength(1);
    await screenshot(page, 'mail-reply-lost-phone', { fullPage: false });

    await form.getByRole('button', { name: 'Отправить ответ' }).click();
    const told = mailView(page)
      .getByRole('status')
      .filter({ hasText: /^Отправлено/ });
    await told.waitFor();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    // The gateway answered the retry from the first send, and the page says nothing went twice.
    expect(await told.textContent()).toBe(
      `Отправлено: ${LEV_TEACHER} (ЭлЖур). Сообщение дошло с первой попытки, второй раз оно не отправлялось.`,
    );
    const replies = (await folderOf(client, 'SENT')).filter((message) => message.subject === `Re: ${MEETING}`);
    expect(replies).toHaveLength(1);
    // The conversation under the message now holds the reply.
    await mailView(page).getByRole('region', { name: 'Переписка' }).getByText('Спасибо, придём вдвоём.').waitFor();
    await screenshot(page, 'mail-reply-sent-phone', { fullPage: false });

    // «Отправленные»: the reply, to the teacher, on top.
    await openFolder(page, 'Отправленные');
    const first = mailItems(page).first();
    expect(await first.locator('.mail-item__subject').textContent()).toBe(`Re: ${MEETING}`);
    expect(await first.locator('.mail-item__who').textContent()).toBe(`Кому: ${LEV_TEACHER}`);
    await fitsAndPasses(page);
  });

  it('should write to Лев’s class teacher from the address book, and say what is missing first', async () => {
    const { page, client } = await signedIn('parent');
    await openMail(page);
    await mailView(page).getByRole('button', { name: 'Написать учителю' }).click();
    const form = mailView(page).getByRole('form', { name: 'Новое сообщение' });
    // Only the children whose diary takes messages: Лев and Мария (ЭлЖур).
    expect(await form.getByLabel('Ребёнок').locator('option').allTextContents()).toEqual([LEV, MARIA]);
    await form.getByLabel('Ребёнок').selectOption({ label: LEV });
    const classTeachers = form.getByRole('group', { name: 'Классные руководители' });
    await classTeachers.getByRole('checkbox', { name: new RegExp(`^${LEV_TEACHER}`) }).waitFor();
    await form.getByText('ЭлЖур не принимает файлы в сообщениях.').waitFor();

    await form.getByRole('button', { name: 'Отправить' }).click();
    await form.getByRole('alert').filter({ hasText: 'Выберите, кому написать.' }).waitFor();
    await classTeachers.getByRole('checkbox', { name: new RegExp(`^${LEV_TEACHER}`) }).check();
    // One person in two groups is one choice.
    expect(
      await form
        .getByRole('group', { name: 'Учителя' })
        .getByRole('checkbox', { name: new RegExp(`^${LEV_TEACHER}`) })
        .isChecked(),
    ).toBe(true);
    await form.getByLabel('Тема', { exact: true }).fill('Экскурсия в пятницу');
    await form.getByRole('button', { name: 'Отправить' }).click();
    await form.getByRole('alert').filter({ hasText: 'Напишите текст сообщения.' }).waitFor();
    await form
      .getByLabel('Текст', { exact: true })
      .fill('Добрый день! Лев поедет на экскурсию, согласие подпишем завтра.');
    await screenshot(page, 'mail-compose-phone');
    await fitsAndPasses(page);

    await form.getByRole('button', { name: 'Отправить' }).click();
    const told = mailView(page)
      .getByRole('status')
      .filter({ hasText: `Отправлено: ${LEV_TEACHER} (ЭлЖур).` });
    await told.waitFor();
    // The form is gone, and the focus is on what was said.
    await waitForFocus(mailView(page).locator('.mail-status'));
    expect(await mailView(page).getByRole('form', { name: 'Новое сообщение' }).count()).toBe(0);
    const sent = (await folderOf(client, 'SENT')).filter((message) => message.subject === 'Экскурсия в пятницу');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipients.map((person) => person.name)).toEqual([LEV_TEACHER]);
    await openFolder(page, 'Отправленные');
    await itemNamed(page, 'Экскурсия в пятницу').waitFor();
  });
});

describe('the text’s limit', () => {
  it('should count down to the diary’s own limit, and hold «Отправить» back with why while the text is over it', async () => {
    const { page, client } = await signedIn('parent');
    // Eljur takes 5,000 characters, the gateway's own bound; the page is told 120 here, so that what it counts to
    // is seen to be the diary's word (`MessagingFeatures.maxTextLength`), not its own.
    const saidByGateway: unknown[] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (body?.operationName !== 'MailChildren') return route.continue();
      const response = await route.fetch();
      const answer = (await response.json()) as { data: MailChildrenQuery };
      for (const features of answer.data.viewer.students.flatMap((student) => student.messaging))
        if (features.provider === 'ELJUR') {
          saidByGateway.push(features.maxTextLength);
          (features as { maxTextLength: number | null }).maxTextLength = 120;
        }
      await route.fulfill({ response, json: answer });
    });
    const operations = recordOperations(page);
    await openMail(page);
    expect(new Set(saidByGateway)).toEqual(new Set([5000]));

    const form = await draftToLevTeacher(page);
    await form.getByLabel('Тема', { exact: true }).fill('Справка для бассейна');
    const text = form.getByLabel('Текст', { exact: true });
    await form.getByText('Осталось 120 знаков из 120', { exact: true }).waitFor();
    await text.fill('т'.repeat(100));
    await form.getByText('Осталось 20 знаков из 120', { exact: true }).waitFor();

    // One character over: said, and «Отправить» off — described by why.
    await text.fill('т'.repeat(121));
    await form.getByText('Больше допустимого на 1 знак (можно 120)', { exact: true }).waitFor();
    const why = form.getByRole('status').filter({
      hasText: 'Текст слишком длинный: ЭлЖур принимает не больше 120 знаков. Сократите его, чтобы отправить.',
    });
    await why.waitFor();
    const send = form.getByRole('button', { name: 'Отправить', exact: true });
    expect(await send.isDisabled()).toBe(true);
    expect(await send.getAttribute('aria-describedby')).toBe(await why.getAttribute('id'));
    expect(await text.getAttribute('aria-invalid')).toBe('true');
    // Enter in the subject (the form's implicit submission) sends nothing either.
    await form.getByLabel('Тема', { exact: true }).press('Enter');
    await screenshot(page, 'mail-compose-over-limit-phone', { fullPage: false });
    await fitsAndPasses(page);
    expect(operations.filter((name) => name === 'SendMessage')).toEqual([]);

    // Back to the limit (the line break at its end is not sent, so not counted): it goes.
    await text.fill(`${'т'.repeat(120)}\n`);
    await form.getByText('Осталось 0 знаков из 120', { exact: true }).waitFor();
    expect(await why.count()).toBe(0);
    await send.click();
    await mailView(page)
      .getByRole('status')
      .filter({ hasText: `Отправлено: ${LEV_TEACHER} (ЭлЖур).` })
      .waitFor();
    expect(operations.filter((name) => name === 'SendMessage')).toHaveLength(1);
    expect(
      (await folderOf(client, 'SENT')).filter((message) => message.subject === 'Справка для бассейна'),
    ).toHaveLength(1);

    // A reply is held to its message's diary's limit the same way.
    await itemNamed(page, MEETING).getByRole('link').click();
    await mailView(page).getByRole('button', { name: 'Ответить' }).click();
    const reply = mailView(page).getByRole('form', { name: 'Ответ' });
    await reply.getByLabel('Текст ответа').fill('т'.repeat(130));
    await reply.getByText('Больше допустимого на 10 знаков (можно 120)', { exact: true }).waitFor();
    await reply
      .getByRole('status')
      .filter({ hasText: 'Текст слишком длинный: ЭлЖур принимает не больше 120 знаков.' })
      .waitFor();
    expect(await reply.getByRole('button', { name: 'Отправить ответ' }).isDisabled()).toBe(true);
  });
});

describe('new mail while the mail view is open', () => {
  it('should show a teacher’s new message and a school’s new notice in the open list, each item once and the depth loaded kept, leaving the draft being written as it was; and read no list while the view is closed', async () => {
    const clock = testClock();
    const gateway = await family.startGateway({ PERSISTED_OPERATIONS: 'only' }, clock.now);
    const eljur = gateway.target.gateway.demo!.simulators.eljur;
    // More than a page of inbox, so that «Показать ещё» has loaded a second page when the new message comes.
    for (let n = 1; n <= 21; n += 1)
      eljur.writeMessage({ subject: `Напоминание ${n}`, text: `<p>Напоминание номер ${n}.</p>` });
    // The detector's first poll is its baseline: what the mailboxes hold now is not new.
    await gateway.target.gateway.detectChanges(['mail']);

    const page = await gateway.openPage('phone');
    // The page subscribes once it has read the feed's end: what comes after that is told to it.
    const subscribed = page.waitForEvent('websocket');
    await signInAs(page, 'parent');
    await dashboardShown(page);
    await subscribed;
    await openMail(page);
    await showAll(page);
    const depth = await mailItems(page).count();
    expect(depth).toBeGreaterThan(20);

    // A draft in the works, the focus in its text.
    await mailView(page).getByRole('button', { name: 'Написать учителю' }).click();
    const form = mailView(page).getByRole('form', { name: 'Новое сообщение' });
    await form.getByLabel('Ребёнок').selectOption({ label: LEV });
    const teacher = form
      .getByRole('group', { name: 'Классные руководители' })
      .getByRole('checkbox', { name: new RegExp(`^${LEV_TEACHER}`) });
    await teacher.check();
    await form.getByLabel('Тема', { exact: true }).fill('Про экскурсию');
    const text = form.getByLabel('Текст', { exact: true });
    await text.fill('Добрый день! Хотели');
    const operations = recordOperations(page);

    // The teacher writes; the gateway's next poll finds the message and tells the page.
    clock.advance(PAST_MESSAGES_FRESH_MS);
    eljur.writeMessage({ subject: 'Экскурсия переносится', text: '<p>Экскурсия переносится на понедельник.</p>' });
    await gateway.target.gateway.detectChanges(['mail']);
    await announcement(page).getByText(`Новое сообщение — от ${LEV_TEACHER}`).waitFor();
    await itemNamed(page, 'Экскурсия переносится').waitFor();
    // On top and unread; every message once, and none of the second page lost.
    expect(await mailItems(page).first().locator('.mail-item__subject').textContent()).toBe(
      'новоеЭкскурсия переносится',
    );
    const ids = await listedIds(page);
    expect(ids).toHaveLength(depth + 1);
    expect(new Set(ids).size).toBe(ids.length);
    // The list's first page was read again, once; the form's children and address book were not.
    expect(operations.filter((name) => MAIL_READS.has(name))).toEqual(['Messages']);
    // The draft as it was, the focus still in its text, and typing goes on where it stopped.
    expect(await text.inputValue()).toBe('Добрый день! Хотели');
    expect(await form.getByLabel('Тема', { exact: true }).inputValue()).toBe('Про экскурсию');
    expect(await teacher.isChecked()).toBe(true);
    expect(await isFocused(text)).toBe(true);
    await text.press('End');
    await page.keyboard.type(' уточнить время.');
    expect(await text.inputValue()).toBe('Добрый день! Хотели уточнить время.');
    await screenshot(page, 'mail-inbox-new-message-phone', { fullPage: false });
    await fitsAndPasses(page);

    // «Объявления» open: the school posts a notice, and it comes into the list.
    await mailView(page).getByRole('button', { name: 'Отмена' }).click();
    await openFolder(page, 'Объявления');
    await showAll(page);
    const notices = await mailItems(page).count();
    clock.advance(PAST_NOTICES_FRESH_MS);
    eljur.postNotice({ title: 'Субботник в пятницу', text: '<p>Ждём всех в 15:00.</p>' });
    await gateway.target.gateway.detectChanges(['mail']);
    await itemNamed(page, 'Субботник в пятницу').waitFor();
    const noticeIds = await listedIds(page);
    expect(noticeIds).toHaveLength(notices + 1);
    expect(new Set(noticeIds).size).toBe(noticeIds.length);

    // The view closed: a new message is told, and no list is read for it.
    await openChildrenView(page);
    operations.length = 0;
    const reloaded = nextDashboardAnswer(page);
    clock.advance(PAST_MESSAGES_FRESH_MS);
    eljur.writeMessage({ subject: 'Спортивная форма', text: '<p>Завтра физкультура на улице.</p>' });
    await gateway.target.gateway.detectChanges(['mail']);
    // The dashboard's reload is asked in the same moment the mail view would be told.
    await reloaded;
    expect(operations.filter((name) => MAIL_READS.has(name))).toEqual([]);
    // Opened again, the view reads its list, the new message in it.
    await openMail(page);
    await itemNamed(page, 'Спортивная форма').waitFor();
  });
});

describe('a send whose outcome the diary left unknown', () => {
  it('should send the family to «Отправленные» and never send the draft again', async () => {
    const { gateway, page, client } = await signedIn('parent');
    const sentBefore = (await folderOf(client, 'SENT')).length;
    await openMail(page);
    const form = await draftToLevTeacher(page);
    await form.getByLabel('Тема', { exact: true }).fill('Согласие на экскурсию');
    await form.getByLabel('Текст', { exact: true }).fill('Согласие принесём завтра.');

    // Eljur answers the send with a server error: it may have taken the message, or not.
    const eljur = gateway.target.gateway.demo!.simulators.eljur;
    eljur.setFault('server-error');
    await form.getByRole('button', { name: 'Отправить' }).click();
    const unclear = form.getByRole('alert').filter({ hasText: 'ЭлЖур не дал ясного ответа' });
    await unclear.waitFor();
    await unclear.getByRole('link', { name: 'Открыть «Отправленные»' }).waitFor();

    // Eljur is back; «Отправить» again is refused by the gateway rather than risk a second message.
    eljur.setFault('none');
    await form.getByRole('button', { name: 'Отправить' }).click();
    const unknown = form.getByRole('alert').filter({ hasText: 'ЭлЖур не сказал, принял ли сообщение.' });
    await unknown.waitFor();
    await screenshot(page, 'mail-send-unknown-phone', { fullPage: false });
    expect(await folderOf(client, 'SENT')).toHaveLength(sentBefore);
    await unknown.getByRole('link', { name: 'Открыть «Отправленные»' }).click();
    await page.waitForURL((url) => url.hash === '#mail/sent');
    await listShown(page);
    expect(await itemNamed(page, 'Согласие на экскурсию').count()).toBe(0);
  });
});

describe('the mail in English, on a desktop', () => {
  it('should speak English when switched, fit the screen and pass axe', async () => {
    const gateway = await family.startGateway({ PERSISTED_OPERATIONS: 'only' });
    const page = await gateway.openPage('desktop');
    await signInAs(page, 'parent');
    await dashboardShown(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Messages', exact: true })
      .click();
    const mail = page.getByRole('main').getByRole('region', { name: 'Messages', exact: true });
    await mail.locator('.mail-list').waitFor();
    expect(await mail.getByRole('navigation', { name: 'Folders' }).getByRole('link').allTextContents()).toEqual([
      'Inbox',
      'Sent',
      'Notices',
    ]);
    await mail
      .getByText(
        'MESH (Артём, Мария, Полина) does not let this service read its messages — read them in the diary itself.',
      )
      .waitFor();
    await mail.getByRole('button', { name: 'Write to a teacher' }).click();
    await mail.getByRole('form', { name: 'New message' }).getByText('5,000 characters left of 5,000').waitFor();
    await screenshot(page, 'mail-english-desktop');
    await fitsAndPasses(page);
  });
});

describe('a child’s card', () => {
  it('should sign Полина’s МЭШ week after a confirmation, show Софья’s remarks, and Лев’s Eljur week as read-only', async () => {
    const { page, client } = await signedIn('parent');
    const polina = childCard(page, POLINA);
    const state = polina.getByText(`Неделя ${THIS_WEEK}: не подписана`);
    await state.waitFor();
    await polina.getByRole('button', { name: 'Подписать неделю Полина, МЭШ' }).click();
    const question = polina.getByRole('group', { name: /^Подписать неделю 23 ноября – 29 ноября в дневнике МЭШ\?/ });
    await waitForFocus(question.getByRole('button', { name: 'Отмена' }));
    await question.getByRole('button', { name: 'Да, подписать' }).click();
    await polina
      .getByRole('status')
      .filter({ hasText: `Неделя ${THIS_WEEK} подписана.` })
      .waitFor();
    await polina.getByText(new RegExp(`^Неделя ${THIS_WEEK}: подписана`)).waitFor();
    expect(await polina.getByRole('button', { name: /^Подписать неделю/ }).count()).toBe(0);
    await polina.scrollIntoViewIfNeeded();
    await screenshot(page, 'mail-card-signed-phone', { fullPage: false });
    const signedNow = (await childNotes(client)).find((student) => student.fullName === POLINA)!;
    expect(signedNow.diarySignatures).toEqual([
      expect.objectContaining({ provider: 'MESH', signed: true, canSign: false }),
    ]);

    // Софья (Dnevnik.ru): the teachers' remarks of the last 30 days, opened on request.
    const remarks = childCard(page, SOFYA).getByRole('button', { name: 'Замечания учителей' });
    await remarks.click();
    await childCard(page, SOFYA).getByText('Разговаривала на уроке, мешала классу.').first().waitFor();
    await childCard(page, SOFYA).getByText('10 записей за 30 дней').waitFor();

    // Лев (Eljur keeps signatures read-only): the state, and where to sign; no button.
    const lev = childCard(page, LEV);
    await lev
      .getByText(`Неделя ${THIS_WEEK}: не подписана; подписать её можно только в самом дневнике (ЭлЖур)`)
      .waitFor();
    expect(await lev.getByRole('button', { name: /^Подписать неделю/ }).count()).toBe(0);
    await fitsAndPasses(page);
  });
});

describe('a trusted person and mail', () => {
  it('should show the grandmother the mail once every child of the account is shared with it, and offer her nothing to write or sign', async () => {
    const parent = await signedIn('parent');
    const { page } = parent;
    await openManageView(page);
    const trusted = manageSection(page, 'trusted');

    // Лев with «Может читать сообщения и объявления» ticked; Мария without.
    const code1 = await invite(trusted, LEV, true);
    const code2 = await invite(trusted, MARIA, false);
    const grants = (await parent.client.request(TrustedPersonsDocument)).data.viewer.trustedPersons;
    expect(grants.map((grant) => [grant.student?.fullName, grant.extraScopes])).toEqual(
      expect.arrayContaining([
        [LEV, ['MESSAGES']],
        [MARIA, []],
      ]),
    );

    const grandmother = await signedIn('grandmother', parent.gateway);
    await openManageView(grandmother.page);
    for (const code of [code1, code2]) {
      const accept = manageSection(grandmother.page, 'trusted');
      await accept.getByLabel('Код приглашения').fill(code);
      await accept.getByRole('button', { name: 'Принять приглашение' }).click();
      await accept.getByRole('status').filter({ hasText: 'Приглашение принято' }).waitFor();
    }

    // Only Лев of the Eljur account (Лев, Мария) shared with mail: its mail is not hers to read.
    await openMail(grandmother.page);
    await mailView(grandmother.page)
      .getByText(/^Входящих сообщений нет\. Сообщения и объявления дневника видны доверенному лицу, только если/)
      .waitFor();
    expect(await mailView(grandmother.page).getByRole('button', { name: 'Написать учителю' }).count()).toBe(0);

    // The parent ticks it for Мария on the grant.
    await page.reload();
    await openManageView(page);
    const grant = trusted.getByRole('listitem').filter({ hasText: MARIA }).filter({ hasText: GRANDMOTHER });
    const toggle = grant.getByRole('checkbox', { name: /^Может читать сообщения и объявления/ });
    expect(await toggle.isChecked()).toBe(false);
    expect(await toggle.getAttribute('aria-describedby')).toBeTruthy();
    await toggle.check();
    await trusted
      .getByRole('status')
      .filter({ hasText: `Теперь ${GRANDMOTHER} может читать сообщения и объявления.` })
      .waitFor();
    await screenshot(page, 'mail-trusted-toggle-phone', { fullPage: false });
    await fitsAndPasses(page);
    const after = (await parent.client.request(TrustedPersonsDocument)).data.viewer.trustedPersons;
    expect(after.find((entry) => entry.student?.fullName === MARIA)?.extraScopes).toEqual(['MESSAGES']);

    // Now she reads the Eljur inbox: an unread message shows its start only, and stays unread for the parent.
    await grandmother.page.reload();
    await listShown(grandmother.page);
    const meeting = itemNamed(grandmother.page, MEETING);
    await meeting.getByText('новое', { exact: true }).waitFor();
    expect(await mailView(grandmother.page).getByRole('button', { name: 'Написать учителю' }).count()).toBe(0);
    await meeting.getByRole('link').click();
    await mailView(grandmother.page)
      .getByText(
        'Родитель ещё не открыл это сообщение. Чтобы оно не стало прочитанным за него, здесь видно только начало:',
      )
      .waitFor();
    expect(await mailView(grandmother.page).getByRole('button', { name: 'Ответить' }).count()).toBe(0);
    await screenshot(grandmother.page, 'mail-grandmother-message-phone', { fullPage: false });
    await fitsAndPasses(grandmother.page);
    const parentInbox = await folderOf(parent.client, 'INBOX');
    expect(parentInbox.find((message) => message.subject === MEETING)?.isRead).toBe(false);

    // A read one she reads whole, still with no «Ответить».
    await mailView(grandmother.page).getByRole('link', { name: '← К списку' }).click();
    await itemNamed(grandmother.page, 'Оплата питания').getByRole('link').click();
    await mailView(grandmother.page)
      .getByText(/Квитанции на оплату питания — во вложении\./)
      .waitFor();
    expect(await mailView(grandmother.page).getByRole('button', { name: 'Ответить' }).count()).toBe(0);

    // Her cards: the week's state, no «Подписать неделю».
    await openChildrenView(grandmother.page);
    await childCard(grandmother.page, MARIA).getByText(`Неделя ${THIS_WEEK} (МЭШ): не подписана`).waitFor();
    expect(
      await grandmother.page
        .getByRole('main')
        .getByRole('button', { name: /^Подписать неделю/ })
        .count(),
    ).toBe(0);
  });
});

/** Invites the grandmother by name to `child` in the parent's trusted section; returns the code shown once. */
async function invite(trusted: Locator, child: string, messages: boolean): Promise<string> {
  await trusted.getByLabel('Ребёнок').selectOption({ label: child });
  await trusted.getByLabel('Фамилия, имя и отчество').fill(GRANDMOTHER);
  const box = trusted.getByRole('checkbox', { name: 'Может читать сообщения и объявления', exact: true });
  if (messages) await box.check();
  else await box.uncheck();
  await trusted.getByRole('button', { name: 'Пригласить', exact: true }).click();
  const codeBox = trusted.getByRole('region', { name: 'Код приглашения' });
  await waitForFocus(codeBox);
  const code = (await codeBox.getByRole('paragraph').first().textContent())?.trim() ?? '';
  expect(code).toMatch(/^\S{8,}$/);
  // «Готово»: the code is passed on; the form is there for the next invitation.
  await codeBox.getByRole('button').last().click();
  await codeBox.waitFor({ state: 'detached' });
  return code;
}

/**
 * Past the cached inbox's and notices' fresh windows (1 and 5 minutes, docs/messages.md): the detector's next poll
 * asks the diary again rather than take the copy it read last.
 */
const PAST_MESSAGES_FRESH_MS = 60_000 + 1_000;
const PAST_NOTICES_FRESH_MS = 5 * 60_000 + 1_000;

/** The mail view's queries that read a list or what the forms are built from. */
const MAIL_READS: ReadonlySet<string> = new Set(['Messages', 'Notices', 'MailChildren', 'MessageRecipients']);

/** The page's live announcement (the polite status region above the views). */
/** Opens «Написать учителю» for Лев with his class teacher ticked, and gives the form. */
async function draftToLevTeacher(page: Page): Promise<Locator> {
  await mailView(page).getByRole('button', { name: 'Написать учителю' }).click();
  const form = mailView(page).getByRole('form', { name: 'Новое сообщение' });
  await form.getByLabel('Ребёнок').selectOption({ label: LEV });
  await form
    .getByRole('group', { name: 'Классные руководители' })
    .getByRole('checkbox', { name: new RegExp(`^${LEV_TEACHER}`) })
    .check();
  return form;
}

const announcement = (page: Page) => page.locator('.live [role="status"]');

/** The gateway's ids of the items of the list shown now, in order. */
function listedIds(page: Page): Promise<(string | null)[]> {
  return mailItems(page)
    .locator('[data-mail-id]')
    .evaluateAll((links) =>
      links.map((link) => (link as unknown as { dataset: { mailId?: string } }).dataset.mailId ?? null),
    );
}

/** The operation names of the page's GraphQL requests from now on, in order (the array fills as they go). */
function recordOperations(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request: Request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { operationName?: string } | null;
    names.push(body?.operationName ?? '');
  });
  return names;
}

/** The client keys of every `ReplyToMessage` the page sends, in order. */
function recordReplyKeys(page: Page): string[] {
  const keys: string[] = [];
  page.on('request', (request: Request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as {
      operationName?: string;
      variables?: { input?: { clientKey?: string } };
    } | null;
    if (body?.operationName === 'ReplyToMessage') keys.push(body.variables?.input?.clientKey ?? '');
  });
  return keys;
}
