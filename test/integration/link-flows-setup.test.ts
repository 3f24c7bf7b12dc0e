/**
 * A gateway started without the demo and with an incomplete set-up (no mos.ru client, no Dnevnik.ru
 * client, no Eljur developer key): its start-up warnings name each flow that is off and the setting to
 * fill, `/link` shows the same reasons to a signed-in parent, and starting a flow that is off answers 409
 * with the reason — never 404 — while a flow that needs nothing more (a regional МЭШ node) starts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config/config.js';
import { createGateway } from '../../src/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { plainUser } from '../support/accounts.js';
import { noErrors, postGraphql } from '../support/graphql.js';
import { createLinkBrowser, type LinkBrowser } from '../support/link-browser.js';
import { captureLogs } from '../support/logs.js';
import { registerTeardown } from '../support/teardown.js';

const SECRETS = {
  ID_SECRET: 'an-id-secret-for-the-setup-test-0123456789',
  PERSONAL_DATA_SECRET: 'a-personal-data-secret-for-the-setup-test-42',
  CREDENTIAL_KEYS: `setup:${Buffer.alloc(32, 9).toString('base64')}`,
};
const logs = captureLogs();
const store = createMemoryStore();
let url: string;
let browser: LinkBrowser;

beforeAll(async () => {
  const config = loadConfig({ DEMO: 'off', STORE: 'memory', PORT: '0', LOG_LEVEL: 'info', ...SECRETS });
  const gateway = await createGateway(config, { logger: createLogger('info', logs.stream), store });
  registerTeardown(() => gateway.close());
  url = await gateway.listen();
  await store.putUser(plainUser('usr_setup_parent', 'Родитель'));
  browser = createLinkBrowser();
  browser.setCookie(
    url,
    'dg_session',
    await createSession(store, 'usr_setup_parent', { ttlMs: null, now: Date.now() }),
  );
});

/** The start-up warnings (pino level 40), by message. */
const warnings = () =>
  logs
    .text()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level === 40)
    .map((entry) => entry.msg);

describe('start-up with an incomplete set-up', () => {
  it('should warn once per tenant with a flow off, naming the flow and the settings to fill, and no value', () => {
    const said = warnings();
    expect(said).toContainEqual(
      expect.stringMatching(/^Tenant "mesh-moscow" .*REDIRECT off: .*MESH_CLIENT_ID and MESH_CLIENT_SECRET/),
    );
    expect(said).toContainEqual(
      expect.stringMatching(/^Tenant "dnevnik-ru" .*REDIRECT off: .*DNEVNIK_CLIENT_ID and DNEVNIK_CLIENT_SECRET/),
    );
    expect(said).toContainEqual(expect.stringMatching(/^Tenant "eljur" .*not served.*ELJUR_DEVKEY/));
    // A regional МЭШ node needs no client: nothing to say about it.
    expect(said.filter((line) => line.includes('"mesh-mosreg"'))).toEqual([]);
    expect(said.filter((line) => line.startsWith('Tenant "dnevnik-ru"'))).toHaveLength(1);
    for (const secret of Object.values(SECRETS)) expect(logs.text()).not.toContain(secret);
  });

  it('should show every reason on /link, in Russian and English, with the flow that works offered', async () => {
    const page = await browser.open(`${url}/link`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Вход через сайт дневника недоступен: OAuth-клиент дневника не зарегистрирован');
    expect(page.text).toContain('set DNEVNIK_CLIENT_ID and DNEVNIK_CLIENT_SECRET');
    expect(page.text).toContain('Клиент mos.ru не зарегистрирован: задайте MESH_CLIENT_ID');
    expect(page.text).toContain('No Eljur developer key: set ELJUR_DEVKEY');
    expect(page.text).toContain('<a href="/link/mesh?tenant=mesh-mosreg" class="button">');
    expect(page.text).not.toContain('href="/link/dnevnik');
  });

  it.each([
    ['/link/dnevnik', 'DNEVNIK_CLIENT_ID'],
    ['/link/dnevnik?tenant=dnevnik-ru', 'DNEVNIK_CLIENT_ID'],
    ['/link/mesh', 'MESH_CLIENT_ID'],
    ['/link/eljur', 'ELJUR_DEVKEY'],
    ['/link/eljur?flow=redirect&vendor=school1', 'ELJUR_REDIRECT_SIGN_IN_URL'],
  ])('should answer GET %s with 409 LINK_FLOW_UNAVAILABLE and the reason (%s)', async (path, setting) => {
    const page = await browser.open(`${url}${path}`);
    expect([page.status, page.location]).toEqual([409, null]);
    expect(page.text).toContain('<code>LINK_FLOW_UNAVAILABLE</code>');
    expect(page.text).toContain('Этот способ подключения дневника сейчас недоступен.');
    expect(page.text).toContain('This way of linking the diary is not available now.');
    expect(page.text).toContain(setting);
  });

  it('should say the same to API clients: JSON with the code and the reason in both languages', async () => {
    const answer = await browser.open(`${url}/link/dnevnik`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        message: expect.stringContaining('DNEVNIK_CLIENT_ID'),
        code: 'LINK_FLOW_UNAVAILABLE',
        reason: { ru: expect.stringContaining('DNEVNIK_CLIENT_ID'), en: expect.stringContaining('DNEVNIK_CLIENT_ID') },
      },
    });
  });

  it('should start the flow that needs nothing more: the region’s МЭШ node, at its real address', async () => {
    const started = await browser.open(`${url}/link/mesh?tenant=mesh-mosreg`);
    expect(started.status).toBe(302);
    const location = new URL(started.location!);
    expect(`${location.origin}${location.pathname}`).toBe('https://authedu.mosreg.ru/v3/auth/esia/login');
    expect(location.searchParams.get('redirect_url')).toBe(`${url}/link/mesh/callback`);
  });

  it('should list the reasons in Query.tenants too', async () => {
    const answer = await postGraphql<{
      tenants: { id: string; linkFlows: { kind: string; available: boolean; startPath: string | null }[] }[];
    }>(url, `{ tenants { id linkFlows { kind available startPath unavailableReason unavailableReasonEnglish } } }`);
    const dnevnik = noErrors(answer).tenants.find((tenant) => tenant.id === 'dnevnik-ru')!;
    expect(dnevnik.linkFlows).toEqual([
      {
        kind: 'REDIRECT',
        available: false,
        startPath: null,
        unavailableReason: expect.stringContaining('DNEVNIK_CLIENT_ID'),
        unavailableReasonEnglish: expect.stringContaining('DNEVNIK_CLIENT_ID'),
      },
    ]);
  });
});
