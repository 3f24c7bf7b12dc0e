/**
 * The link routes over real HTTP: a bare `node:http` server calling `handleLinkRoute` with a memory store
 * and real sessions, a fake `LinkingEdge` that records what it is asked to link, and a tiny fake diary
 * sign-in server (also real HTTP) that redirects the browser back with a `code`, a `token` or an `error`.
 * Each flow is walked as a browser would: the gateway's 302, the diary's 302, the callback.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createSession, hashToken } from '../../src/auth/sessions.js';
import type { LinkCredentials } from '../../src/domain/adapter.js';
import type { BrowserSignIn } from '../../src/domain/browser-sign-in.js';
import { ProviderLinkRefusedError, RateLimitedError } from '../../src/errors/gateway-error.js';
import { handleLinkRoute, isLinkPath, type LinkingEdge } from '../../src/linking/link-routes.js';
import { pkceChallenge } from '../../src/linking/pending-attempt.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { EljurTenant, LinkFlowStatus, MeshTenant, DnevnikTenant, Tenant } from '../../src/tenants/tenant.js';
import { listeningServer } from '../support/http-server.js';
import { captureLogs } from '../support/logs.js';

const MESH: MeshTenant = {
  id: 'mesh-moscow',
  platform: 'MESH',
  name: { ru: 'МЭШ — Москва', en: 'MESH — Moscow' },
  timeZone: 'Europe/Moscow',
  primary: true,
  schoolBaseUrl: 'https://school.mos.ru',
  aclBaseUrl: 'https://dnevnik.mos.ru',
  signIn: { kind: 'regional', authBaseUrl: 'https://authedu.example' },
};
const DNEVNIK: DnevnikTenant = {
  id: 'dnevnik-ru',
  platform: 'DNEVNIK',
  name: { ru: 'Дневник.ру', en: 'Dnevnik.ru' },
  timeZone: 'Europe/Moscow',
  primary: true,
  apiBaseUrl: 'https://api.dnevnik.ru',
  loginBaseUrl: 'https://login.dnevnik.ru',
  clientId: null,
  clientSecret: null,
  scope: 'CommonInfo',
  pkce: false,
};
const ELJUR: EljurTenant = {
  id: 'eljur',
  platform: 'ELJUR',
  name: { ru: 'ЭлЖур', en: 'Eljur' },
  timeZone: 'Europe/Moscow',
  primary: true,
  baseUrl: 'https://eljur.example',
  devkey: 'devkey',
  vendors: [
    { id: 'school1', name: { ru: 'Школа № 1', en: 'School 1' } },
    { id: 'school2', name: { ru: 'Школа № 2', en: 'School 2' } },
  ],
  redirectSignInUrl: 'https://eljur.example/authorize',
};
const DNEVNIK_OFF = { ru: 'не задан DNEVNIK_CLIENT_ID', en: 'DNEVNIK_CLIENT_ID is not set' };
const FLOWS: Record<string, LinkFlowStatus[]> = {
  [MESH.id]: [{ kind: 'REDIRECT', available: true, unavailableReason: null }],
  [DNEVNIK.id]: [{ kind: 'REDIRECT', available: false, unavailableReason: DNEVNIK_OFF }],
  [ELJUR.id]: [
    { kind: 'FORM', available: true, unavailableReason: null },
    { kind: 'REDIRECT', available: true, unavailableReason: null },
  ],
};
const PASSWORD = 'верный пароль 42';
const WRONG_PASSWORD = 'wrong-Secret-9';

/** The fake diary's sign-in: `/authorize` answers 302 back with what `answer` says. */
async function startFakeDiary() {
  const seen: URLSearchParams[] = [];
  let answer: 'code' | 'access_denied' | 'invalid_request' | 'junk' = 'code';
  const diary = await listeningServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://diary').searchParams;
    seen.push(query);
    const back = new URL(query.get('redirect_uri')!);
    back.searchParams.set('state', query.get('state')!);
    if (answer === 'code') back.searchParams.set('code', `code-for-${query.get('code_challenge') ?? 'none'}`);
    else if (answer === 'junk') back.searchParams.set('something', 'else');
    else back.searchParams.set('error', answer);
    res.writeHead(302, { location: back.href }).end();
  });
  return { url: diary.url, seen, answer: (next: typeof answer) => void (answer = next) };
}

