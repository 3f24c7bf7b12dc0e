/**
 * Linking a Dnevnik.ru account in the flow.browser, end to end over real HTTP: the gateway's `/link/dnevnik`
 * routes and the demo's Dnevnik.ru simulator (its OAuth dialog: the sign-in page or its «Войти через
 * Госуслуги» button, then the consent page), walked by a tiny flow.browser holding the demo parent's session.
 * Success relinks (same link id) or, after an unlink, links anew with the same student ids; a wrong
 * password keeps the parent on Dnevnik.ru's page, and «Отказать» comes back as a bilingual refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultVault } from '../support/accounts.js';
import { noErrors } from '../support/graphql.js';
import { ACCOUNTS, STUDENTS, UNLINK, useLinkFlowGateway, type LinkedStudent } from '../support/link-flows.js';
import { isLinkCallback, linkThroughDiary, passDiaryPages } from '../support/link-browser.js';

const flow = useLinkFlowGateway();
const { store } = flow;
let start: string;

beforeAll(() => {
  start = `${flow.target.url}/link/dnevnik?tenant=dnevnik-ru`;
});

const accounts = async () => noErrors(await flow.target.graphql(ACCOUNTS)).viewer.providerAccounts;
const students = async () => noErrors(await flow.target.graphql(STUDENTS)).viewer.students;
const dnevnikAccount = async () => (await accounts()).find((account) => account.tenant.id === 'dnevnik-ru')!;
/** The accounts with their sealed credentials: what a refusal must leave exactly as it was. */
const snapshot = async () =>
  Promise.all(
    (await accounts()).map(async (account) => ({
      ...account,
      sealed: (await store.getProviderAccount(account.id))?.sealedCredentials,
    })),
  );
/** How many requests reached the gateway's link callbacks (its log names each route it served). */
const callbacksServed = () =>
  flow.target
    .logs()
    .split('\n')
    .filter((line) => line.includes('"msg":"link route"') && line.includes('"route":"link/callback"')).length;
const demoAccount = () =>
  flow.target.gateway.demo!.family.accounts.find((candidate) => candidate.provider === 'DNEVNIK')!;
const demoLogin = () => ({ login: demoAccount().login!, password: demoAccount().password! });
const onDnevnik = (list: LinkedStudent[]) =>
  list
    .filter((student) => student.enrollments.some((enrollment) => enrollment.provider === 'DNEVNIK'))
    .map((student) => student.firstName)
    .sort();

describe('Dnevnik.ru: linking', () => {
  it('should relink the demo account with the password and consent: same link id, lands on /link?linked=dnevnik-ru', async () => {
    const before = await snapshot();
    const dnevnik = before.find((account) => account.tenant.id === 'dnevnik-ru')!;

    const { diaryPage, toCallback, end } = await linkThroughDiary(flow.browser, start, 'dnevnik', demoLogin());

    expect(new URL(diaryPage.url).origin).toBe(flow.target.gateway.demo!.simulators.dnevnik.url);
    // The code, the state and the password reach no log line.
    const callback = new URL(toCallback.location!).searchParams;
    for (const secret of [callback.get('code')!, callback.get('state')!, demoLogin().password])
      expect(flow.target.logs()).not.toContain(secret);
    expect(end.pages.map((page) => [page.status, new URL(page.url).pathname + new URL(page.url).search])).toEqual([
      [303, expect.stringMatching(/^\/link\/dnevnik\/callback\?code=/)],
      [200, '/link?linked=dnevnik-ru'],
    ]);
    expect(end.last.text).toContain('Дневник подключён: Дневник.ру.');
    expect(end.last.text).toContain('Diary linked: Dnevnik.ru.');
    const after = await snapshot();
    expect(after.map(({ sealed: _sealed, ...account }) => account)).toEqual(
      before.map(({ sealed: _sealed, ...account }) => account),
    );
    expect(after.find((account) => account.id === dnevnik.id)).toMatchObject({
      provider: 'DNEVNIK',
      status: 'ACTIVE',
      tenant: { id: 'dnevnik-ru', name: 'Дневник.ру' },
    });
    // Linked again, not just redirected: the account holds the tokens the code was exchanged for.
    const stored = defaultVault.open(after.find((account) => account.id === dnevnik.id)!.sealed!, dnevnik.id);
    expect(stored.accessToken).toMatch(/^dn-access-/);
    expect(stored.accessToken).not.toBe(demoAccount().token);
    expect(onDnevnik(await students())).toEqual(['Артем', 'Софья']);
  });

  it('should link anew through «Войти через Госуслуги» after an unlink: the same student ids come back', async () => {
    const listed = await students();
    const dnevnik = await dnevnikAccount();
    noErrors(await flow.target.graphql(UNLINK, { id: dnevnik.id }));
    expect(onDnevnik(await students())).toEqual([]);

    const { diaryPage, end } = await linkThroughDiary(flow.browser, start, 'dnevnik-gosuslugi', demoLogin());

    expect(diaryPage.text).toContain('Войти через Госуслуги');
    expect(new URL(end.last.url).search).toBe('?linked=dnevnik-ru');
    const linked = await dnevnikAccount();
    expect(linked).toMatchObject({ provider: 'DNEVNIK', status: 'ACTIVE', tenant: { id: 'dnevnik-ru' } });
    expect(linked.id).not.toBe(dnevnik.id);
    expect(await accounts()).toHaveLength(4);
    expect(await students()).toEqual(listed);
  });
});

describe('Dnevnik.ru: refusals link nothing', () => {
  it('should keep the parent on Dnevnik.ru’s page after a wrong password, with nothing sent to the gateway', async () => {
    const before = await snapshot();
    const callbacks = callbacksServed();
    const { last: page } = await flow.browser.walk(start);

    const again = await passDiaryPages(flow.browser, page, 'dnevnik', {
      ...demoLogin(),
      password: 'wrong-password-31f',
    });

    expect([again.status, again.location, new URL(again.url).origin]).toEqual([
      200,
      null,
      flow.target.gateway.demo!.simulators.dnevnik.url,
    ]);
    expect(again.text).toContain('Неверный логин или пароль');
    expect(again.text).not.toContain('wrong-password-31f');
    expect(callbacksServed()).toBe(callbacks);
    expect(await snapshot()).toEqual(before);
  });

  it('should answer «Отказать» on the consent page with a 400 LINK_DENIED page in Russian and English', async () => {
    const before = await snapshot();
    const callbacks = callbacksServed();
    const { last: page } = await flow.browser.walk(start);
    const consent = await flow.browser.submit(page, 'sign-in', demoLogin());
    expect(consent.text).toContain('Приложение запрашивает доступ');

    const back = await flow.browser.submit(consent, 'consent', { decision: 'deny' });
    expect(isLinkCallback(flow.target.url)(new URL(back.location!))).toBe(true);
    expect(new URL(back.location!).searchParams.get('error')).toBe('access_denied');
    const { last: refusal } = await flow.browser.follow(back);

    expect(refusal.status).toBe(400);
    expect(refusal.text).toContain('<code>LINK_DENIED</code>');
    expect(refusal.text).toContain('Вы отказали в доступе в дневнике, поэтому ничего не подключено.');
    expect(refusal.text).toContain('You declined access in the diary, so nothing was linked.');
    expect(callbacksServed()).toBe(callbacks + 1);
    expect(await snapshot()).toEqual(before);
  });
});
