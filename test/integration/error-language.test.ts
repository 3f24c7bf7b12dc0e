/**
 * Issue 14: errors meant for people come in the language asked for (`Accept-Language`), with the same
 * stable codes and extensions. The same failing request is sent without the header (Node's fetch then
 * sends `*`), asking for English and asking for Russian, to a real gateway over real HTTP: the status,
 * the code and every extension are the same, only the message changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, postGraphql, type GraphqlError, type GraphqlResponse } from '../support/graphql.js';
import { startRedisServer } from '../support/redis.js';

const RUSSIAN = 'ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7';
const ENGLISH = 'en-US,en;q=0.9,ru;q=0.8';

/** The same request in three languages: not said, English, Russian. */
interface Asked {
  unsaid: GraphqlResponse;
  en: GraphqlResponse;
  ru: GraphqlResponse;
}

async function askInEveryLanguage(
  target: TestGateway,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = target.gateway.demo!.token,
): Promise<Asked> {
  const ask = (language?: string) =>
    postGraphql(target.url, query, {
      variables,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(language ? { 'accept-language': language } : {}),
      },
    });
  // In turn, not at once: the rate-limit case counts them.
  const unsaid = await ask();
  const en = await ask(ENGLISH);
  const ru = await ask(RUSSIAN);
  return { unsaid, en, ru };
}

/** An answer's errors without their messages, for comparing answers in different languages. */
function withoutMessages(answer: GraphqlResponse): Omit<GraphqlError, 'message'>[] {
  return (answer.body.errors ?? []).map(({ message: _message, ...rest }) => rest);
}

function messages(answer: GraphqlResponse): string[] {
  return (answer.body.errors ?? []).map((error) => error.message);
}

/**
 * Checks the three answers differ only in their errors' messages (and, with `sameData: false`, in their
 * data, which may hold messages too), and returns the English and Russian ones.
 */
function sameButWorded({ unsaid, en, ru }: Asked, sameData = true): { english: string[]; russian: string[] } {
  expect(en.status).toBe(unsaid.status);
  expect(ru.status).toBe(unsaid.status);
  expect(withoutMessages(unsaid).length).toBeGreaterThan(0);
  expect(withoutMessages(en)).toEqual(withoutMessages(unsaid));
  expect(withoutMessages(ru)).toEqual(withoutMessages(unsaid));
  if (sameData) expect(ru.body.data).toEqual(en.body.data);
  expect(messages(en)).toEqual(messages(unsaid));
  return { english: messages(en), russian: messages(ru) };
}

const STUDENTS = '{ viewer { students { id firstName } } }';
const REPORT = `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { from to } }`;

