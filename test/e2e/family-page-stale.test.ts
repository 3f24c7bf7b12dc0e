/**
 * A diary set down while the family looks: Moscow's МЭШ stops answering after the page loaded once, and a
 * reload must still show every child, each with what it showed before (МЭШ's part from the gateway's
 * saved copy, the other diaries' fresh), and say in words, once, that МЭШ is not answering and the saved
 * copy is shown.
 *
 * Every fresh window of the cache is zero (`CACHE_FRESHNESS`), so each load asks the diaries again and a
 * failing one is served from its last good copy (stale-if-error) at once, with no clock to move.
 */
import { describe, expect, it } from 'vitest';
import { DashboardDocument } from '../../client/src/index.js';
import type { CachedResource } from '../../src/config/cache-freshness.js';
import {
  cardCounts,
  childCard,
  clientOfPage,
  recordDashboardRequests,
  screenshot,
  seriousAxeViolations,
  signInAsParent,
  useFamilyPage,
} from '../support/family-browser.js';

const RESOURCES: readonly CachedResource[] = [
  'profile',
  'subjects',
  'periods',
  'averages',
  'grades',
  'homework',
  'schedule',
  'attendance',
  'non-school-days',
];

const family = useFamilyPage({ CACHE_FRESHNESS: RESOURCES.map((resource) => `${resource}=0`).join(',') });

describe('the family page when a diary stops answering', () => {
  it('should keep every child with what it showed, and say that МЭШ is not answering', async () => {
    const page = await family.openPage('desktop');
    const sent = recordDashboardRequests(page);
    await signInAsParent(page);
    await page.getByRole('button', { name: 'Обновить' }).waitFor();
    const client = await clientOfPage(page, family.target);
    const children = (await client.request(DashboardDocument, sent.at(-1)!)).data.viewer.students;
    const before = new Map<string, unknown>();
    for (const child of children) {
      await childCard(page, child.fullName).waitFor();
      before.set(child.fullName, await cardCounts(page, child.fullName));
    }
    const diaries = page.getByRole('list', { name: 'Состояние дневников' });
    expect(await diaries.count()).toBe(0);

    family.target.gateway.demo!.simulators.mesh.setFault('down');
    await page.reload();
    const notice = diaries.getByRole('listitem');
    await notice.first().waitFor();

    // The premise: the gateway did serve МЭШ's part from its saved copy, with an error.
    const after = await client.request(DashboardDocument, sent.at(-1)!);
    const failing = after.data.viewer.students.flatMap((child) => child.freshness).filter((entry) => entry.error);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((entry) => entry.provider === 'MESH' && entry.isStale)).toBe(true);

    // Said once, for МЭШ only, in words: not answering, the saved copy shown.
    const lines = await notice.allTextContents();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/МЭШ не отвечает/);
    expect(lines[0]).toMatch(/показаны сохранённые/);
    expect(lines[0]).not.toMatch(/Дневник\.ру|ЭлЖур/);

    // Every child still there, each with what it showed before: nothing blank, nothing lost.
    for (const child of children) {
      await childCard(page, child.fullName).waitFor();
      expect(await cardCounts(page, child.fullName), child.fullName).toEqual(before.get(child.fullName));
    }
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'children-desktop-mesh-down', { fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