function fakeSignIn(diaryUrl: string, platform: 'MESH' | 'ELJUR'): BrowserSignIn {
  return {
    usesPkce: platform === 'MESH',
    needsVendor: platform === 'ELJUR',
    authorizationUrl({ redirectUri, state, codeChallenge, vendor }) {
      const url = new URL('/authorize', diaryUrl);
      url.search = new URLSearchParams({ redirect_uri: redirectUri, state }).toString();
      if (codeChallenge) url.searchParams.set('code_challenge', codeChallenge);
      if (vendor) url.searchParams.set('vendor', vendor);
      return url.href;
    },
    readCallback(query) {
      const code = query.get('code');
      const error = query.get('error');
      if (code)
        return {
          kind: 'code',
          linkCredentials: (attempt): LinkCredentials =>
            platform === 'MESH'
              ? { provider: 'MESH', code, redirectUri: attempt.redirectUri, codeVerifier: attempt.codeVerifier }
              : { provider: 'ELJUR', token: code, vendor: attempt.vendor ?? '' },
        };
      if (error === 'access_denied') return { kind: 'refused', reason: 'DENIED', providerCode: error };
      if (error) return { kind: 'refused', reason: 'MISCONFIGURED', providerCode: error };
      return { kind: 'refused', reason: 'UNREADABLE', providerCode: null };
    },
  };
}

interface Options {
  signInAvailable?: boolean;
  edge?: boolean;
  refuseAdmission?: boolean;
}

/** The gateway side: store, sessions, fake edge, a clock to move, and the server. */
async function startLinking(options: Options = {}) {
  const diary = await startFakeDiary();
  const store = createMemoryStore();
  const logs = captureLogs();
  let clock = Date.now();
  const calls: { userId: string; tenantId: string; credentials: LinkCredentials }[] = [];
  const tenants: Tenant[] = [MESH, DNEVNIK, ELJUR];
  let publicUrl = '';
  const edge: LinkingEdge = {
    tenants: {
      all: () => tenants,
      get: (id) => tenants.find((tenant) => tenant.id === id),
      primary: (platform) => tenants.find((tenant) => tenant.platform === platform && tenant.primary),
      linkFlows: (tenant) => FLOWS[tenant.id] ?? [],
    },
    browserSignIn: (tenantId) =>
      tenantId === MESH.id
        ? fakeSignIn(diary.url, 'MESH')
        : tenantId === ELJUR.id
          ? fakeSignIn(diary.url, 'ELJUR')
          : undefined,
    async link(userId, tenantId, credentials) {
      calls.push({ userId, tenantId, credentials });
      if (credentials.provider === 'ELJUR' && 'password' in credentials && credentials.password !== PASSWORD)
        throw new ProviderLinkRefusedError('ELJUR');
      return { id: `acc-${calls.length}`, tenantId, provider: credentials.provider, displayName: 'Иванова Анна' };
    },
    linkedAccounts: async () =>
      calls.length === 0
        ? []
        : [{ id: 'acc-1', tenantId: MESH.id, provider: 'MESH', displayName: '<script>alert(1)</script>' }],
    publicUrl: () => publicUrl,
  };
  const context = {
    edge: options.edge === false ? undefined : edge,
    store,
    now: () => new Date(clock),
    logger: createLogger('debug', logs.stream),
    signInAvailable: () => options.signInAvailable ?? true,
    ...(options.refuseAdmission
      ? { admit: async (signingIn: boolean) => (signingIn ? new RateLimitedError(10, 7) : null) }
      : {}),
  };
  const gateway = await listeningServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    if (!isLinkPath(url.pathname)) return void res.writeHead(404).end();
    handleLinkRoute(req, res, url, context).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  publicUrl = gateway.url;
  const session = async (userId = 'u1') =>
    `dg_session=${await createSession(store, userId, { ttlMs: 3_600_000, now: clock })}`;
  return {
    diary,
    store,
    gateway: gateway.url,
    calls,
    logs: () => logs.text(),
    session,
    advance: (ms: number) => void (clock += ms),
  };
}

