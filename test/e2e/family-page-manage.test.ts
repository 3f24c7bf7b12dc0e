/**
 * The parent's flows on the family page's settings (`#manage`), in Chromium, the way a parent goes through
 * them (clicks and typing), each checked on the page and, where it matters, against the gateway with the
 * page's own session (test/support/family-browser.ts): a diary unlinked and linked again through the
 * diary's own sign-in, a match confirmed or rejected, a trusted person invited, accepted and revoked, an
 * absence notice sent and withdrawn (and refused for a diary that takes none), and the keyboard's way
 * through a card's disclosure and a confirmation.
 *
 * Each test has a gateway of its own (`useFamilyBrowser`): what one changes, the next never sees. Nothing
 * sleeps: every step waits for a role or a text. Screenshots (a phone's size) go to
 * test-artifacts/family-page/manage-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  DashboardDocument,
  DiaryClientError,
  ProviderAccountsDocument,
  ReportAbsenceDocument,
  StudentMatchSuggestionsDocument,
  TrustedPersonsDocument,
  type DashboardQuery,
  type DashboardQueryVariables,
  type DiaryClient,
} from '../../client/src/index.js';
import {
  ARTEM,
  ARTEM_CHESS,
  cardPart,
  childCard,
  childNames,
  clientOfPage,
  dashboardShown,
  GRANDMOTHER,
  isFocused,
  LEV,
  manageListsLoaded,
  manageSection,
  MARIA,
  nextDashboardAnswer,
  openChildrenView,
  openManageView,
  recordDashboardRequests,
  screenshot,
  signInAs,
  SOFYA,
  tabTo,
  useFamilyBrowser,
  waitForFocus,
  type OwnFamilyGateway,
} from '../support/family-browser.js';

const family = useFamilyBrowser();

/** The day after the tests' `TEST_NOW` (Monday 23 November 2026 in Moscow), and that day in words. */
const TOMORROW = '2026-11-24';
const TOMORROW_IN_WORDS = '24 ноября 2026 г.';
/** Tomorrow as a card's attendance row writes it. */
const TOMORROW_ON_CARD = '24 нояб.';

/** The parent, signed in on a phone against a gateway of this test's own, every child's card shown. */
interface SignedInParent {
  gateway: OwnFamilyGateway;
  page: Page;
  /** The typed client with the page's session. */
  client: DiaryClient;
  /** The dates of the page's dashboard query, to ask the gateway for the same. */
  dates: DashboardQueryVariables;
}

async function parentSignedIn(): Promise<SignedInParent> {
  const gateway = await family.startGateway();
  const page = await gateway.openPage('phone');
  const sent = recordDashboardRequests(page);
  await signInAs(page, 'parent');
  await page.getByRole('button', { name: 'Обновить' }).waitFor();
  return { gateway, page, client: await clientOfPage(page, gateway.target), dates: sent.at(-1)! };
}

/** The children the gateway gives the page's session now. */
async function studentsOf(client: DiaryClient, dates: DashboardQueryVariables) {
  return (await client.request(DashboardDocument, dates)).data.viewer.students;
}

/** The diaries the session has linked, as the gateway lists them. */
async function linkedProviders(client: DiaryClient): Promise<string[]> {
  const { data } = await client.request(ProviderAccountsDocument);
  return data.viewer.providerAccounts.map((account) => account.provider);
}

/** The names of the children in a dashboard answer, in its order. */
const namesIn = (answer: DashboardQuery) => answer.viewer.students.map((student) => student.fullName);

/** The diaries the page lists as linked: the names its «Отключить» buttons give screen readers. */
async function linkedOnPage(page: Page): Promise<string[]> {
  const buttons = manageSection(page, 'accounts').getByRole('button', { name: /^Отключить / });
  return (await buttons.allTextContents()).map((name) => name.replace(/^Отключить\s*/, ''));
}

