/**
 * The family page following the change feed (issue 16) in Chromium: a gateway whose detector polls on
 * demand (`gateway.detectChanges()`, the schedule's own poll) over the demo's simulators, its clock moved
 * past the grades' fresh window before each poll; a mark entered in a simulator the way a teacher would.
 * The page, open and signed in, announces the mark in its live region and shows it on the child's card
 * without a reload; after its socket is dropped, a mark entered meanwhile is announced once, when the page
 * is back, resumed from its cursor. The gateway runs registered operations only, so the subscription is
 * admitted as a registered one.
 *
 * The socket passes through Playwright's WebSocket route (`page.routeWebSocket`), which forwards every
 * message between the page and the real gateway and records what the gateway sends; the test drops the
 * connection there and keeps new ones out while the mark is entered.
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SeedChild } from '../../adapters/simulation/seed.js';
import { testClock } from '../support/gateway.js';
import {
  axeViolations,
  cardCounts,
  childCard,
  dashboardShown,
  nextDashboardAnswer,
  openCardParts,
  screenshot,
  signInAsParent,
  useFamilyBrowser,
  type OwnFamilyGateway,
} from '../support/family-browser.js';
import { enterMark } from '../support/seed-marks.js';

const browser = useFamilyBrowser();

/** Past the grades' fresh window (2 minutes): the detector's next poll asks the diary again. */
const PAST_GRADES_FRESH_MS = 2 * 60_000 + 1_000;

/** What the gateway sent the page over its sockets, and a switch that keeps new sockets out. */
interface SocketTap {
  /** Every `next` message's change, in arrival order, across sockets. */
  readonly delivered: { id: string; kind: string; cursor: string }[];
  /** Every `subscribe` message's `since`, in order, across sockets. */
  readonly subscribedSince: (string | null)[];
  /** Closes the open sockets from the gateway's side (1001, going away). */
  drop(): Promise<void>;
  /** While true, a new socket is closed at once (1013, try again later), as a gateway that is away. */
  refuse: boolean;
}

/** Routes the page's WebSocket to the gateway through a recording relay. */
async function tapSockets(page: Page): Promise<SocketTap> {
  const open: WebSocketRoute[] = [];
  const tap: SocketTap = {
    delivered: [],
    subscribedSince: [],
    refuse: false,
    async drop() {
      for (const route of open.splice(0)) await route.close({ code: 1001, reason: 'going away' });
    },
  };
  await page.routeWebSocket(/\/graphql$/, (route) => {
    if (tap.refuse) return void route.close({ code: 1013, reason: 'try again later' });
    open.push(route);
    const server = route.connectToServer();
    route.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as { type?: string; payload?: { variables?: { since?: string } } };
      if (parsed.type === 'subscribe') tap.subscribedSince.push(parsed.payload?.variables?.since ?? null);
      server.send(message);
    });
    server.onMessage((message) => {
      const parsed = JSON.parse(String(message)) as {
        type?: string;
        payload?: { data?: { changes?: { id: string; kind: string; cursor: string } } };
      };
      const change = parsed.type === 'next' ? parsed.payload?.data?.changes : undefined;
      if (change) tap.delivered.push({ id: change.id, kind: change.kind, cursor: change.cursor });
      route.send(message);
    });
  });
  return tap;
}

/** A child of the demo family shown on exactly one card, with that card's name and the child's first name. */
async function oneCardChild(gateway: OwnFamilyGateway, page: Page): Promise<{ seed: SeedChild; fullName: string }> {
  const family = gateway.target.gateway.demo!.family;
  const names = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
  for (const seed of family.children) {
    const cards = names.filter((name) => name.includes(seed.firstName) && name.includes(seed.lastName));
    if (cards.length === 1) return { seed, fullName: cards[0]! };
  }
  throw new Error('no child of the demo family is on exactly one card');
}

/** The page's live announcement (the polite status region above the view). */
const announcement = (page: Page) => page.locator('.live [role="status"]');

/** A mark of `value` in `seed`'s diary today, and the detector's poll that finds it. */
async function markFound(
  gateway: OwnFamilyGateway,
  clock: ReturnType<typeof testClock>,
  seed: SeedChild,
  value: string,
): Promise<void> {
  enterMark(seed, value, gateway.target.gateway.demo!.family.today);
  clock.advance(PAST_GRADES_FRESH_MS);
  await gateway.target.gateway.detectChanges();
}

/** Waits until the page has subscribed `count` times in all. */
async function subscribed(tap: SocketTap, count: number): Promise<void> {
  await expect.poll(() => tap.subscribedSince.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
}

describe('the family page following the change feed', () => {
  it('should announce a new mark and show it without a reload, then resume after a dropped socket without loss or repeat', async () => {
    const clock = testClock();
    const gateway = await browser.startGateway({ PERSISTED_OPERATIONS: 'only' }, clock.now);
    // The first poll is the baseline: what the diaries show already is not a change.
    await gateway.target.gateway.detectChanges();

    const page = await gateway.openPage('desktop');
    const tap = await tapSockets(page);
    await signInAsParent(page);
    await dashboardShown(page);
    await openCardParts(page);
    await subscribed(tap, 1);
    const { seed, fullName } = await oneCardChild(gateway, page);
    const before = await cardCounts(page, fullName);
    // Gone if the page reloads: the update must come without one.
    await page.evaluate(() => {
      (globalThis as unknown as { stayedOpen: boolean }).stayedOpen = true;
    });

    const reloaded = nextDashboardAnswer(page);
    await markFound(gateway, clock, seed, '2');
    await announcement(page).getByText(`Новая оценка: ${seed.firstName} — 2, `).waitFor();
    await reloaded;
    await expect.poll(() => cardCounts(page, fullName)).toEqual({ ...before, recentGrades: before.recentGrades + 1 });
    expect(await childCard(page, fullName).getByText('2', { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as unknown as { stayedOpen?: boolean }).stayedOpen)).toBe(true);
    await screenshot(page, 'live-update-desktop', { fullPage: false });
    expect(await axeViolations(page)).toEqual([]);
    expect(tap.delivered.map((change) => change.kind)).toEqual(['GRADE_ADDED']);

    // The socket dropped, and the gateway away while a teacher enters another mark.
    tap.refuse = true;
    await tap.drop();
    await markFound(gateway, clock, seed, '3');
    tap.refuse = false;
    await announcement(page).getByText(`Новая оценка: ${seed.firstName} — 3, `).waitFor({ timeout: 90_000 });

    // Resumed from the cursor of the last change it had: the new mark came once, the old one not again.
    expect(tap.subscribedSince.at(-1)).toBe(tap.delivered[0]!.cursor);
    expect(tap.delivered.map((change) => change.kind)).toEqual(['GRADE_ADDED', 'GRADE_ADDED']);
    expect(new Set(tap.delivered.map((change) => change.id)).size).toBe(2);
    expect(await announcement(page).textContent()).not.toContain('— 2, ');

    // Dismissed by the family.
    await page.getByRole('button', { name: 'Скрыть' }).click();
    expect(await announcement(page).textContent()).toBe('');
  });
});