type Linking = Awaited<ReturnType<typeof startLinking>>;

async function get(url: string, cookie?: string, accept = 'text/html') {
  const response = await fetch(url, { redirect: 'manual', headers: { accept, ...(cookie ? { cookie } : {}) } });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

async function post(linking: Linking, fields: Record<string, string>, cookie?: string, accept = 'text/html') {
  const response = await fetch(`${linking.gateway}/link/eljur`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

/** Starts a redirect flow and lets the diary answer: the callback URL the browser is sent to. */
async function reachCallback(linking: Linking, cookie: string, path = '/link/mesh'): Promise<string> {
  const started = await get(`${linking.gateway}${path}`, cookie);
  expect(started.status).toBe(302);
  const back = await get(started.location!);
  expect(back.status).toBe(302);
  return back.location!;
}

/** The form's one-time token. */
function tokenOf(html: string): string {
  return /name="token" value="([^"]+)"/.exec(html)![1]!;
}

/** Asserts the logs hold none of `secrets`, and no query string of a callback. */
function expectCleanLogs(linking: Linking, secrets: string[]) {
  const logs = linking.logs();
  for (const secret of secrets) expect(logs).not.toContain(secret);
  expect(logs).not.toContain('state=');
  expect(logs).not.toContain('code=');
}

describe('the redirect flow', () => {
  it('should link with the code and the PKCE verifier of the attempt, and go back with «Дневник подключён»', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const callback = await reachCallback(linking, cookie);
    const challenge = linking.diary.seen[0]!.get('code_challenge')!;
    expect(linking.diary.seen[0]!.get('redirect_uri')).toBe(`${linking.gateway}/link/mesh/callback`);
    expect(linking.diary.seen[0]!.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const done = await get(callback, cookie);
    expect(done).toMatchObject({ status: 303, location: '/link?linked=mesh-moscow' });
    expect(linking.calls).toHaveLength(1);
    const [call] = linking.calls;
    expect(call).toMatchObject({ userId: 'u1', tenantId: 'mesh-moscow' });
    expect(call!.credentials).toMatchObject({
      provider: 'MESH',
      code: `code-for-${challenge}`,
      redirectUri: `${linking.gateway}/link/mesh/callback`,
    });
    const verifier = (call!.credentials as { codeVerifier: string }).codeVerifier;
    expect(pkceChallenge(verifier)).toBe(challenge);

    const overview = await get(`${linking.gateway}${done.location}`, cookie);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Дневник подключён: МЭШ — Москва.');
    expect(overview.text).toContain('Diary linked: MESH — Moscow.');
    expect(overview.text).not.toContain('<script>alert(1)</script>');
    expect(overview.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expectCleanLogs(linking, [verifier, challenge, new URL(callback).searchParams.get('state')!]);
    expect(linking.logs()).toContain('"route":"link/callback","tenant":"mesh-moscow","outcome":"LINKED"');
  });

  it('should go back to the returnTo the flow was started with', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const callback = await reachCallback(linking, cookie, '/link/mesh?returnTo=%2Fchildren%3Ftab%3D1');
    expect(await get(callback, cookie)).toMatchObject({ status: 303, location: '/children?tab=1' });
  });

  it.each([
    ['access_denied', 400, 'LINK_DENIED', 'Вы отказали в доступе'],
    ['invalid_request', 502, 'LINK_PROVIDER_MISCONFIGURED', 'Сообщите администратору'],
    ['junk', 502, 'LINK_CALLBACK_UNREADABLE', 'не может прочитать'],
  ] as const)('should link nothing when the diary answers %s', async (answer, status, code, words) => {
    const linking = await startLinking();
    const cookie = await linking.session();
    linking.diary.answer(answer);
    const refused = await get(await reachCallback(linking, cookie), cookie);
    expect(refused.status).toBe(status);
    expect(refused.text).toContain(code);
    expect(refused.text).toContain(words);
    expect(linking.calls).toEqual([]);
    expect(linking.logs()).toContain(`"outcome":"${code}"`);
  });

  it('should refuse an unknown, replayed or expired state with «Ссылка устарела или уже использована»', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const unknown = await get(`${linking.gateway}/link/mesh/callback?state=made-up&code=x`, cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Ссылка устарела или уже использована — начните подключение заново');
    expect(unknown.text).toContain('LINK_STATE_INVALID');

    const callback = await reachCallback(linking, cookie);
    expect((await get(callback, cookie)).status).toBe(303);
    const replayed = await get(callback, cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('LINK_STATE_INVALID');

    const late = await reachCallback(linking, cookie);
    linking.advance(600_001);
    const expired = await get(late, cookie);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('LINK_STATE_INVALID');
    expect(linking.calls).toHaveLength(1);
  });

  it('should refuse a callback from another session, linking nothing, and use the attempt up', async () => {
    const linking = await startLinking();
    const started = await linking.session('u1');
    const callback = await reachCallback(linking, started);
    for (const other of [await linking.session('u2'), await linking.session('u1'), undefined]) {
      const refused = await get(callback, other);
      expect([403, 400]).toContain(refused.status);
    }
    const first = await get(await reachCallback(linking, started), await linking.session('u2'));
    expect(first.status).toBe(403);
    expect(first.text).toContain('LINK_SESSION_MISMATCH');
    expect(linking.calls).toEqual([]);
    // Used up by the mismatched callback: the right session cannot finish it afterwards either.
    expect((await get(callback, started)).status).toBe(400);
  });

  it('should send a signed-out browser to sign in and back, or say why when there is no sign-in', async () => {
    const linking = await startLinking();
    const start = await get(`${linking.gateway}/link/mesh?tenant=mesh-moscow`);
    expect(start).toMatchObject({
      status: 302,
      location: `/auth/login?returnTo=${encodeURIComponent('/link/mesh?tenant=mesh-moscow')}`,
    });
    expect(await get(`${linking.gateway}/link`)).toMatchObject({
      status: 302,
      location: '/auth/login?returnTo=%2Flink',
    });

    const without = await startLinking({ signInAvailable: false });
    const refused = await get(`${without.gateway}/link`);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('Сначала войдите в шлюз');
    const json = await get(`${without.gateway}/link/mesh`, undefined, 'application/json');
    expect(json.status).toBe(401);
    expect(JSON.parse(json.text)).toEqual({ error: { code: 'LINK_SIGN_IN_REQUIRED', message: expect.any(String) } });
  });

  it('should refuse an unknown tenant, or one of another platform, with a 400 page', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    for (const query of ['tenant=nope', 'tenant=eljur', 'tenant=%3Cscript%3E', `tenant=${'a'.repeat(500)}`]) {
      const refused = await get(`${linking.gateway}/link/mesh?${query}`, cookie);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('LINK_TENANT_UNKNOWN');
      expect(refused.text).not.toContain('<script>');
    }
  });

  it('should answer an unavailable flow with 409 and its reason, never a 404', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const refused = await get(`${linking.gateway}/link/dnevnik`, cookie);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('LINK_FLOW_UNAVAILABLE');
    expect(refused.text).toContain('не задан DNEVNIK_CLIENT_ID');
    expect(refused.text).toContain('DNEVNIK_CLIENT_ID is not set');
    const json = await get(`${linking.gateway}/link/dnevnik`, cookie, 'application/json');
    expect(json.status).toBe(409);
    expect(JSON.parse(json.text).error).toMatchObject({ code: 'LINK_FLOW_UNAVAILABLE', reason: DNEVNIK_OFF });
  });

  it('should bound what the diary sends back: an over-long state is no state, an over-long code no code', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    // Even an attempt stored under an over-long state is not looked up by it.
    const longState = 's'.repeat(600);
    await linking.store.putPendingLink({
      stateHash: hashToken(longState),
      userId: 'u1',
      sessionHash: hashToken(cookie.slice('dg_session='.length)),
      tenantId: 'mesh-moscow',
      kind: 'redirect',
      codeVerifier: 'v'.repeat(43),
      vendor: null,
      returnTo: '/link',
      expiresAt: Date.now() + 60_000,
    });
    const long = await get(`${linking.gateway}/link/mesh/callback?state=${longState}&code=x`, cookie);
    expect(long.status).toBe(400);
    expect(long.text).toContain('LINK_STATE_INVALID');
    const callback = new URL(await reachCallback(linking, cookie));
    callback.searchParams.set('code', 'c'.repeat(5_000));
    const unreadable = await get(callback.href, cookie);
    expect(unreadable.status).toBe(502);
    expect(unreadable.text).toContain('LINK_CALLBACK_UNREADABLE');
    expect(linking.calls).toEqual([]);
  });

  it('should answer API clients with JSON: the authorization URL, and refusals as {error: {message, code}}', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const started = await get(`${linking.gateway}/link/mesh`, cookie, 'application/json');
    expect(started.status).toBe(200);
    const { authorizationUrl } = JSON.parse(started.text);
    expect(authorizationUrl).toMatch(new RegExp(`^${linking.diary.url}/authorize\\?`));
    linking.diary.answer('access_denied');
    const back = await get(authorizationUrl);
    const refused = await get(back.location!, cookie, 'application/json');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({
      error: { code: 'LINK_DENIED', message: 'You declined access in the diary, so nothing was linked.' },
    });
  });

  it('should answer 404 without linking, and 429 when the sign-in allowance is used up', async () => {
    const off = await startLinking({ edge: false });
    const cookie = await off.session();
    const missing = await get(`${off.gateway}/link`, cookie);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('LINK_NOT_CONFIGURED');
    const limited = await startLinking({ refuseAdmission: true });
    const refused = await get(`${limited.gateway}/link/mesh`, await limited.session());
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Слишком много попыток');
  });
});