describe('linking and unlinking a diary', () => {
  it('should unlink Dnevnik.ru after a confirmation, and link it again through the diary’s own sign-in', async () => {
    const { page, client, dates } = await parentSignedIn();
    expect(await childNames(page)).toEqual(expect.arrayContaining([SOFYA, ARTEM_CHESS]));
    await openManageView(page);
    expect(await linkedOnPage(page)).toContain('Дневник.ру');

    // The confirmation: the question, focus on «Отмена», and nothing unlinked while it is asked.
    await manageSection(page, 'accounts').getByRole('button', { name: 'Отключить Дневник.ру' }).click();
    const question = page.getByRole('group', { name: /^Отключить дневник «Дневник\.ру»/ });
    await waitForFocus(question.getByRole('button', { name: 'Отмена' }));
    expect(await linkedProviders(client)).toContain('DNEVNIK');
    await screenshot(page, 'manage-unlink-question-phone', { fullPage: false });

    const reloaded = nextDashboardAnswer(page);
    await question.getByRole('button', { name: 'Да, отключить' }).click();
    await manageSection(page, 'accounts')
      .getByRole('status')
      .filter({ hasText: 'Дневник «Дневник.ру» отключён.' })
      .waitFor();
    const withoutDnevnik = namesIn(await reloaded);
    await manageSection(page, 'accounts').getByRole('button', { name: 'Отключить Дневник.ру' }).waitFor({
      state: 'detached',
    });
    expect(await linkedOnPage(page)).toEqual(['МЭШ — Москва', 'ЭлЖур', '«Моя школа» — Московская область']);
    expect(await linkedProviders(client)).not.toContain('DNEVNIK');

    // The children view follows: Софья and the chess club's Артем came only through Dnevnik.ru.
    expect(withoutDnevnik).toHaveLength(4);
    expect(withoutDnevnik).not.toContain(SOFYA);
    await openChildrenView(page);
    expect(await childNames(page)).toEqual(withoutDnevnik);
    expect(await childNames(page)).not.toContain(ARTEM_CHESS);
    await screenshot(page, 'manage-unlinked-children-phone');

    // Linking again: «Подключить дневник» → Dnevnik.ru's own sign-in page (its simulator's origin).
    await openManageView(page);
    await manageSection(page, 'accounts').getByRole('link', { name: 'Дневник.ру', exact: true }).click();
    const diaryPage = page.getByRole('heading', { level: 1, name: 'Вход в Дневник.ру' });
    await diaryPage.waitFor();

    // A wrong password: the diary's page again, with its message, and nothing linked.
    await page.getByLabel('Логин').fill('ivanova.anna');
    await page.getByLabel('Пароль').fill('not-the-password');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Неверный логин или пароль' }).waitFor();
    await diaryPage.waitFor();
    await screenshot(page, 'manage-link-wrong-password-phone', { fullPage: false });
    expect(await linkedProviders(client)).not.toContain('DNEVNIK');

    await page.getByLabel('Логин').fill('ivanova.anna');
    await page.getByLabel('Пароль').fill('demo-dnevnik-password');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Доступ к данным' }).waitFor();
    await page.getByRole('button', { name: 'Разрешить' }).click();

    // Back on the settings, the account listed again, and Софья back on the children view.
    await page.waitForURL((url) => url.pathname === '/' && url.hash === '#manage');
    await manageListsLoaded(page);
    expect(await linkedOnPage(page)).toContain('Дневник.ру');
    const accounts = (await client.request(ProviderAccountsDocument)).data.viewer.providerAccounts;
    expect(accounts.find((account) => account.provider === 'DNEVNIK')?.status).toBe('ACTIVE');
    await screenshot(page, 'manage-linked-again-phone');
    await openChildrenView(page);
    const again = (await studentsOf(client, dates)).map((student) => student.fullName);
    expect(again).toHaveLength(6);
    expect(again).toContain(SOFYA);
    expect(await childNames(page)).toEqual(again);
  });
});

