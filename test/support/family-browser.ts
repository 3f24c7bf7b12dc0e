/**
 * What the family page's browser tests (test/e2e) share: Debian's Chromium driven by playwright-core, the
 * demo gateway in this process serving the page built for this run (test/support/web-build.global.ts),
 * pages at a phone's and a desktop's size, the demo parent's sign-in, screenshots, an axe-core check, and
 * the page's console watched: an error logged there (a script error, a refused script or style, a failed
 * load) fails the test that caused it.
 *
 * Time stands still for both sides: the gateway's clock is the integration tests' `TEST_NOW` (a Monday,
 * noon in Moscow), and so is every page's (`Date` only; timers run), in Moscow's time zone. The demo family
 * is generated around that day and the page asks for that day's lessons, so what the page shows is the
 * same on every run, whatever the day of the machine.
 *
 * Everything started here (the browser, the gateway, each page's context) closes itself (teardown.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterEach, beforeAll, expect, inject } from 'vitest';
import {
  createDiaryClient,
  type DashboardQuery,
  type DashboardQueryVariables,
  type DiaryClient,
} from '../../client/src/index.js';
import { startTestGateway, TEST_NOW, type TestGateway } from './gateway.js';
import { registerTeardown } from './teardown.js';
import { tempDir } from './temp-dir.js';

/** The sizes the page is tested at. */
export const VIEWPORTS = {
  /** A small phone: the page is designed for it first. */
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 900 },
} as const;

/** A size the page is tested at. */
export type Viewport = keyof typeof VIEWPORTS;

/** Where screenshots go (git-ignored); kept after the run to look at. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/family-page/', import.meta.url));

/** Flags for Chromium in a container or CI: no sandbox (no user namespaces), no GPU, nothing phoning home. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium's executable: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * Launches Chromium with a fresh profile (playwright's temporary one), closed when the file (or test) that
 * launched it ends.
 * @throws Error when Chromium is not installed: the browser tests fail rather than skip without it.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is not at ${executablePath}, and the family page's browser tests need it: install Debian's ` +
        '`chromium` package (.ci/run installs it) or set CHROMIUM_PATH to a Chromium executable.',
    );
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  registerTeardown(() => browser.close());
  return browser;
}

/** The folder this run's page was built into (by the `browser` project's global setup). */
export function familyPageDir(): string {
  const directory = inject('familyPageDir');
  if (!directory)
    throw new Error('No family page build: run the browser tests through vitest.config.ts (its `browser` project).');
  return directory;
}

/** One file's browser and demo gateway; set before the file's first test. */
export interface FamilyPageSetup {
  target: TestGateway;
  browser: Browser;
  /**
   * A new page in a context of its own (no cookies, empty storage: a first visit) at `viewport`, in Russian
   * and Moscow time, its clock at `TEST_NOW`; its console is watched (see the module comment).
   */
  openPage(viewport: Viewport): Promise<Page>;
}

/**
 * The demo gateway serving this run's page build, its clock at `TEST_NOW`, with allowances no test reaches:
 * every page of a suite comes from one address and signs in anew.
 */
async function startFamilyGateway(
  environment: Record<string, string>,
  now: () => Date = () => TEST_NOW,
): Promise<TestGateway> {
  return startTestGateway(
    {
      SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000',
      SESSION_RATE_LIMIT_PER_MINUTE: '100000',
      ADDRESS_RATE_LIMIT_PER_MINUTE: '1000000',
      ...environment,
    },
    now,
    { familyPageDir: familyPageDir() },
  );
}

/**
 * Starts Chromium and the demo gateway (serving this run's build; `environment` adds to its configuration)
 * before the file's tests, and after each test fails it if a page logged an error. All requests come from
 * one address and each page signs in anew, so the rate limits are raised out of the tests' way.
 */
export function useFamilyPage(environment: Record<string, string> = {}): FamilyPageSetup {
  const consoleErrors: string[] = [];
  const setup = {} as FamilyPageSetup;
  beforeAll(async () => {
    setup.browser = await launchChromium();
    setup.target = await startFamilyGateway(environment);
    setup.openPage = async (viewport) => {
      const context = await newContext(setup.browser, setup.target.url, viewport);
      context.on('page', (page) => watchConsole(page, viewport, consoleErrors));
      return context.newPage();
    };
  });
  afterEach(() => {
    expect(consoleErrors.splice(0), 'errors in the page’s console').toEqual([]);
  });
  return setup;
}

