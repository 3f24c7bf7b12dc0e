/**
 * Linking МЭШ-platform accounts in the flow.browser, end to end over real HTTP: the gateway's `/link/mesh`
 * routes and the demo's two МЭШ simulators — Moscow's (login.mos.ru's password page, or its «Войти через
 * Госуслуги») and the Moscow region's «Моя школа» (its Gosuslugi redirect) — walked by a tiny flow.browser that
 * holds the demo parent's gateway session. Nothing is mocked.
 *
 * Linking an account the demo already linked is a relink (same link id, its credentials renewed); after
 * unlinking, linking again is a first link whose children come back with the same student ids — except a
 * child merged with another diary's whose id came from this account (a known gap: the `it.fails` below).
 */
import { describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../src/demo/demo-family.js';
import { defaultVault } from '../support/accounts.js';
import { startTestGateway, testClock } from '../support/gateway.js';
import { noErrors } from '../support/graphql.js';
import {
  ACCOUNTS,
  STUDENTS,
  UNLINK,
  useLinkFlowGateway,
  type LinkedAccount,
  type LinkedStudent,
} from '../support/link-flows.js';
import { createLinkBrowser, linkThroughDiary } from '../support/link-browser.js';

const flow = useLinkFlowGateway();
const { store } = flow;

const accounts = async () => noErrors(await flow.target.graphql(ACCOUNTS)).viewer.providerAccounts;
const students = async () => noErrors(await flow.target.graphql(STUDENTS)).viewer.students;
const accountOn = async (tenant: string) => (await accounts()).find((account) => account.tenant.id === tenant)!;
/** The token an account holds, opened with the gateway's (default) keys. */
const storedToken = async (id: string) =>
  defaultVault.open((await store.getProviderAccount(id))!.sealedCredentials, id).token;
/** The demo's МЭШ account on `tenant`. */
const demoAccount = (tenant: string): DemoAccount =>
  flow.target.gateway.demo!.family.accounts.find(
    (candidate) => candidate.provider === 'MESH' && (candidate.tenant ?? 'mesh-moscow') === tenant,
  )!;
/** What the parent types at the diary of `tenant`. */
const demoLogin = (tenant: string) => ({ login: demoAccount(tenant).login!, password: demoAccount(tenant).password! });
const pathOf = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
const namesOnMesh = (list: LinkedStudent[]) =>
  list
    .filter((student) => student.enrollments.some((enrollment) => enrollment.provider === 'MESH'))
    .map((student) => student.firstName)
    .sort();

describe('МЭШ Moscow through login.mos.ru', () => {
  it('should relink the demo account with the password: same link id, no second account, lands on /link?linked=mesh-moscow', async () => {
    const before = await accounts();
    const moscow = before.find((account) => account.tenant.id === 'mesh-moscow')!;
    expect(await storedToken(moscow.id)).toBe(demoAccount('mesh-moscow').token);

    const { diaryPage, end } = await linkThroughDiary(
      flow.browser,
      `${flow.target.url}/link/mesh?tenant=mesh-moscow`,
      'mos-ru',
      demoLogin('mesh-moscow'),
    );

    expect(new URL(diaryPage.url).origin).toBe(flow.target.gateway.demo!.simulators.mesh.url);
    expect(end.pages.map((page) => [page.status, pathOf(page.url)])).toEqual([
      [303, expect.stringMatching(/^\/link\/mesh\/callback\?/)],
      [200, '/link?linked=mesh-moscow'],
    ]);
    expect(end.last.text).toContain('Дневник подключён: МЭШ — Москва.');
    expect(end.last.text).toContain('Diary linked: MESH — Moscow.');
    const after = await accounts();
    expect(after).toEqual(before);
    expect(after.find((account) => account.id === moscow.id)).toEqual({
      id: moscow.id,
      provider: 'MESH',
      status: 'ACTIVE',
      tenant: { id: 'mesh-moscow', name: 'МЭШ — Москва' },
    });
    // Linked again, not just redirected: the account holds the token the new sign-in brought.
    expect(await storedToken(moscow.id)).not.toBe(demoAccount('mesh-moscow').token);
    expect(namesOnMesh(await students())).toEqual(['Артём', 'Мария', 'Полина']);
  });

  it('should link anew through «Войти через Госуслуги» after an unlink, Артём back with his id, and land on returnTo', async () => {
    const listed = await students();
    const moscow = await accountOn('mesh-moscow');
    noErrors(await flow.target.graphql(UNLINK, { id: moscow.id }));
    // Артём is gone; Мария stays, through her Eljur art school.
    expect((await students()).map((student) => student.firstName).sort()).toEqual([
      'Артем',
      'Лев',
      'Мария',
      'Полина',
      'Софья',
    ]);

    const { end } = await linkThroughDiary(
      flow.browser,
      `${flow.target.url}/link/mesh?tenant=mesh-moscow&returnTo=${encodeURIComponent('/graphiql?tab=diaries')}`,
      'mos-ru-gosuslugi',
      demoLogin('mesh-moscow'),
    );

    expect(end.pages.map((page) => [page.status, pathOf(page.url)])).toEqual([
      [303, expect.stringMatching(/^\/link\/mesh\/callback\?/)],
      [200, '/graphiql?tab=diaries'],
    ]);
    const linked = await accountOn('mesh-moscow');
    expect(linked).toMatchObject({ provider: 'MESH', status: 'ACTIVE' });
    expect(linked.id).not.toBe(moscow.id);
    expect(await accounts()).toHaveLength(4);
    // Every child comes back as listed before; Мария, whose id came from this account, see the next test.
    const others = (list: LinkedStudent[]) => list.filter((student) => student.firstName !== 'Мария');
    const after = await students();
    expect(others(after)).toEqual(others(listed));
    expect(after.find((student) => student.firstName === 'Мария')!.enrollments).toHaveLength(2);
  });

  // KNOWN GAP (reported, outside the linking room): a child merged from two diaries takes the id of its
  // earliest-seen enrollment (src/students/family-students.ts). Unlinking the account that enrollment came
  // from and linking it again makes it the newest: Мария's id moves to the one her Eljur enrollment derives.
  // `it.fails` keeps the gap visible: this starts failing once her id survives the relink.
  it.fails(
    'should give Мария, also enrolled through Eljur, her id back after unlinking and relinking МЭШ Moscow',
    async () => {
      // A gateway of its own: the demo as it starts, Мария's id from her МЭШ enrollment.
      const own = testClock();
      const fresh = await startTestGateway({}, own.now);
      const ownBrowser = createLinkBrowser();
      ownBrowser.setCookie(fresh.url, 'dg_session', fresh.gateway.demo!.token);
      const ask = async <T>(query: string, variables = {}) => noErrors(await fresh.graphql<T>(query, variables));
      const maria = async () =>
        (await ask<{ viewer: { students: LinkedStudent[] } }>(STUDENTS)).viewer.students.find(
          (student) => student.firstName === 'Мария',
        )!.id;
      const before = await maria();
      const listed = await ask<{ viewer: { providerAccounts: LinkedAccount[] } }>(ACCOUNTS);
      const moscow = listed.viewer.providerAccounts.find((account) => account.tenant.id === 'mesh-moscow')!;
      await ask(UNLINK, { id: moscow.id });
      own.advance(60_000);
      await linkThroughDiary(
        ownBrowser,
        `${fresh.url}/link/mesh?tenant=mesh-moscow`,
        'mos-ru',
        demoLogin('mesh-moscow'),
      );
      expect(await maria()).toBe(before);
    },
  );
});

describe('МЭШ Moscow region through its Gosuslugi redirect', () => {
  it('should relink the demo account: same link id, credentials renewed, Полина listed', async () => {
    const before = await accounts();
    const region = before.find((account) => account.tenant.id === 'mesh-mosreg')!;
    expect(await storedToken(region.id)).toBe(demoAccount('mesh-mosreg').token);

    const { diaryPage, end } = await linkThroughDiary(
      flow.browser,
      `${flow.target.url}/link/mesh?tenant=mesh-mosreg`,
      'regional',
      demoLogin('mesh-mosreg'),
    );

    expect(new URL(diaryPage.url).origin).toBe(flow.target.gateway.demo!.simulators.meshRegion.url);
    expect(diaryPage.text).toContain('Вход — Госуслуги');
    expect(pathOf(end.last.url)).toBe('/link?linked=mesh-mosreg');
    expect(end.last.text).toContain('Дневник подключён: «Моя школа» — Московская область.');
    expect(end.last.text).toContain('Diary linked: “Moya Shkola” — Moscow Region.');
    expect(await accounts()).toEqual(before);
    expect(region).toMatchObject({ status: 'ACTIVE', tenant: { id: 'mesh-mosreg' } });
    expect(await storedToken(region.id)).not.toBe(demoAccount('mesh-mosreg').token);
    expect(namesOnMesh(await students())).toContain('Полина');
  });

  it('should link anew after an unlink: Полина comes back with the same student id', async () => {
    const listed = await students();
    const region = await accountOn('mesh-mosreg');
    noErrors(await flow.target.graphql(UNLINK, { id: region.id }));
    expect((await students()).map((student) => student.firstName)).not.toContain('Полина');

    const { end } = await linkThroughDiary(
      flow.browser,
      `${flow.target.url}/link/mesh?tenant=mesh-mosreg`,
      'regional',
      demoLogin('mesh-mosreg'),
    );

    expect(pathOf(end.last.url)).toBe('/link?linked=mesh-mosreg');
    const linked = await accountOn('mesh-mosreg');
    expect(linked).toMatchObject({ provider: 'MESH', status: 'ACTIVE', tenant: { id: 'mesh-mosreg' } });
    expect(linked.id).not.toBe(region.id);
    expect(await accounts()).toHaveLength(4);
    expect(await students()).toEqual(listed);
  });
});