describe('the Eljur form', () => {
  async function openForm(linking: Linking, cookie: string, query = 'tenant=eljur') {
    const form = await get(`${linking.gateway}/link/eljur?${query}`, cookie);
    expect(form.status).toBe(200);
    return form.text;
  }

  it('should show a labelled form with the schools, and link with what was typed', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const html = await openForm(linking, cookie, 'tenant=eljur&returnTo=%2Fdone');
    expect(html).toContain('<label for="login">');
    expect(html).toContain('type="password" autocomplete="current-password"');
    expect(html).toContain('<option value="school2">Школа № 2 / School 2</option>');
    expect(html).toContain('Войти через ЭлЖур — Школа № 1');
    const done = await post(
      linking,
      { token: tokenOf(html), vendor: 'school2', login: 'anna', password: PASSWORD },
      cookie,
    );
    expect(done).toMatchObject({ status: 303, location: '/done' });
    expect(linking.calls).toEqual([
      {
        userId: 'u1',
        tenantId: 'eljur',
        credentials: { provider: 'ELJUR', login: 'anna', password: PASSWORD, vendor: 'school2' },
      },
    ]);
    expectCleanLogs(linking, [PASSWORD]);
  });

  it('should show the form again after a wrong password: a new token, the login kept, the password not echoed', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const first = tokenOf(await openForm(linking, cookie));
    const again = await post(
      linking,
      { token: first, vendor: 'school1', login: 'anna"<b>', password: WRONG_PASSWORD },
      cookie,
    );
    expect(again.status).toBe(400);
    expect(again.text).toContain('Дневник не принял вход');
    expect(again.text).toContain('Eljur refused these credentials');
    expect(again.text).toContain('value="anna&#34;&#60;b&#62;"');
    expect(again.text).toContain('<option value="school1" selected>');
    expect(again.text).not.toContain(WRONG_PASSWORD);
    const second = tokenOf(again.text);
    expect(second).not.toBe(first);
    // The old token is used up; the new one works.
    expect(
      (await post(linking, { token: first, vendor: 'school1', login: 'anna', password: PASSWORD }, cookie)).status,
    ).toBe(400);
    const done = await post(linking, { token: second, vendor: 'school1', login: 'anna', password: PASSWORD }, cookie);
    expect(done).toMatchObject({ status: 303, location: '/link?linked=eljur' });
    expectCleanLogs(linking, [WRONG_PASSWORD, PASSWORD]);
  });

  it('should refuse a school not in the list, linking nothing', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const token = tokenOf(await openForm(linking, cookie));
    const refused = await post(linking, { token, vendor: 'evil-school', login: 'anna', password: PASSWORD }, cookie);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('LINK_VENDOR_UNKNOWN');
    expect(refused.text).not.toContain(PASSWORD);
    expect(linking.calls).toEqual([]);
  });

  it('should accept a form token once, and only from the session it was shown to', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const token = tokenOf(await openForm(linking, cookie));
    const fields = { token, vendor: 'school1', login: 'anna', password: PASSWORD };
    const stolen = await post(linking, fields, await linking.session('u2'));
    expect(stolen.status).toBe(403);
    expect(stolen.text).toContain('LINK_SESSION_MISMATCH');
    const replayed = await post(linking, fields, cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('Ссылка устарела или уже использована');
    expect(linking.calls).toEqual([]);
  });

  it('should answer API clients with JSON refusals, and refuse a body that is not a small form', async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const token = tokenOf(await openForm(linking, cookie));
    const fields = { token, vendor: 'school1', login: 'anna', password: WRONG_PASSWORD };
    const refused = await post(linking, fields, cookie, 'application/json');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({
      error: { code: 'PROVIDER_AUTH_FAILED', message: expect.stringContaining('Nothing was linked') },
    });
    expect(refused.text).not.toContain(WRONG_PASSWORD);
    const large = await post(linking, { token, login: 'a', password: 'p'.repeat(9_000) }, cookie);
    expect(large.status).toBe(413);
    // Without a declared length (chunked), the limit holds while reading.
    const chunks = [`token=${token}&login=a&password=`, 'p'.repeat(5_000), 'p'.repeat(5_000)];
    const streamed = await fetch(`${linking.gateway}/link/eljur`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(await streamed.text()).toContain('LINK_FORM_TOO_LARGE');
    // A declared length over the limit is refused before the body is read (or even sent).
    const early = await new Promise<number>((resolve, reject) => {
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '100000', cookie };
      const request = httpRequest(`${linking.gateway}/link/eljur`, { method: 'POST', headers }, (response) => {
        response.resume();
        resolve(response.statusCode!);
        request.destroy();
      });
      request.on('error', reject);
      request.write('token=');
    });
    expect(early).toBe(413);
    const json = await fetch(`${linking.gateway}/link/eljur`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(fields),
    });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('LINK_REQUEST_INVALID');
  });

  it("should run Eljur's own sign-in for a school from the list, and refuse one without a school", async () => {
    const linking = await startLinking();
    const cookie = await linking.session();
    const callback = await reachCallback(linking, cookie, '/link/eljur?flow=redirect&tenant=eljur&vendor=school2');
    expect(linking.diary.seen[0]!.get('vendor')).toBe('school2');
    expect(linking.diary.seen[0]!.has('code_challenge')).toBe(false);
    expect((await get(callback, cookie)).status).toBe(303);
    expect(linking.calls).toEqual([
      {
        userId: 'u1',
        tenantId: 'eljur',
        credentials: { provider: 'ELJUR', token: 'code-for-none', vendor: 'school2' },
      },
    ]);
    for (const query of ['flow=redirect&tenant=eljur', 'flow=redirect&tenant=eljur&vendor=school9']) {
      const refused = await get(`${linking.gateway}/link/eljur?${query}`, cookie);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('LINK_VENDOR_UNKNOWN');
    }
  });
});
