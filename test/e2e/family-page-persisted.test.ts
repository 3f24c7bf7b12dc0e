/**
 * The family page against a gateway that runs registered operations only (`PERSISTED_OPERATIONS=only`,
 * docs/persisted-operations.md). Every operation the page sends is one of the client's, registered at build
 * time in the manifest codegen writes, and the page sends each by its id: it signs in and shows every child
 * (with their remarks and signatures), the settings and the mail with no refusal. An ad-hoc query to the same gateway, with the same session, is refused
 * with `PERSISTED_QUERY_NOT_ALLOWED`.
 *
 * Nothing here changes the family: the file shares one gateway.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DashboardDocument, ProviderAccountsDocument } from '../../client/src/index.js';
import {
  childNames,
  clientOfPage,
  dashboardShown,
  openManageView,
  recordDashboardRequests,
  screenshot,
  signInAsParent,
  useFamilyPage,
} from '../support/family-browser.js';

const family = useFamilyPage({ PERSISTED_OPERATIONS: 'only' });

/** One GraphQL exchange of the page: how the operation was named, and what came back. */
interface Exchange {
  operationName: unknown;
  /** Whether the request named the operation by its registered id alone (no text). */
  byId: boolean;
  status: number;
  codes: unknown[];
}

/** Records every GraphQL exchange of `page`; `settled()` resolves with them once every answer is read. */
function recordGraphql(page: Page): { settled(): Promise<Exchange[]> } {
  const pending: Promise<Exchange>[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const body = request.postDataJSON() as { operationName?: unknown; documentId?: unknown; query?: unknown };
    pending.push(
      response.json().then((answer: { errors?: { extensions?: { code?: unknown } }[] }) => ({
        operationName: body.operationName,
        byId: typeof body.documentId === 'string' && body.query === undefined,
        status: response.status(),
        codes: (answer.errors ?? []).map((error) => error.extensions?.code),
      })),
    );
  });
  return { settled: () => Promise.all(pending) };
}

describe('the family page on a gateway that runs registered operations only', () => {
  it('should sign in and show every child and the settings, each operation sent by its id and answered', async () => {
    // Signing in: the signed-out page asks for the dashboard too (answered UNAUTHENTICATED, not refused).
    const first = await family.openPage('phone');
    const signingIn = recordGraphql(first);
    await signInAsParent(first);
    await dashboardShown(first);
    const refused = (await signingIn.settled()).filter((exchange) =>
      exchange.codes.some((code) => String(code).startsWith('PERSISTED_QUERY_')),
    );
    expect(refused).toEqual([]);

    // The family opening the page signed in: every exchange by id, every one answered without an error.
    const page = await first.context().newPage();
    const exchanges = recordGraphql(page);
    const sent = recordDashboardRequests(page);
    await page.goto('/');
    await dashboardShown(page);
    const client = await clientOfPage(page, family.target);
    const children = (await client.request(DashboardDocument, sent.at(-1)!)).data.viewer.students;
    expect(children).toHaveLength(6);
    expect(await childNames(page)).toEqual(children.map((child) => child.fullName));
    await screenshot(page, 'persisted-only-children-phone', { fullPage: false });

    await openManageView(page);
    // A list that failed to load says so with «Повторить»: none did.
    expect(await page.getByRole('main').getByRole('button', { name: 'Повторить' }).count()).toBe(0);
    await page.getByRole('main').getByRole('button', { name: 'Отключить Дневник.ру' }).waitFor();
    await screenshot(page, 'persisted-only-manage-phone', { fullPage: false });

    // The mail: its children, the inbox and the notices, each list in (its items, or its «нет» line).
    await page
      .getByRole('navigation', { name: 'Разделы' })
      .getByRole('link', { name: 'Сообщения', exact: true })
      .click();
    const mail = page.getByRole('main').getByRole('region', { name: 'Сообщения', exact: true });
    await mail.locator('.mail-list').waitFor();
    await mail.getByRole('button', { name: 'Написать учителю' }).waitFor();
    await mail.getByRole('link', { name: 'Объявления', exact: true }).click();
    await mail.getByRole('button', { name: 'Показать ещё' }).waitFor();

    const seen = await exchanges.settled();
    expect(seen.filter((exchange) => exchange.status !== 200 || exchange.codes.length > 0)).toEqual([]);
    expect(seen.filter((exchange) => !exchange.byId)).toEqual([]);
    // The children view's queries, every list of the settings and the mail's went through.
    expect(seen.map((exchange) => exchange.operationName)).toEqual(
      expect.arrayContaining([
        'Dashboard',
        'ChildNotes',
        'ProviderAccounts',
        'Tenants',
        'StudentMatchSuggestions',
        'TrustedPersons',
        'MailChildren',
        'Messages',
        'Notices',
      ]),
    );
  });

  it('should refuse an ad-hoc query with PERSISTED_QUERY_NOT_ALLOWED, even with the page’s session', async () => {
    const page = await family.openPage('phone');
    await signInAsParent(page);
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'dg_session');
    expect(session).toBeDefined();

    const response = await fetch(`${family.target.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'ru',
        cookie: `dg_session=${session!.value}`,
      },
      body: JSON.stringify({ query: '{ viewer { id displayName } }' }),
    });
    const answer = (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: unknown } }[];
    };
    expect(response.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    // In the language asked for, as the gateway's other errors.
    expect(answer.errors?.[0]?.message).toMatch(/[а-яё]/i);

    // The same session's registered operation, sent as its exact text, is answered.
    const { data } = await (await clientOfPage(page, family.target)).request(ProviderAccountsDocument);
    expect(data.viewer.providerAccounts).toHaveLength(4);
  });
});
