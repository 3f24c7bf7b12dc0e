/**
 * Linking an Eljur account in the flow.browser, end to end over real HTTP against the demo's Eljur simulator:
 * the gateway's own form (`GET /link/eljur`: login, password, the school from the tenant's list; `POST
 * /link/eljur`), and Eljur's own partner sign-in page (`/link/eljur?flow=redirect&vendor=…` → Eljur →
 * `/link/eljur/callback?token=`), reached from the form's «Войти через ЭлЖур» link or the overview's school
 * form. A tiny flow.browser holds the demo parent's gateway session. Nothing is mocked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultVault } from '../support/accounts.js';
import { noErrors } from '../support/graphql.js';
import { ACCOUNTS, STUDENTS, UNLINK, useLinkFlowGateway, type LinkedStudent } from '../support/link-flows.js';
import { formOf, linkThroughDiary, passDiaryPages, type BrowserPage } from '../support/link-browser.js';
import { linkOn } from '../support/sign-in-pages.js';

const WRONG_PASSWORD = 'wrong-eljur-password-8d2';
const UNKNOWN_SCHOOL = 'school999';

const flow = useLinkFlowGateway();
const { store } = flow;
let vendor: string;

beforeAll(() => {
  vendor = flow.target.gateway.demo!.simulators.eljur.vendor;
});

const accounts = async () => noErrors(await flow.target.graphql(ACCOUNTS)).viewer.providerAccounts;
const students = async () => noErrors(await flow.target.graphql(STUDENTS)).viewer.students;
const eljurAccount = async () => (await accounts()).find((account) => account.tenant.id === 'eljur')!;
/** The stored credentials of an account, opened with the gateway's (default) keys. */
const credentialsOf = async (id: string) =>
  defaultVault.open((await store.getProviderAccount(id))!.sealedCredentials, id);
/** The accounts with their sealed credentials: what a refusal must leave exactly as it was. */
const snapshot = async () =>
  Promise.all(
    (await accounts()).map(async (account) => ({
      ...account,
      sealed: (await store.getProviderAccount(account.id))?.sealedCredentials,
    })),
  );
function demoLogin(): { login: string; password: string } {
  const account = flow.target.gateway.demo!.family.accounts.find((candidate) => candidate.provider === 'ELJUR')!;
  return { login: account.login!, password: account.password! };
}
const onEljur = (list: LinkedStudent[]) =>
  list
    .filter((student) => student.enrollments.some((enrollment) => enrollment.provider === 'ELJUR'))
    .map((student) => student.firstName)
    .sort();
const openForm = async () => (await flow.browser.walk(`${flow.target.url}/link/eljur?tenant=eljur`)).last;
const postForm = (form: BrowserPage, fields: Record<string, string>) =>
  flow.browser.submit(form, '/link/eljur', fields);

/** The page of a refusal (or the form shown again): its status, its code and both texts. */
function expectRefusal(page: BrowserPage, status: number, code: string, ru: string, en: string): void {
  expect(page.status, page.text).toBe(status);
  if (code) expect(page.text).toContain(`<code>${code}</code>`);
  expect(page.text).toContain(ru);
  expect(page.text).toContain(en);
}