describe('one child in two diaries', () => {
  /** The suggestion's «Это один ребёнок» or «Разные дети», as screen readers name the pair's buttons. */
  const decision = (page: Page, words: 'Это один ребёнок' | 'Разные дети') =>
    manageSection(page, 'matches').getByRole('button', { name: `${words} ${ARTEM} и ${ARTEM_CHESS}` });

  it('should show Артём as one card with both diaries once the parent confirms the match', async () => {
    const { page, client, dates } = await parentSignedIn();
    expect(await childNames(page)).toHaveLength(6);
    await openManageView(page);
    await decision(page, 'Это один ребёнок').click();
    const question = page.getByRole('group', { name: /^Объединить в одну карточку/ });
    await question.waitFor();
    expect((await client.request(StudentMatchSuggestionsDocument)).data.viewer.studentMatchSuggestions).toHaveLength(1);
    await screenshot(page, 'manage-match-question-phone', { fullPage: false });

    const reloaded = nextDashboardAnswer(page);
    await question.getByRole('button', { name: 'Да, объединить' }).click();
    const matches = manageSection(page, 'matches');
    await matches
      .getByRole('status')
      .filter({ hasText: `Объединено: ${ARTEM} и ${ARTEM_CHESS}.` })
      .waitFor();
    await matches.getByText('Предложений нет.').waitFor();

    // The gateway: five children, Артём in both his diaries.
    const merged = await reloaded;
    expect(namesIn(merged)).toHaveLength(5);
    const artem = (await studentsOf(client, dates)).find((student) => student.fullName === ARTEM);
    expect(new Set(artem?.enrollments.map((enrollment) => enrollment.provider))).toEqual(new Set(['MESH', 'DNEVNIK']));

    // The page: five cards, Артём's naming both diaries and the chess club.
    await openChildrenView(page);
    expect(await childNames(page)).toEqual(namesIn(merged));
    expect(await childNames(page)).not.toContain(ARTEM_CHESS);
    const card = childCard(page, ARTEM);
    expect(await card.getByRole('list', { name: 'Дневники' }).getByRole('listitem').allTextContents()).toEqual([
      'МЭШ',
      'Дневник.ру',
    ]);
    expect(await card.getByText(/Шахматный клуб «Ладья»/).count()).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'manage-merged-artem-phone', { fullPage: false });
  });

  it('should keep six cards and drop the suggestion when the parent says they are different children', async () => {
    const { page, client, dates } = await parentSignedIn();
    await openManageView(page);
    const reloaded = nextDashboardAnswer(page);
    await decision(page, 'Разные дети').click();
    const matches = manageSection(page, 'matches');
    await matches
      .getByRole('status')
      .filter({ hasText: `Оставлены отдельно: ${ARTEM} и ${ARTEM_CHESS}. Больше не предложим.` })
      .waitFor();
    await matches.getByText('Предложений нет.').waitFor();
    await screenshot(page, 'manage-match-rejected-phone', { fullPage: false });
    expect((await client.request(StudentMatchSuggestionsDocument)).data.viewer.studentMatchSuggestions).toEqual([]);

    expect(namesIn(await reloaded)).toHaveLength(6);
    await openChildrenView(page);
    expect(await childNames(page)).toEqual((await studentsOf(client, dates)).map((student) => student.fullName));
    expect(await childNames(page)).toEqual(expect.arrayContaining([ARTEM, ARTEM_CHESS]));

    // Not suggested again: a reload of the settings still has none.
    await openManageView(page);
    await page.reload();
    await manageListsLoaded(page);
    await manageSection(page, 'matches').getByText('Предложений нет.').waitFor();
    expect(await decision(page, 'Это один ребёнок').count()).toBe(0);
  });
});

