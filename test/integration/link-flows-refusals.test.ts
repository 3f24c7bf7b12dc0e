/**
 * Refused and abandoned link flows link nothing and say why, in Russian and English: the gateway's own
 * checks of an attempt (a replayed callback, an attempt past its ten minutes on the gateway's clock, a
 * callback in another session or none) and the diaries' refusals (a redirect URI the diary does not know,
 * «Отмена» on mos.ru's and the region's Gosuslugi page, a wrong password). End to end over real HTTP against
 * the demo's simulators; after each refusal the accounts and their stored credentials are as they were.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ELJUR_SIMULATOR_VENDOR } from '../../adapters/eljur/simulator/index.js';
import { createSession } from '../../src/auth/sessions.js';
import { PENDING_LINK_TTL_MS } from '../../src/linking/pending-attempt.js';
import { plainUser } from '../support/accounts.js';
import { noErrors, operation } from '../support/graphql.js';
import {
  createLinkBrowser,
  isLinkCallback,
  passDiaryPages,
  type BrowserPage,
  type DiaryRoute,
  type LinkBrowser,
} from '../support/link-browser.js';
import { useLinkFlowGateway } from '../support/link-flows.js';
import { linkOn } from '../support/sign-in-pages.js';

const ACCOUNTS = operation<{ viewer: { providerAccounts: { id: string; tenant: { id: string } }[] } }>(
  `{ viewer { providerAccounts { id tenant { id } } } }`,
);
const OTHER_USER = 'usr_other_family';

const flow = useLinkFlowGateway();
const { store, clock } = flow;
/** The demo parent's flow.browser, and another family's. */
let otherBrowser: LinkBrowser;
let otherSession: string;

beforeAll(async () => {
  flow.browser = createLinkBrowser();
  flow.browser.setCookie(flow.target.url, 'dg_session', flow.target.gateway.demo!.token);
  await store.putUser(plainUser(OTHER_USER, 'Другая семья'));
  otherSession = await createSession(store, OTHER_USER, { ttlMs: null, now: clock.now().getTime() });
  otherBrowser = createLinkBrowser();
  otherBrowser.setCookie(flow.target.url, 'dg_session', otherSession);
});

/** Both families' accounts with their sealed credentials: what a refusal must leave exactly as it was. */
async function snapshot() {
  const of = async (token: string) =>
    Promise.all(
      noErrors(await flow.target.graphql(ACCOUNTS, {}, token)).viewer.providerAccounts.map(async (account) => ({
        ...account,
        sealed: (await store.getProviderAccount(account.id))?.sealedCredentials,
      })),
    );
  return { parent: await of(flow.target.gateway.demo!.token), other: await of(otherSession) };
}

const demoLogin = (provider: 'MESH' | 'DNEVNIK' | 'ELJUR', tenant?: string) => {
  const account = flow.target.gateway.demo!.family.accounts.find(
    (candidate) => candidate.provider === provider && candidate.tenant === tenant,
  )!;
  return { login: account.login!, password: account.password! };
};
const MOSCOW = () => `${flow.target.url}/link/mesh?tenant=mesh-moscow`;

/** Starts a flow, signs in at the diary along `route`, and stops at the diary's redirect to the callback. */
async function untilCallback(start: string, route: DiaryRoute, person: { login: string; password: string }) {
  const { last: page } = await flow.browser.walk(start);
  const back = await passDiaryPages(flow.browser, page, route, person);
  expect(isLinkCallback(flow.target.url)(new URL(back.location!))).toBe(true);
  return back.location!;
}

/** A refusal page of the gateway: its status and code, and its words in both languages. */
function expectRefusal(page: BrowserPage, status: number, code: string, ru: string, en: string): void {
  expect(page.status, page.text).toBe(status);
  expect(page.location).toBeNull();
  expect(page.text).toContain(`<code>${code}</code>`);
  expect(page.text).toContain(ru);
  expect(page.text).toContain(en);
}
const STATE_INVALID = [
  'LINK_STATE_INVALID',
  'Ссылка устарела или уже использована — начните подключение заново.',
  'The link has expired or was already used — start linking again.',
] as const;
const SESSION_MISMATCH = [
  'LINK_SESSION_MISMATCH',
  'Подключение начато в другом сеансе шлюза',
  'Linking was started in another session of the gateway',
] as const;