describe('GraphQL errors in the language asked for', () => {
  let target: TestGateway;
  let mariaId: string;

  beforeAll(async () => {
    target = await startTestGateway();
    const listing = await target.graphql<{ viewer: { students: { id: string; firstName: string }[] } }>(STUDENTS);
    mariaId = dataOf(listing).viewer.students.find((student) => student.firstName === 'Мария')!.id;
  }, 60_000);

  it('should say UNAUTHENTICATED in Russian when asked, and in English otherwise', async () => {
    const { english, russian } = sameButWorded(await askInEveryLanguage(target, '{ viewer { id } }', {}, null));
    expect(english).toEqual(['Sign in first: send `Authorization: Bearer <token>` with a valid session token.']);
    expect(russian).toEqual(['Сначала войдите: нужен действующий токен сеанса (`Authorization: Bearer <токен>`).']);
  });

  it('should word an absence notice starting too far back, BAD_USER_INPUT on `from` either way', async () => {
    const input = { studentId: mariaId, from: '2026-10-20', to: '2026-10-21', reason: 'ILLNESS' };
    const asked = await askInEveryLanguage(target, REPORT, { input });
    const { english, russian } = sameButWorded(asked);
    expect(asked.ru.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'from' });
    expect(english).toEqual(['A notice may start at most 30 days ago.']);
    expect(russian).toEqual(['Уведомление может начинаться максимум 30 дней назад.']);
  });

  it('should word a refused invitation code', async () => {
    const accept = 'mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }';
    const { english, russian } = sameButWorded(await askInEveryLanguage(target, accept, { code: 'no-such-code' }));
    expect(english[0]).toMatch(/^This invitation code is not valid/);
    expect(russian).toEqual(['Код приглашения недействителен: он неизвестен, уже использован, отозван или истёк.']);
  });

  it('should word QUERY_TOO_COMPLEX with its figures, the figures in the extensions unchanged', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: displayName`).join(' ');
    const asked = await askInEveryLanguage(target, `{ viewer { ${aliases} } }`);
    const { english, russian } = sameButWorded(asked);
    expect(asked.ru.status).toBe(400);
    expect(asked.ru.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    const { maximum, actual } = asked.ru.body.errors![0]!.extensions as { maximum: number; actual: number };
    expect(english[0]).toMatch(/^The query uses \d+ aliases/);
    expect(russian).toEqual([
      `Псевдонимов полей (aliases) в запросе — ${actual}, а шлюз принимает не больше ${maximum}. ` +
        'Запрашивайте каждое поле один раз или разделите запрос.',
    ]);
  });

  it('should leave errors about the query text itself (graphql-js validation) in English', async () => {
    const asked = await askInEveryLanguage(target, '{ viewer { nope } }');
    expect(asked.ru.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(messages(asked.ru)).toEqual(messages(asked.en));
  });

  it('should say Vary: Accept-Language on every GraphQL answer', async () => {
    const answer = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(answer.headers.get('vary')?.toLowerCase()).toContain('accept-language');
  });
});

describe('partial errors and the edge refusals in the language asked for', () => {
  it('should word PROVIDER_UNAVAILABLE beside the data, and in DataFreshness, with a diary down', async () => {
    const target = await startTestGateway({ UPSTREAM_RETRIES: '0', BREAKER_FAILURE_THRESHOLD: '1000' });
    target.gateway.demo!.simulators.mesh.setFault('down');
    const query = `{ viewer { students { fullName grades(from: "2026-11-16", to: "2026-11-22") { id }
      freshness { provider error { code message } } } } }`;
    const asked = await askInEveryLanguage(target, query);
    const { english, russian } = sameButWorded(asked, false);
    expect(withoutMessages(asked.ru)).toContainEqual(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'PROVIDER_UNAVAILABLE', provider: 'MESH' }),
      }),
    );
    for (const message of english) expect(message).toMatch(/^МЭШ is not answering/);
    for (const message of russian) expect(message).toMatch(/^МЭШ сейчас не отвечает.*Попробуйте позже\.$/);

    type Freshness = { provider: string; error: { code: string; message: string } | null };
    const failures = (answer: GraphqlResponse) =>
      (answer.body.data as { viewer: { students: { freshness: Freshness[] }[] } }).viewer.students
        .flatMap((student) => student.freshness)
        .flatMap((entry) => (entry.error ? [entry.error] : []));
    expect(failures(asked.ru).length).toBeGreaterThan(0);
    expect(failures(asked.ru).map((error) => error.code)).toEqual(failures(asked.en).map((error) => error.code));
    // Apart from those messages, the same data.
    const withoutFreshnessMessages = (answer: GraphqlResponse) =>
      JSON.parse(JSON.stringify(answer.body.data), (key, value: unknown) => (key === 'message' ? '' : value));
    expect(withoutFreshnessMessages(asked.ru)).toEqual(withoutFreshnessMessages(asked.en));
    for (const error of failures(asked.en)) expect(error.message).toMatch(/^МЭШ is not answering/);
    for (const error of failures(asked.ru)) expect(error.message).toMatch(/^МЭШ сейчас не отвечает/);
  });

  it('should word RATE_LIMITED at the edge, with the same Retry-After and extensions', async () => {
    const target = await startTestGateway({ SESSION_RATE_LIMIT_PER_MINUTE: '1' });
    expect((await target.graphql('{ viewer { id } }')).status).toBe(200);
    const asked = await askInEveryLanguage(target, '{ viewer { id } }');
    expect(asked.ru.status).toBe(429);
    const { english, russian } = sameButWorded(asked);
    const { retryAfterSeconds } = asked.ru.body.errors![0]!.extensions as { retryAfterSeconds: number };
    expect(english[0]).toMatch(/^Too many requests: at most 1 per minute are accepted\./);
    expect(russian).toEqual([
      `Слишком много запросов: принимается не больше 1 в минуту. Попробуйте снова через ${retryAfterSeconds} с.`,
    ]);
  });

  it('should word REQUEST_TOO_LARGE at the edge', async () => {
    const target = await startTestGateway({ MAX_BODY_BYTES: '2048' });
    const big = `{ viewer { id } } # ${'x'.repeat(4096)}`;
    const { english, russian } = sameButWorded(await askInEveryLanguage(target, big));
    expect(english).toEqual(['The request body is larger than 2048 bytes.']);
    expect(russian).toEqual(['Тело запроса больше 2048 байт.']);
  });
});

