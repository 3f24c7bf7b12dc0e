/**
 * The family page in Chromium against the demo gateway (test/support/family-browser.ts): the sign-in in
 * Russian, every child of the demo family after signing in with the counts the gateway gives, the settings
 * at `#manage`, the English switch remembered across a reload, a phone's width and a desktop's, and
 * no axe-core finding at all (minor ones included) on each view. Screenshots go to test-artifacts/family-page/.
 *
 * Selectors are roles and names, as a screen reader finds things: a child's card is the region named by
 * its `<h2>` (the child's full name), its sub-sections are found by their `<h3>`s «Уроки», «Домашние
 * задания», «Оценки» (they are not landmarks: every card has the same ones).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DashboardDocument, type DashboardQueryVariables } from '../../client/src/index.js';
import {
  axeViolations,
  cardCounts,
  cardPart,
  childCard,
  clientOfPage,
  expectedCounts,
  openCardParts,
  overflowsHorizontally,
  recordDashboardRequests,
  screenshot,
  signInAsParent,
  useFamilyPage,
  type DashboardChild,
  type FamilyPageSetup,
} from '../support/family-browser.js';

const family = useFamilyPage();

/** The names of the page's child cards, in order (each card's `<h2>`). */
const cardNames = (page: Page) => page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();

/** Signs in on a new page and waits for every child's card; returns the page and what the gateway says. */
async function signedIn(
  setup: FamilyPageSetup,
  viewport: 'phone' | 'desktop',
): Promise<{ page: Page; children: DashboardChild[]; dates: DashboardQueryVariables }> {
  const page = await setup.openPage(viewport);
  const sent = recordDashboardRequests(page);
  await signInAsParent(page);
  await page.getByRole('button', { name: 'Обновить' }).waitFor();
  const dates = sent.at(-1)!;
  const answer = await (await clientOfPage(page, setup.target)).request(DashboardDocument, dates);
  const children = answer.data.viewer.students;
  for (const child of children) await childCard(page, child.fullName).waitFor();
  return { page, children, dates };
}

describe('the family page, signed out', () => {
  it.each(['phone', 'desktop'] as const)(
    'should offer the sign-in in Russian, fit the screen and pass axe (%s)',
    async (viewport) => {
      const page = await family.openPage(viewport);
      await page.goto('/');
      await page.getByRole('link', { name: 'Войти через Госуслуги', exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ru');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Дневник семьи');
      expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Все дети — на одной странице');
      await screenshot(page, `signed-out-${viewport}`);
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});

describe('the family page, signed in', () => {
  it('should show every child of the family with the counts the gateway gives, on a desktop', async () => {
    const { page, children, dates } = await signedIn(family, 'desktop');
    // The demo family: five children, one of them in two diaries that the gateway does not yet know are one.
    expect(children).toHaveLength(6);
    expect(await cardNames(page)).toEqual(children.map((child) => child.fullName));
    for (const child of children) {
      const counts = expectedCounts(child, dates);
      expect(await cardCounts(page, child.fullName), child.fullName).toEqual(counts);
    }
    // Not a family of empty cards: the demo's Monday has lessons, homework and fresh grades to show.
    const totals = children.map((child) => expectedCounts(child, dates));
    for (const key of ['lessonsToday', 'homework', 'recentGrades'] as const)
      expect(
        totals.some((counts) => counts[key] > 0),
        key,
      ).toBe(true);
    await screenshot(page, 'children-desktop');
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('should fit a phone: every child, every sub-section opened, no horizontal scroll, and pass axe', async () => {
    const { page, children, dates } = await signedIn(family, 'phone');
    expect(await cardNames(page)).toEqual(children.map((child) => child.fullName));
    await screenshot(page, 'children-phone');
    expect(await overflowsHorizontally(page)).toBe(false);
    await openCardParts(page);
    for (const child of children)
      expect(await cardCounts(page, child.fullName), child.fullName).toEqual(expectedCounts(child, dates));
    await screenshot(page, 'children-phone-open');
    expect(await overflowsHorizontally(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(['phone', 'desktop'] as const)(
    'should show the settings at #manage, fit the screen and pass axe (%s)',
    async (viewport) => {
      const { page } = await signedIn(family, viewport);
      await page.getByRole('navigation').getByRole('link', { name: 'Дневники и доступ' }).click();
      await page.waitForURL((url) => url.hash === '#manage');
      for (const title of ['Дневники', 'Доверенные лица'])
        await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
      // Each section loads its own lists: let them land before looking.
      await page.waitForLoadState('networkidle');
      await screenshot(page, `manage-${viewport}`);
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      // The view is in the address: a reload (or a bookmark) opens it again.
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Дневники', exact: true }).waitFor();
    },
  );

  it('should switch to English, and still speak English after a reload', async () => {
    const { page, children } = await signedIn(family, 'desktop');
    const first = children[0]!.fullName;
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Family diary' }).waitFor();
    await cardPart(page, first, 'Grades').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      'Children',
      'Messages',
      'Diaries and access',
    ]);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Family diary' }).waitFor();
    await cardPart(page, first, 'Lessons').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'children-desktop-english');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Переключить на русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Дневник семьи' }).waitFor();
    await cardPart(page, first, 'Оценки').waitFor();
  });
});