describe('the gateway’s checks of an attempt', () => {
  it('should link once and refuse the same callback URL again (400 LINK_STATE_INVALID)', async () => {
    const callback = await untilCallback(MOSCOW(), 'mos-ru', demoLogin('MESH'));
    expect((await flow.browser.open(callback)).status).toBe(303);
    const linked = await snapshot();

    expectRefusal(await flow.browser.open(callback), 400, ...STATE_INVALID);
    expect(await snapshot()).toEqual(linked);
  });

  it('should refuse a callback that comes more than ten minutes after the start, on the gateway’s clock', async () => {
    const inTime = await untilCallback(MOSCOW(), 'mos-ru', demoLogin('MESH'));
    clock.advance(PENDING_LINK_TTL_MS - 1000);
    expect((await flow.browser.open(inTime)).status).toBe(303);
    const before = await snapshot();

    const late = await untilCallback(MOSCOW(), 'mos-ru', demoLogin('MESH'));
    clock.advance(PENDING_LINK_TTL_MS + 1000);
    expectRefusal(await flow.browser.open(late), 400, ...STATE_INVALID);
    expect(await snapshot()).toEqual(before);
  });

  it('should refuse the callback in another family’s session or in none (403), and the attempt is then spent', async () => {
    const before = await snapshot();
    const callback = await untilCallback(MOSCOW(), 'mos-ru', demoLogin('MESH'));

    expectRefusal(await otherBrowser.open(callback), 403, ...SESSION_MISMATCH);
    expectRefusal(await flow.browser.open(callback), 400, ...STATE_INVALID);
    const anonymous = await untilCallback(MOSCOW(), 'mos-ru', demoLogin('MESH'));
    expectRefusal(await createLinkBrowser().open(anonymous), 403, ...SESSION_MISMATCH);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the diaries’ refusals', () => {
  it.each([
    ['МЭШ Moscow', '/link/mesh?tenant=mesh-moscow', 'redirect_uri'],
    ['МЭШ Moscow region', '/link/mesh?tenant=mesh-mosreg', 'redirect_url'],
    ['Dnevnik.ru', '/link/dnevnik?tenant=dnevnik-ru', 'redirect_uri'],
    ['Eljur', `/link/eljur?flow=redirect&tenant=eljur&vendor=${ELJUR_SIMULATOR_VENDOR}`, 'redirect_uri'],
  ])(
    'should stop at %s’s error page for a redirect URI it does not know, with nothing linked',
    async (_, path, name) => {
      const before = await snapshot();
      const started = await flow.browser.open(`${flow.target.url}${path}`);
      const authorize = new URL(started.location!);
      expect(authorize.searchParams.get(name)).toBe(`${flow.target.url}/link/${path.split(/[/?]/)[2]}/callback`);
      // What a gateway whose registered callback differs from the one it sends would meet.
      authorize.searchParams.set(name, `${flow.target.url}/elsewhere/callback`);

      const page = await flow.browser.open(authorize.href);

      expect([page.status, page.location]).toEqual([400, null]);
      expect(page.text).toMatch(/redirect_ur[il]/);
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each([
    ['mos.ru’s page', MOSCOW, 'Отмена'],
    ['the region’s Gosuslugi page', () => `${flow.target.url}/link/mesh?tenant=mesh-mosreg`, 'Отмена'],
  ])('should answer «Отмена» on %s with a 400 LINK_DENIED page', async (_, start, cancel) => {
    const before = await snapshot();
    const { last: page } = await flow.browser.walk(start());

    const { last: refusal } = await flow.browser.walk(linkOn(page.text, cancel, page.url));

    expectRefusal(
      refusal,
      400,
      'LINK_DENIED',
      'Вы отказали в доступе в дневнике, поэтому ничего не подключено.',
      'You declined access in the diary, so nothing was linked.',
    );
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['mos.ru’s page', MOSCOW, 'mos-ru', undefined],
    ['the region’s Gosuslugi page', () => `${flow.target.url}/link/mesh?tenant=mesh-mosreg`, 'regional', 'mesh-mosreg'],
  ] as const)('should keep the parent on %s after a wrong password', async (_, start, route, tenant) => {
    const before = await snapshot();
    const { last: page } = await flow.browser.walk(start());

    const again = await passDiaryPages(flow.browser, page, route, {
      ...demoLogin('MESH', tenant),
      password: 'wrong-7c1',
    });

    expect([again.status, again.location, new URL(again.url).origin]).toEqual([200, null, new URL(page.url).origin]);
    expect(again.text).toContain('Неверный логин или пароль');
    expect(again.text).not.toContain('wrong-7c1');
    expect(await snapshot()).toEqual(before);
  });
});