describe('a trusted person', () => {
  it('should let the grandmother read Мария only, read-only, until the parent revokes it', async () => {
    const { gateway, page, client } = await parentSignedIn();
    await openManageView(page);

    // The parent invites her by full name; the code is shown once.
    const trusted = manageSection(page, 'trusted');
    await trusted.getByLabel('Ребёнок').selectOption({ label: MARIA });
    expect(await trusted.getByRole('radio', { name: 'По фамилии, имени и отчеству' }).isChecked()).toBe(true);
    await trusted.getByLabel('Фамилия, имя и отчество').fill(GRANDMOTHER);
    await trusted.getByRole('button', { name: 'Пригласить', exact: true }).click();
    const codeBox = trusted.getByRole('region', { name: 'Код приглашения' });
    // The code takes the focus, so a screen reader reads it out at once.
    await waitForFocus(codeBox);
    const code = (await codeBox.getByRole('paragraph').first().textContent())?.trim() ?? '';
    expect(code).toMatch(/^\S{8,}$/);
    await codeBox.scrollIntoViewIfNeeded();
    await screenshot(page, 'manage-invitation-code-phone', { fullPage: false });
    const [pending] = (await client.request(TrustedPersonsDocument)).data.viewer.trustedPersons;
    expect(pending).toMatchObject({
      status: 'PENDING',
      inviteeLabel: GRANDMOTHER,
      student: { fullName: MARIA },
    });

    // The grandmother, in a browser of her own: signed in as herself, nothing to see yet; the code.
    const grandmother = await gateway.openPage('phone');
    const grandmotherDates = recordDashboardRequests(grandmother);
    await signInAs(grandmother, 'grandmother');
    await grandmother.getByText('Пока здесь нет детей').waitFor();
    await openManageView(grandmother);
    const accept = manageSection(grandmother, 'trusted');
    // With no child of her own, the code's form is open for her already.
    expect(
      await accept.getByRole('button', { name: 'У меня есть код приглашения' }).getAttribute('aria-expanded'),
    ).toBe('true');
    await accept.getByLabel('Код приглашения').fill(code);
    const reloaded = nextDashboardAnswer(grandmother);
    await accept.getByRole('button', { name: 'Принять приглашение' }).click();
    await accept
      .getByRole('status')
      .filter({ hasText: `Приглашение принято: ${MARIA}` })
      .waitFor();
    expect(namesIn(await reloaded)).toEqual([MARIA]);
    await screenshot(grandmother, 'manage-grandmother-accepted-phone');

    // What her settings offer for Мария: reading only. No unlinking, inviting, revoking or notices.
    await accept.getByRole('listitem').filter({ hasText: MARIA }).filter({ hasText: 'Открыл(а):' }).waitFor();
    const main = grandmother.getByRole('main');
    for (const name of [/^Отключить/, /^Отозвать/, /^Пригласить$/, /^Отправить уведомление$/, /^Это один ребёнок/])
      expect(await main.getByRole('button', { name }).count(), String(name)).toBe(0);
    await accept.getByText('Пригласить можно к ребёнку из ваших подключённых дневников; сейчас таких нет.').waitFor();
    await manageSection(grandmother, 'absence')
      .getByText('Сообщить можно только о ребёнке из ваших подключённых дневников; сейчас таких нет.')
      .waitFor();

    // Her children view: Мария's card only, marked read-only; the gateway agrees, and refuses her a notice.
    await openChildrenView(grandmother);
    expect(await childNames(grandmother)).toEqual([MARIA]);
    await childCard(grandmother, MARIA).getByText('только просмотр', { exact: true }).waitFor();
    await screenshot(grandmother, 'manage-grandmother-children-phone', { fullPage: false });
    const grandmotherClient = await clientOfPage(grandmother, gateway.target);
    const [shared] = await studentsOf(grandmotherClient, grandmotherDates.at(-1)!);
    expect(shared).toMatchObject({ fullName: MARIA, access: 'TRUSTED_READ_ONLY' });
    await expect(
      grandmotherClient.request(ReportAbsenceDocument, {
        input: { studentId: shared!.id, from: TOMORROW, to: TOMORROW, reason: 'ILLNESS' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // The parent sees it accepted, and revokes it after a confirmation.
    await page.reload();
    await manageListsLoaded(page);
    const grant = trusted.getByRole('listitem').filter({ hasText: GRANDMOTHER });
    await grant.getByText('доступ открыт', { exact: true }).waitFor();
    await grant.getByRole('button', { name: `Отозвать ${GRANDMOTHER}, ${MARIA}` }).click();
    const question = grant.getByRole('group', { name: new RegExp(`^Отозвать доступ \\(${GRANDMOTHER}\\)`) });
    await question.waitFor();
    expect((await client.request(TrustedPersonsDocument)).data.viewer.trustedPersons[0]?.status).toBe('ACTIVE');
    await question.getByRole('button', { name: 'Да, отозвать' }).click();
    await trusted
      .getByRole('status')
      .filter({ hasText: `Доступ отозван: ${GRANDMOTHER}.` })
      .waitFor();
    await grant.getByText('доступ отозван', { exact: true }).waitFor();
    expect(await grant.getByRole('button', { name: /^Отозвать/ }).count()).toBe(0);
    expect((await client.request(TrustedPersonsDocument)).data.viewer.trustedPersons[0]?.status).toBe('REVOKED');

    // Her reload: no Мария.
    await grandmother.reload();
    await grandmother.getByText('Пока здесь нет детей').waitFor();
    expect(await childNames(grandmother)).toEqual([]);
    expect(await studentsOf(grandmotherClient, grandmotherDates.at(-1)!)).toEqual([]);
    await screenshot(grandmother, 'manage-grandmother-revoked-phone', { fullPage: false });
  });
});

/**
 * Мария's «Посещаемость» rows of tomorrow's whole day, on the children view loaded afresh in `page` (the
 * parent's second tab): the card's attendance opened, its rows shown.
 */
async function mariaTomorrowRows(page: Page): Promise<Locator> {
  await page.goto('/');
  await dashboardShown(page);
  const toggle = childCard(page, MARIA).getByRole('button', { name: 'Посещаемость', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  const rows = cardPart(page, MARIA, 'Посещаемость').getByRole('listitem');
  await rows.first().waitFor();
  return rows.filter({ hasText: TOMORROW_ON_CARD }).filter({ hasText: 'весь день' });
}

describe('absence notices', () => {
  it('should send Мария’s notice for tomorrow to МЭШ, show it on her card, and withdraw it', async () => {
    const { page, client, dates } = await parentSignedIn();
    await openManageView(page);
    const absence = manageSection(page, 'absence');
    await absence.getByLabel('Ребёнок').selectOption({ label: MARIA });
    await absence.getByText('Уведомление получит: ГБОУ Школа № 1535 (МЭШ).').waitFor();
    // Tomorrow is what the form offers first.
    expect(await absence.getByLabel('Первый день').inputValue()).toBe(TOMORROW);
    expect(await absence.getByLabel('Последний день').inputValue()).toBe(TOMORROW);
    await absence.getByLabel('Причина').selectOption({ label: 'Болезнь' });
    const reloaded = nextDashboardAnswer(page);
    await absence.getByRole('button', { name: 'Отправить уведомление' }).click();
    const sent = absence
      .getByRole('status')
      .filter({ hasText: `Уведомление отправлено: ${MARIA}, ${TOMORROW_IN_WORDS} МЭШ принял уведомление.` });
    await sent.waitFor();
    await sent.scrollIntoViewIfNeeded();
    await screenshot(page, 'manage-absence-sent-phone', { fullPage: false });

    // The gateway: Мария away tomorrow, the whole day, excused, through МЭШ.
    const maria = (await reloaded).viewer.students.find((student) => student.fullName === MARIA)!;
    expect(maria.attendance.filter((record) => record.date === TOMORROW)).toEqual([
      expect.objectContaining({ kind: 'EXCUSED_ABSENCE', lesson: null, provider: 'MESH' }),
    ]);

    // The page, in a second tab (this one keeps «Отменить уведомление»): tomorrow on Мария's card.
    const look = await page.context().newPage();
    const shown = await mariaTomorrowRows(look);
    expect(await shown.count()).toBe(1);
    expect(await shown.textContent()).toContain('пропуск по уважительной причине: болезнь');
    await shown.scrollIntoViewIfNeeded();
    await screenshot(look, 'manage-absence-on-card-phone', { fullPage: false });

    // Withdrawn after a confirmation: gone from the gateway and, after a reload, from the card.
    await absence.getByRole('button', { name: 'Отменить уведомление' }).click();
    const question = absence.getByRole('group', { name: /^Отменить уведомление об отсутствии/ });
    await question.getByRole('button', { name: 'Да, отменить' }).click();
    await absence
      .getByRole('status')
      .filter({ hasText: `Уведомление отменено: ${MARIA}, ${TOMORROW_IN_WORDS} МЭШ отменил уведомление.` })
      .waitFor();
    const after = (await studentsOf(client, dates)).find((student) => student.fullName === MARIA)!;
    expect(after.attendance.filter((record) => record.date === TOMORROW)).toEqual([]);
    expect(await (await mariaTomorrowRows(look)).count()).toBe(0);
  });

  it('should warn first for Лев (Eljur only), then show the gateway’s refusal and keep what was typed', async () => {
    const { page, client, dates } = await parentSignedIn();
    await openManageView(page);
    const absence = manageSection(page, 'absence');
    const child = absence.getByLabel('Ребёнок');
    await child.selectOption({ label: LEV });
    const warning = absence.getByText(
      'Дневник этой школы не принимает уведомления (сейчас их принимает только МЭШ). Сообщите школе иначе.',
    );
    await warning.waitFor();
    // The warning describes the choice, so a screen reader says it with the child's name.
    expect(await child.getAttribute('aria-describedby')).toBe(await warning.getAttribute('id'));

    const comment = 'Уезжаем к бабушке, вернёмся в среду.';
    await absence.getByLabel('Причина').selectOption({ label: 'Семейные обстоятельства' });
    await absence.getByLabel('Комментарий для школы (необязательно)').fill(comment);
    await absence.getByRole('button', { name: 'Отправить уведомление' }).click();
    const refusal = absence.getByRole('alert').filter({ hasText: /\S/ });
    await refusal.waitFor();
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'manage-absence-refused-phone', { fullPage: false });

    // The gateway's own words for the same notice, with the page's session: the page shows them as sent.
    const lev = (await studentsOf(client, dates)).find((student) => student.fullName === LEV)!;
    const failure: unknown = await client
      .request(ReportAbsenceDocument, {
        input: { studentId: lev.id, from: TOMORROW, to: TOMORROW, reason: 'FAMILY', comment },
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(DiaryClientError);
    const { code, message } = failure as DiaryClientError;
    expect(code).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(message).toMatch(/^ЭлЖур не принимает от родителей уведомления об отсутствии/);
    expect((await refusal.textContent())?.trim()).toBe(message);

    // Nothing sent, and the form as the parent left it.
    expect((await absence.getByRole('status').allTextContents()).join('')).toBe('');
    expect(await child.inputValue()).toBe(lev.id);
    expect(await absence.getByLabel('Первый день').inputValue()).toBe(TOMORROW);
    expect(await absence.getByLabel('Последний день').inputValue()).toBe(TOMORROW);
    expect(await absence.getByLabel('Причина').inputValue()).toBe('FAMILY');
    expect(await absence.getByLabel('Комментарий для школы (необязательно)').inputValue()).toBe(comment);
  });
});

describe('the keyboard', () => {
  it('should reach a child’s «Оценки» with Tab, and open and close it with Enter and Space', async () => {
    const { page } = await parentSignedIn();
    const [first] = await childNames(page);
    const card = childCard(page, first!);
    const toggle = card.getByRole('button', { name: 'Оценки', exact: true });
    const body = page.locator(`[id="${await toggle.getAttribute('aria-controls')}"]`);
    // A phone starts with the card's sub-sections closed.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await body.isVisible()).toBe(false);

    await tabTo(page, toggle);
    const opened = card.getByRole('button', { name: 'Оценки', exact: true, expanded: true });
    const closed = card.getByRole('button', { name: 'Оценки', exact: true, expanded: false });
    await page.keyboard.press('Enter');
    await opened.waitFor();
    await body.waitFor({ state: 'visible' });
    await page.keyboard.press('Space');
    await closed.waitFor();
    await body.waitFor({ state: 'hidden' });
    await page.keyboard.press('Space');
    await opened.waitFor();
    await body.waitFor({ state: 'visible' });
    expect(await isFocused(toggle)).toBe(true);
    await screenshot(page, 'manage-keyboard-grades-phone', { fullPage: false });
  });

  it('should cancel a confirmation from the keyboard and give the focus back to its button', async () => {
    const { page, client } = await parentSignedIn();
    await openManageView(page);
    const unlink = manageSection(page, 'accounts').getByRole('button', { name: 'Отключить Дневник.ру' });
    const question = page.getByRole('group', { name: /^Отключить дневник «Дневник\.ру»/ });
    const cancel = question.getByRole('button', { name: 'Отмена' });
    await tabTo(page, unlink);

    // Asked with Enter, cancelled with Space; then asked with Space, cancelled with Enter.
    for (const [ask, answer] of [
      ['Enter', 'Space'],
      ['Space', 'Enter'],
    ] as const) {
      await page.keyboard.press(ask);
      await question.waitFor();
      await waitForFocus(cancel);
      await page.keyboard.press(answer);
      await question.waitFor({ state: 'detached' });
      await waitForFocus(unlink);
    }
    await screenshot(page, 'manage-keyboard-cancelled-phone', { fullPage: false });
    expect(await linkedOnPage(page)).toContain('Дневник.ру');
    expect(await linkedProviders(client)).toContain('DNEVNIK');
  });
});