describe('the store out of reach, in the language asked for', () => {
  it('should word SERVICE_UNAVAILABLE at the edge (authentication) and from a resolver (a write)', async () => {
    const redis = await startRedisServer();
    const target = await startTestGateway({ STORE: 'redis', REDIS_URL: redis.url });
    const listing = await target.graphql<{ viewer: { students: { id: string }[] } }>('{ viewer { students { id } } }');
    const studentId = dataOf(listing).viewer.students[0]!.id;
    await redis.stop();

    const expected = {
      english: ["The gateway's storage is briefly unavailable, so this could not be done now. Try again in 5 s."],
      russian: [
        'Хранилище шлюза ненадолго недоступно, поэтому сейчас это сделать не удалось. Попробуйте снова через 5 с.',
      ],
    };
    // A token this process never verified: refused at the edge, before Apollo.
    const stranger = await askInEveryLanguage(target, '{ viewer { id } }', {}, 'a-token-nobody-has-seen');
    expect(stranger.ru.status).toBe(503);
    expect(sameButWorded(stranger)).toEqual(expected);
    // The demo session (verified before the outage): the resolver's write fails.
    const invite = `mutation($studentId: ID!) {
      inviteTrustedPerson(input: { studentId: $studentId, fullName: "Иванова Галина Петровна" }) { code } }`;
    const written = await askInEveryLanguage(target, invite, { studentId });
    expect(written.ru.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(sameButWorded(written)).toEqual(expected);
  });
});

describe('the sign-in failure page and its JSON', () => {
  let target: TestGateway;
  // No `dg_login` cookie comes back with this callback: LOGIN_NOT_STARTED.
  const callback = (headers: Record<string, string>) =>
    fetch(`${target.url}/auth/callback?code=x&state=y`, { redirect: 'manual', headers });

  beforeAll(async () => {
    target = await startTestGateway();
  }, 60_000);

  it('should show the page in Russian first unless English is preferred, both languages always there', async () => {
    const russianFirst: Record<string, string>[] = [{}, { 'accept-language': 'ru' }, { 'accept-language': '*' }];
    for (const headers of russianFirst) {
      const page = await callback({ accept: 'text/html', ...headers });
      expect(page.status).toBe(400);
      const text = await page.text();
      expect(text).toContain('<html lang="ru">');
      expect(text.indexOf('<h1>Не удалось войти</h1>')).toBeGreaterThan(-1);
      expect(text.indexOf('<h1>Не удалось войти</h1>')).toBeLessThan(text.indexOf('<h1>Sign-in failed</h1>'));
      expect(text).toContain('браузер не вернул cookie входа');
      expect(text).toContain('did not bring back the sign-in cookie');
    }
    const english = await (await callback({ accept: 'text/html', 'accept-language': ENGLISH })).text();
    expect(english).toContain('<html lang="en">');
    expect(english.indexOf('<h1>Sign-in failed</h1>')).toBeLessThan(english.indexOf('<h1>Не удалось войти</h1>'));
    expect(english).toContain('<a href="/auth/login">Войти снова</a>');
  });

  it('should answer an API client in English unless it asks for Russian, with the same code and reason', async () => {
    const json = async (headers: Record<string, string>) =>
      ((await (await callback({ accept: 'application/json', ...headers })).json()) as { error: object }).error;
    const unsaid = await json({});
    const russian = await json({ 'accept-language': RUSSIAN });
    expect(unsaid).toEqual({
      message: expect.stringMatching(/^The sign-in could not be completed: the browser did not bring back/),
      code: 'UNAUTHENTICATED',
      reason: 'LOGIN_NOT_STARTED',
    });
    expect(russian).toEqual({
      message: 'Не удалось войти: браузер не вернул cookie входа; начните вход заново в этом же браузере.',
      code: 'UNAUTHENTICATED',
      reason: 'LOGIN_NOT_STARTED',
    });
  });
});