describe('Eljur: the gateway’s form', () => {
  it('should offer the tenant’s school as Eljur’s own page names it', async () => {
    const form = await openForm();
    expect(form.status).toBe(200);
    const school = /<option value="samara132">([^/<]+) \//.exec(form.text)?.[1];
    const eljurPage = (await flow.browser.walk(linkOn(form.text, 'Войти через ЭлЖур', form.url))).last;
    expect(eljurPage.text).toContain(`<h1>Вход в ЭлЖур — ${school}</h1>`);
  });

  it('should relink the demo account with login, password and school: same link id, lands on /link?linked=eljur', async () => {
    const before = await accounts();
    const eljur = before.find((account) => account.tenant.id === 'eljur')!;
    const form = await openForm();

    const posted = await postForm(form, { ...demoLogin(), vendor });

    expect([posted.status, posted.location]).toEqual([303, `${flow.target.url}/link?linked=eljur`]);
    const landing = await flow.browser.open(posted.location!);
    expect(landing.text).toContain('Дневник подключён: ЭлЖур.');
    expect(landing.text).toContain('Diary linked: Eljur.');
    expect(await accounts()).toEqual(before);
    expect(eljur).toMatchObject({ provider: 'ELJUR', status: 'ACTIVE', tenant: { id: 'eljur', name: 'ЭлЖур' } });
    expect(await credentialsOf(eljur.id)).toMatchObject({ vendor });
    expect(onEljur(await students())).toEqual(['Лев', 'Мария']);
  });

  it('should show the form again (400) after a wrong password, login kept, password nowhere, and link with its new token', async () => {
    const before = await snapshot();
    const form = await openForm();

    const again = await postForm(form, { ...demoLogin(), password: WRONG_PASSWORD, vendor });

    expectRefusal(
      again,
      400,
      '',
      'Дневник не принял вход: проверьте логин и пароль',
      'Eljur refused these credentials; check them and try again. Nothing was linked.',
    );
    expect(again.text).not.toContain(WRONG_PASSWORD);
    expect(again.text).toContain(`value="${demoLogin().login}"`);
    const token = formOf(again, '/link/eljur').hidden.token;
    expect(token).toBeDefined();
    expect(token).not.toBe(formOf(form, '/link/eljur').hidden.token);
    expect(await snapshot()).toEqual(before);
    // The form's token is one-time: the first page's is spent, the new one works.
    expectRefusal(
      await postForm(form, { ...demoLogin(), vendor }),
      400,
      'LINK_STATE_INVALID',
      'Ссылка устарела или уже использована',
      'The link has expired or was already used',
    );
    expect((await postForm(again, { ...demoLogin(), vendor })).status).toBe(303);
  });

  it('should refuse a school not in the tenant’s list (400 LINK_VENDOR_UNKNOWN), on the form and on Eljur’s redirect', async () => {
    const before = await snapshot();
    const requestsBefore = flow.target.gateway.demo!.simulators.eljur.requests.length;

    const posted = await postForm(await openForm(), { ...demoLogin(), vendor: UNKNOWN_SCHOOL });
    const started = await flow.browser.open(
      `${flow.target.url}/link/eljur?flow=redirect&tenant=eljur&vendor=${UNKNOWN_SCHOOL}`,
    );

    for (const page of [posted, started]) {
      expectRefusal(
        page,
        400,
        'LINK_VENDOR_UNKNOWN',
        'Выберите свою школу из списка.',
        'Choose your school from the list.',
      );
      expect(page.location).toBeNull();
    }
    expect(posted.text).not.toContain(demoLogin().password);
    // Nothing was sent to Eljur.
    expect(flow.target.gateway.demo!.simulators.eljur.requests.length).toBe(requestsBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('should send the parent straight to Eljur’s page when the tenant lists one school and none is named', async () => {
    const started = await flow.browser.open(`${flow.target.url}/link/eljur?flow=redirect&tenant=eljur`);
    expect(started.status).toBe(302);
    const location = new URL(started.location!);
    expect(location.origin).toBe(new URL(flow.target.gateway.demo!.simulators.eljur.url).origin);
    expect(location.searchParams.get('vendor')).toBe(vendor);
  });
});

describe('Eljur: the form posted from elsewhere', () => {
  it('should refuse the form posted from another site (403) without spending its token, and link nothing', async () => {
    const before = await snapshot();
    const form = await openForm();
    const fields = { ...formOf(form, '/link/eljur').hidden, ...demoLogin(), vendor };

    const crossSite = await flow.browser.open(`${flow.target.url}/link/eljur`, {
      form: fields,
      from: flow.target.gateway.demo!.simulators.eljur.url,
    });

    expect(crossSite.status).toBe(403);
    expect(crossSite.text).not.toContain(demoLogin().password);
    expect(await snapshot()).toEqual(before);
    expect((await postForm(form, { ...demoLogin(), vendor })).status).toBe(303);
  });
});

describe('Eljur: its own sign-in page', () => {
  it('should link anew from the form’s «Войти через ЭлЖур» after an unlink: same student ids, the token Eljur sent', async () => {
    const listed = await students();
    const eljur = await eljurAccount();
    noErrors(await flow.target.graphql(UNLINK, { id: eljur.id }));
    expect(onEljur(await students())).toEqual([]);
    const form = await openForm();

    const { diaryPage, toCallback, end } = await linkThroughDiary(
      flow.browser,
      linkOn(form.text, 'Войти через ЭлЖур', form.url),
      'eljur',
      demoLogin(),
    );

    expect(new URL(diaryPage.url).origin).toBe(flow.target.gateway.demo!.simulators.eljur.url);
    expect(end.pages.map((page) => [page.status, new URL(page.url).pathname + new URL(page.url).search])).toEqual([
      [303, expect.stringMatching(/^\/link\/eljur\/callback\?/)],
      [200, '/link?linked=eljur'],
    ]);
    const linked = await eljurAccount();
    expect(linked).toMatchObject({ provider: 'ELJUR', status: 'ACTIVE', tenant: { id: 'eljur' } });
    expect(linked.id).not.toBe(eljur.id);
    expect(await credentialsOf(linked.id)).toEqual({
      token: new URL(toCallback.location!).searchParams.get('token'),
      vendor,
    });
    expect(await accounts()).toHaveLength(4);
    expect(await students()).toEqual(listed);
    // Neither the token Eljur sent nor the attempt's state reaches a log line; nor does any password typed.
    const callback = new URL(toCallback.location!).searchParams;
    for (const secret of [callback.get('token')!, callback.get('state')!, demoLogin().password, WRONG_PASSWORD])
      expect(flow.target.logs()).not.toContain(secret);
  });

  it('should relink through Gosuslugi on Eljur’s page, started from the overview’s school form', async () => {
    const before = await accounts();
    const overview = await flow.browser.open(`${flow.target.url}/link`);
    const started = await flow.browser.submit(overview, '/link/eljur', { vendor });
    expect(started.status).toBe(302);

    const { end } = await linkThroughDiary(flow.browser, started.url, 'eljur-gosuslugi', demoLogin());

    expect(new URL(end.last.url).search).toBe('?linked=eljur');
    expect(await accounts()).toEqual(before);
  });

  it('should keep the parent on Eljur’s page after a wrong password; «Отказать» comes back as LINK_DENIED', async () => {
    const before = await snapshot();
    const start = `${flow.target.url}/link/eljur?flow=redirect&tenant=eljur&vendor=${vendor}`;
    const { last: page } = await flow.browser.walk(start);

    const again = await passDiaryPages(flow.browser, page, 'eljur', { ...demoLogin(), password: WRONG_PASSWORD });
    expect([again.status, again.location]).toEqual([200, null]);
    expect(again.text).toContain('Неверный логин или пароль');

    const { last: refusal } = await flow.browser.follow(await flow.browser.submit(again, 'deny'));
    expectRefusal(
      refusal,
      400,
      'LINK_DENIED',
      'Вы отказали в доступе в дневнике, поэтому ничего не подключено.',
      'You declined access in the diary, so nothing was linked.',
    );
    expect(await snapshot()).toEqual(before);
  });
});