/**
 * A page in a Chromium profile of its own on disk, at `baseURL`, in Russian and Moscow time, closed when
 * the test ends: Chromium's ordinary mode, as a family's browser runs. Playwright's `newContext` is
 * incognito, where Chromium refuses the Push API at once (and logs why); an ordinary profile tries its push
 * service instead. `errors` collects what the page logs as an error (this browser is not the file's, so the
 * file's console check does not see it).
 */
export async function openProfilePage(baseURL: string, viewport: Viewport): Promise<{ page: Page; errors: string[] }> {
  const context = await chromium.launchPersistentContext(await tempDir('diary-gateway-chromium-profile-'), {
    executablePath: chromiumPath(),
    args: CHROMIUM_FLAGS,
    baseURL,
    viewport: VIEWPORTS[viewport],
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  registerTeardown(() => context.close());
  const errors: string[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  watchConsole(page, viewport, errors);
  return { page, errors };
}

async function newContext(browser: Browser, baseURL: string, viewport: Viewport): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS[viewport],
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
  });
  registerTeardown(() => context.close());
  await context.clock.setFixedTime(TEST_NOW);
  return context;
}

function watchConsole(page: Page, viewport: Viewport, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    errors.push(`${viewport}: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`${viewport}: uncaught ${error.name}: ${error.message}`));
}

/** The Russian and English names of the page's sign-in button, and of the demo parent at the demo issuer. */
export const SIGN_IN = /^(?:Войти через Госуслуги|Sign in with Gosuslugi)$/;
const DEMO_PARENT = /Войти как Анна Сергеевна Иванова/;

/**
 * Signs in as the demo parent the way a parent does: the page at `/`, «Войти через Госуслуги», the demo
 * issuer's «Анна Сергеевна Иванова»; resolves once the page is back at `/`, signed in (its sections shown).
 */
export async function signInAsParent(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: SIGN_IN }).click();
  await page.getByRole('button', { name: DEMO_PARENT }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('navigation').waitFor();
}

/**
 * Saves a screenshot as `test-artifacts/family-page/<name>.png` (the whole page, or with `fullPage: false`
 * what the screen shows); returns its path.
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

/** Whether the page is wider than its viewport (a horizontal scroll bar): `scrollWidth` over the width. */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  const width = page.viewportSize()?.width ?? 0;
  // A string, not a function: these tests are type-checked without the DOM's types (they run in Node).
  const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  return scrollWidth > width;
}

/** An accessibility problem axe-core found: the rule, how bad, and where (CSS selectors). */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** How much an axe-core finding hurts, least first (axe's own scale). */
export const AXE_IMPACTS = ['minor', 'moderate', 'serious', 'critical'] as const;

/** One step of {@link AXE_IMPACTS}. */
export type AxeImpact = (typeof AXE_IMPACTS)[number];

/**
 * Runs axe-core (all its rules but the experimental ones, best practices included) on the page as it is
 * now and returns its violations of impact `least` or worse: every one by default, so a test can assert
 * "none at all". The page's CSP refuses inline scripts, so axe is not added as a `<script>`: its source is
 * evaluated through the DevTools protocol, which the CSP does not govern.
 */
export async function axeViolations(page: Page, least: AxeImpact = 'minor'): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(options: object): Promise<{ violations: Result[] }> } };
    const { violations } = await axe.run({ resultTypes: ['violations'] });
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  const counted: readonly string[] = AXE_IMPACTS.slice(AXE_IMPACTS.indexOf(least));
  // A finding without an impact is never dropped: it cannot be shown to be below `least`.
  return violations.filter((violation) => violation.impact === '' || counted.includes(violation.impact));
}

/** axe-core's serious and critical violations of the page as it is now ({@link axeViolations}). */
export function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  return axeViolations(page, 'serious');
}

/**
 * Records the variables of every `Dashboard` query `page` sends (newest last), so a test can ask the
 * gateway for exactly what the page asked for.
 */
export function recordDashboardRequests(page: Page): DashboardQueryVariables[] {
  const sent: DashboardQueryVariables[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { operationName?: unknown; variables?: DashboardQueryVariables } | null;
    if (body?.operationName === 'Dashboard' && body.variables) sent.push(body.variables);
  });
  return sent;
}

/** The typed client, signed in with the session of `page` (its `dg_session` cookie). */
export async function clientOfPage(page: Page, target: TestGateway): Promise<DiaryClient> {
  const session = (await page.context().cookies()).find((cookie) => cookie.name === 'dg_session');
  if (!session) throw new Error('the page holds no gateway session: sign in first');
  return createDiaryClient({ url: `${target.url}/graphql`, headers: { cookie: `dg_session=${session.value}` } });
}

/** A child as the dashboard brings it. */
export type DashboardChild = DashboardQuery['viewer']['students'][number];

/** What a child's card counts: today's lessons, homework due this week, recent grades (last 14 days). */
export interface CardCounts {
  lessonsToday: number;
  homework: number;
  recentGrades: number;
}

/** `iso` (`YYYY-MM-DD`) moved by `days` calendar days. */
function shiftDate(iso: string, days: number): string {
  const moved = new Date(`${iso}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/**
 * What `child`'s card should count, from the gateway's own answer to the page's dates: lessons dated
 * today, homework due from today to `homeworkUntil`, grades of the 14 days up to today (today included).
 */
export function expectedCounts(child: DashboardChild, dates: DashboardQueryVariables): CardCounts {
  const since = shiftDate(dates.today, -13);
  return {
    lessonsToday: child.schedule.filter((lesson) => lesson.date === dates.today).length,
    homework: child.homework.filter((task) => task.dueOn >= dates.today && task.dueOn <= dates.homeworkUntil).length,
    recentGrades: child.grades.filter((grade) => grade.date >= since && grade.date <= dates.today).length,
  };
}

/** A child's card: the region named by its `<h2>`, the child's full name. */
export function childCard(page: Page, fullName: string): Locator {
  return page.getByRole('region', { name: fullName, exact: true });
}

/**
 * A sub-section of a child's card («Уроки», «Оценки»…): the section its `<h3>` `title` heads. Found through
 * the heading, as a screen reader finds it: the sub-sections are not landmarks (the card is the region).
 */
export function cardPart(page: Page, fullName: string, title: string): Locator {
  return childCard(page, fullName)
    .getByRole('heading', { level: 3, name: title, exact: true })
    .locator('xpath=ancestor::section[1]');
}

/** Items of a list section, not counting lists inside an item (a homework task's attachments). */
const TOP_ITEMS = 'li:not(li li)';

/**
 * Reads the counts of a child's card (in Russian): the items under «Сегодня» in «Уроки», and the items of
 * «Домашние задания» and «Оценки». The sub-sections must be open ({@link openCardParts}).
 */
export async function cardCounts(page: Page, fullName: string): Promise<CardCounts> {
  const part = (title: string) => cardPart(page, fullName, title);
  const today = part('Уроки').getByRole('heading', { level: 4, name: /^Сегодня/ });
  return {
    lessonsToday: await today.locator('xpath=..').locator(TOP_ITEMS).count(),
    homework: await part('Домашние задания').locator(TOP_ITEMS).count(),
    recentGrades: await part('Оценки').locator(TOP_ITEMS).count(),
  };
}

/** Opens every closed sub-section of the children's cards (a phone starts with them closed). */
export async function openCardParts(page: Page): Promise<void> {
  const closed = page.getByRole('heading', { level: 3 }).getByRole('button', { expanded: false });
  for (let left = await closed.count(); left > 0; left = await closed.count()) await closed.first().click();
}

// ── A gateway of each test's own: for the flows that change the family (unlink, merge, invite, notices). ──

/** One test's demo gateway, and pages on it in the file's browser. */
export interface OwnFamilyGateway {
  target: TestGateway;
  /** As {@link FamilyPageSetup.openPage}, on this gateway; the console is watched while the page is on it. */
  openPage(viewport: Viewport): Promise<Page>;
}

/** The file's browser, and a fresh demo gateway for any test that asks for one. */
export interface FamilyBrowser {
  browser: Browser;
  /**
   * Starts a demo gateway serving this run's page (`environment` adds to its configuration), closed with
   * its pages when the calling test ends: what the test changes is gone for the next one. Its clock is
   * `now` (default: `TEST_NOW`, standing still), so a test can age the cached copies (change detection).
   */
  startGateway(environment?: Record<string, string>, now?: () => Date): Promise<OwnFamilyGateway>;
}

/**
 * Starts Chromium before the file's tests and gives each test its own gateway ({@link FamilyBrowser}); after
 * each test, fails it if the family page logged an error. Only the gateway's own pages are watched: a
 * diary's sign-in page that a link flow passes through (a simulator's, on its own origin) is not the
 * family page, and its missing favicon is no fault of it.
 */
export function useFamilyBrowser(): FamilyBrowser {
  const consoleErrors: string[] = [];
  let launched: Browser | undefined;
  const browser = () => {
    if (!launched) throw new Error('Chromium starts before the file’s first test: use it inside a test');
    return launched;
  };
  beforeAll(async () => {
    launched = await launchChromium();
  });
  afterEach(() => {
    expect(consoleErrors.splice(0), 'errors in the page’s console').toEqual([]);
  });
  return {
    get browser() {
      return browser();
    },
    async startGateway(environment = {}, now) {
      const target = await startFamilyGateway(environment, now);
      const { origin } = new URL(target.url);
      return {
        target,
        openPage: async (viewport) => {
          const context = await newContext(browser(), target.url, viewport);
          context.on('page', (page) => watchFamilyConsole(page, viewport, origin, consoleErrors));
          return context.newPage();
        },
      };
    },
  };
}

/** {@link watchConsole}, for what `page` logs while it is on `origin` (the gateway's). */
function watchFamilyConsole(page: Page, viewport: Viewport, origin: string, errors: string[]): void {
  const onGateway = () => page.url() === 'about:blank' || new URL(page.url()).origin === origin;
  page.on('console', (message) => {
    if (message.type() !== 'error' || !onGateway()) return;
    const { url } = message.location();
    errors.push(`${viewport}: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => {
    if (onGateway()) errors.push(`${viewport}: uncaught ${error.name}: ${error.message}`);
  });
}

/** The demo's people at its issuer (the stand-in for Госуслуги), as its buttons name them. */
export const DEMO_PEOPLE = {
  parent: 'Анна Сергеевна Иванова',
  grandmother: 'Галина Петровна Иванова',
} as const;

/*
 * The demo family as the page shows it, for the browser tests to look for (one place, so a change of the demo is
 * made once). The children surname first, as their cards' headings and the diaries name them.
 */
export const MARIA = 'Иванова Мария Олеговна';
export const ARTEM = 'Иванов Артём Олегович';
/** Артём as the chess club's diary (Dnevnik.ru) typed him: «Артем». */
export const ARTEM_CHESS = 'Иванов Артем';
export const SOFYA = 'Иванова Софья Олеговна';
export const LEV = 'Иванов Лев Олегович';
export const POLINA = 'Иванова Полина Олеговна';
/** The grandmother as a parent names her when inviting her (surname first; she signs in as `DEMO_PEOPLE.grandmother`). */
export const GRANDMOTHER = 'Иванова Галина Петровна';
/** Лев's class teacher at the Eljur school, who wrote about the parents' meeting of 5-В. */
export const LEV_TEACHER = 'Тарасова Марина Викторовна';

/**
 * Signs in as one of the demo's people, as {@link signInAsParent} does for the parent: the page at `/`,
 * «Войти через Госуслуги», the person's button at the demo issuer; resolves once back at `/`, signed in.
 */
export async function signInAs(page: Page, person: keyof typeof DEMO_PEOPLE): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: SIGN_IN }).click();
  await page.getByRole('button', { name: `Войти как ${DEMO_PEOPLE[person]}` }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Дети', exact: true }).waitFor();
}

/** The names on the children view's cards, in order (each card's `<h2>`). */
export function childNames(page: Page): Promise<string[]> {
  return page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
}

/**
 * Opens the children view («Дети» in the navigation) and waits until the dashboard is in: its «Обновить»
 * button idle (not `aria-disabled`), so the cards are those of the latest answer.
 */
export async function openChildrenView(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Дети', exact: true }).click();
  await page.waitForURL((url) => url.hash === '');
  await dashboardShown(page);
}

/** Waits until the children view shows the latest dashboard: «Обновить» there and idle (not `aria-disabled`). */
export async function dashboardShown(page: Page): Promise<void> {
  await page.locator('button[aria-disabled="false"]', { hasText: 'Обновить' }).waitFor();
}

/** The four sections of the settings view, by their `<h2>`. */
export const MANAGE_SECTIONS = {
  accounts: 'Дневники',
  matches: 'Один ребёнок в нескольких дневниках?',
  trusted: 'Доверенные лица',
  absence: 'Сообщить об отсутствии',
} as const;

/** A section of the settings view: the region named by its `<h2>`. */
export function manageSection(page: Page, section: keyof typeof MANAGE_SECTIONS): Locator {
  return page.getByRole('main').getByRole('region', { name: MANAGE_SECTIONS[section], exact: true });
}

/**
 * Opens the settings («Дневники и доступ» in the navigation) and waits until every section is there with
 * its lists loaded (no «Загрузка…» left).
 */
export async function openManageView(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Дневники и доступ', exact: true }).click();
  await page.waitForURL((url) => url.hash === '#manage');
  await manageListsLoaded(page);
}

/** Waits until the settings view shows every section with its lists loaded (after a reload too). */
export async function manageListsLoaded(page: Page): Promise<void> {
  for (const section of Object.keys(MANAGE_SECTIONS) as (keyof typeof MANAGE_SECTIONS)[])
    await manageSection(page, section).waitFor();
  // A function, not a string: the page's CSP refuses `eval`, which a string predicate needs. It is typed
  // without the DOM's types, as these tests are (they run in Node).
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
    };
    return ![...document.querySelectorAll('main [role=status]')].some((node) => node.textContent === 'Загрузка…');
  });
}

/**
 * Resolves with the next answer to a `Dashboard` query that brings data (not a persisted-query miss the
 * client then repeats with the text): start it before the action that should make the page reload.
 * @throws when none comes within `timeout` ms (the page did not reload after the change).
 */
export function nextDashboardAnswer(page: Page, timeout = 20_000): Promise<DashboardQuery> {
  const answer = dashboardAnswer(page, timeout);
  // Handled here too: a test that fails before awaiting it must not also report an unhandled rejection.
  answer.catch(() => undefined);
  return answer;
}

async function dashboardAnswer(page: Page, timeout: number): Promise<DashboardQuery> {
  const response = await page
    .waitForResponse(
      async (answer) => {
        const request = answer.request();
        if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return false;
        const body = request.postDataJSON() as { operationName?: unknown } | null;
        if (body?.operationName !== 'Dashboard') return false;
        const json = (await answer.json()) as { data?: unknown };
        return json.data !== undefined && json.data !== null;
      },
      { timeout },
    )
    .catch((error: unknown) => {
      throw new Error(`the page did not load the dashboard again within ${timeout} ms`, { cause: error });
    });
  return ((await response.json()) as { data: DashboardQuery }).data;
}

/** Whether `target` holds the keyboard focus. */
export function isFocused(target: Locator): Promise<boolean> {
  // `element` is unknown here: these tests are type-checked without the DOM's types (they run in Node).
  return target.evaluate(
    (element: unknown) =>
      element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );
}

/**
 * Waits until `target` holds the keyboard focus (a component moves it after it renders).
 * @throws when it does not within `timeout` ms.
 */
export async function waitForFocus(target: Locator, timeout = 5_000): Promise<void> {
  const element = await target.elementHandle();
  await target
    .page()
    .waitForFunction(
      (candidate: unknown) =>
        candidate === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      element,
      { timeout },
    )
    .catch((error: unknown) => {
      throw new Error(`the focus did not come to ${String(target)} within ${timeout} ms`, { cause: error });
    });
}

/**
 * Presses Tab until `target` holds the keyboard focus, as a keyboard user moves through the page; returns
 * the number of presses.
 * @throws when `maxPresses` presses did not reach it (it is not in the tab order, or is too far down).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<number> {
  for (let presses = 1; presses <= maxPresses; presses += 1) {
    await page.keyboard.press('Tab');
    if (await isFocused(target)) return presses;
  }
  throw new Error(`${maxPresses} presses of Tab did not reach ${String(target)}`);
}
