/**
 * Calendar feeds end to end, over real HTTP against a real gateway and the demo simulators: a parent makes a
 * feed and a phone's fetch reads a valid calendar back (ical.js), lessons at the times the schedule gives in
 * Moscow and in Samara, cancelled lessons cancelled, stable UIDs and 304s; revocation, a trusted person's
 * revoked grant and an unlinked account all close the address; another family's child is refused like an
 * unknown id; the token's own rate limit answers 429; a failing diary is served from its last good copy (and
 * without one, 503 rather than an empty week); and no token ever reaches the log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { DEFAULT_FRESHNESS } from '../../src/config/cache-freshness.js';
import { MAX_CALENDAR_FEEDS } from '../../src/feeds/calendar-feeds.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { GatewayStore } from '../../src/store/store.js';
import { plainUser } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, testClock, type TestGateway } from '../support/gateway.js';
import { codeOf, dataOf, noErrors, operation } from '../support/graphql.js';
import { localTime, parseIcs, type ParsedCalendar } from '../support/ics.js';

interface CreatedFeed {
  url: string;
  webcalUrl: string;
  feed: { id: string; studentId: string; createdAt: string; isRevoked: boolean };
}

const CREATE = operation<{ createCalendarFeed: CreatedFeed }>(
  `mutation($id: ID!) { createCalendarFeed(studentId: $id) { url webcalUrl feed { id studentId createdAt isRevoked } } }`,
);
const REVOKE = operation<{ revokeCalendarFeed: { id: string; isRevoked: boolean; revokedAt: string | null } }>(
  `mutation($id: ID!) { revokeCalendarFeed(id: $id) { id isRevoked revokedAt } }`,
);
const FEEDS = operation<{
  viewer: {
    calendarFeeds: {
      id: string;
      studentId: string;
      student: { firstName: string } | null;
      createdAt: string;
      lastFetchedAt: string | null;
      isRevoked: boolean;
    }[];
  };
}>(`{ viewer { calendarFeeds { id studentId student { firstName } createdAt lastFetchedAt isRevoked } } }`);
const STUDENTS = operation<{ viewer: { students: { id: string; firstName: string }[] } }>(
  `{ viewer { students { id firstName } } }`,
);
const SCHEDULE = operation<{
  student: { schedule: { startsAt: string | null; isCancelled: boolean; subject: { name: string } }[] };
}>(
  `query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) { schedule(from: $from, to: $to) { startsAt isCancelled subject { name } } } }`,
);

/** Every token any test here was handed: none may reach the log. */
const tokensSeen = new Set<string>();

/** The students of the viewer `token` names, by first name. */
async function studentsOf(target: TestGateway, token?: string): Promise<Record<string, string>> {
  const { students } = noErrors(await target.graphql(STUDENTS, {}, token)).viewer;
  return Object.fromEntries(students.map((student) => [student.firstName, student.id]));
}

/** Makes a feed of `studentId` as the viewer `token` names (the demo parent by default). */
async function createFeed(target: TestGateway, studentId: string, token?: string): Promise<CreatedFeed> {
  const created = noErrors(await target.graphql(CREATE, { id: studentId }, token)).createCalendarFeed;
  tokensSeen.add(/\/calendar\/([\w-]+)\.ics$/.exec(created.url)![1]!);
  return created;
}

/** Fetches a feed as a phone does (gzip taken); the body read as text. */
async function fetchFeed(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { 'accept-encoding': 'gzip', ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function fetchCalendar(url: string): Promise<ParsedCalendar> {
  const answer = await fetchFeed(url);
  expect(answer.status).toBe(200);
  return parseIcs(answer.text);
}

async function signIn(
  store: GatewayStore,
  id: string,
  name: string,
  lastName: string,
  firstName: string,
  middleName: string,
) {
  await store.putUser(plainUser(id, name, { lastName, firstName, middleName, birthDate: null, snilsHash: null }));
  return createSession(store, id, { ttlMs: null, now: TEST_NOW.getTime() });
}

describe('a calendar feed on a healthy gateway', () => {
  let target: TestGateway;
  let store: GatewayStore;
  let students: Record<string, string>;
  let grandmaToken: string;
  let grandmaGrantId: string;
  let otherParentToken: string;

  beforeAll(async () => {
    store = createMemoryStore();
    target = await startTestGateway({ CALENDAR_FEED_RATE_LIMIT_PER_MINUTE: '4' }, () => TEST_NOW, { store });
    students = await studentsOf(target);
    otherParentToken = await signIn(store, 'usr_other', 'Пётр Ильич Смирнов', 'Смирнов', 'Пётр', 'Ильич');
    grandmaToken = await signIn(store, 'usr_grandma', 'Галина Петровна Иванова', 'Иванова', 'Галина', 'Петровна');
    const invited = noErrors(
      await target.graphql<{ inviteTrustedPerson: { code: string; grant: { id: string } } }>(
        `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code grant { id } } }`,
        { id: students['Мария'] },
      ),
    ).inviteTrustedPerson;
    grandmaGrantId = invited.grant.id;
    const accepted = await target.graphql(
      `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
      { code: invited.code },
      grandmaToken,
    );
    expect(accepted.body.errors).toBeUndefined();
  }, 60_000);

  it('should hand out the address once, under the gateway’s address, as https (here http) and webcal', async () => {
    const created = await createFeed(target, students['Мария']!);
    expect(created.url).toMatch(new RegExp(`^${target.url}/calendar/[\\w-]{43}\\.ics$`));
    expect(created.webcalUrl).toBe(created.url.replace(/^http:/, 'webcal:'));
    expect(created.feed).toMatchObject({
      studentId: students['Мария'],
      isRevoked: false,
      createdAt: '2026-11-23T09:00:00+00:00',
    });
  });

  it('should serve a valid calendar: lessons, homework and days off, in Russian, marked private', async () => {
    const { url } = await createFeed(target, students['Мария']!);
    const answer = await fetchFeed(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('private, max-age=300');
    expect(answer.headers.get('etag')).toMatch(/^W\/"[\w-]{27}"$/);
    expect(answer.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const calendar = parseIcs(answer.text);
    expect(calendar.name).toBe('Школа: Мария');
    const categories = new Set(calendar.events.flatMap((event) => event.categories));
    expect(categories).toEqual(new Set(['Урок', 'Домашнее задание', 'Нет уроков']));
    // Two weeks back to eight weeks ahead of Monday 23 November, 2026-11-09…2027-01-18.
    const lessonDays = calendar.events
      .filter((event) => event.categories.includes('Урок') && 'instant' in event.start)
      .map((event) => localTime((event.start as { instant: number }).instant, 'Europe/Moscow').slice(0, 10));
    expect(lessonDays.every((day) => day >= '2026-11-09' && day <= '2027-01-18')).toBe(true);
    // The demo's timetable reaches two weeks ahead: all of it is in the feed, from the window's first day.
    expect(lessonDays).toContain('2026-11-09');
    expect(lessonDays).toContain('2026-12-07');
  });

  it.each([
    ['Мария', 'Europe/Moscow'],
    ['Лев', 'Europe/Samara'],
  ])('should put every lesson of %s at the local time the schedule gives (school in %s)', async (name, timeZone) => {
    const { url } = await createFeed(target, students[name]!);
    const calendar = await fetchCalendar(url);
    const schedule = noErrors(
      await target.graphql(SCHEDULE, { id: students[name], from: '2026-11-23', to: '2026-11-29' }),
    ).student.schedule.filter((lesson) => lesson.startsAt !== null);
    expect(schedule.length).toBeGreaterThan(5);
    // Мария's art school is in Samara (+04:00), her school in Moscow (+03:00); Лев's school is in Samara.
    const zoneOf = (startsAt: string) => (startsAt.endsWith('+04:00') ? 'Europe/Samara' : 'Europe/Moscow');
    expect(schedule.some((lesson) => zoneOf(lesson.startsAt!) === timeZone)).toBe(true);
    const starts = new Set(calendar.events.flatMap((event) => ('instant' in event.start ? [event.start.instant] : [])));
    for (const lesson of schedule) {
      const instant = Date.parse(lesson.startsAt!);
      expect(starts.has(instant)).toBe(true);
      // A phone in the lesson's school's zone shows the wall-clock time the diary gave.
      expect(localTime(instant, zoneOf(lesson.startsAt!))).toBe(lesson.startsAt!.slice(0, 16).replace('T', ' '));
    }
  });

  it('should keep a cancelled lesson in the feed, marked STATUS:CANCELLED', async () => {
    let found: { name: string; startsAt: number } | null = null;
    for (const name of ['Мария', 'Софья', 'Полина', 'Артём']) {
      const schedule = noErrors(
        await target.graphql(SCHEDULE, { id: students[name], from: '2026-11-23', to: '2026-12-06' }),
      ).student.schedule;
      const cancelled = schedule.find((lesson) => lesson.isCancelled && lesson.startsAt !== null);
      if (cancelled) {
        found = { name, startsAt: Date.parse(cancelled.startsAt!) };
        break;
      }
    }
    expect(found).not.toBeNull();
    const calendar = await fetchCalendar((await createFeed(target, students[found!.name]!)).url);
    const event = calendar.events.find(
      (each) => 'instant' in each.start && each.start.instant === found!.startsAt && each.status === 'CANCELLED',
    );
    expect(event?.summary).toMatch(/ — отменён$/);
    expect(calendar.events.filter((each) => each.status === 'CANCELLED').length).toBeGreaterThanOrEqual(1);
  });

  it('should give the same UIDs on every fetch, and answer 304 while nothing changed', async () => {
    const { url } = await createFeed(target, students['Софья']!);
    const first = await fetchFeed(url);
    const second = await fetchFeed(url);
    expect(parseIcs(second.text).events.map((event) => event.uid)).toEqual(
      parseIcs(first.text).events.map((event) => event.uid),
    );
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    const unchanged = await fetchFeed(url, { 'if-none-match': first.headers.get('etag')! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('should list the viewer’s feeds with their last fetch, and never their addresses', async () => {
    const { url, feed } = await createFeed(target, students['Полина']!);
    await fetchFeed(url);
    const answer = await target.graphql(FEEDS);
    const listed = noErrors(answer).viewer.calendarFeeds.find((each) => each.id === feed.id);
    expect(listed).toEqual({
      id: feed.id,
      studentId: students['Полина'],
      student: { firstName: 'Полина' },
      createdAt: '2026-11-23T09:00:00+00:00',
      lastFetchedAt: '2026-11-23T09:00:00+00:00',
      isRevoked: false,
    });
    for (const token of tokensSeen) expect(answer.text).not.toContain(token);
  });

  it('should close the address at once when revoked, answering exactly as for an address that never was', async () => {
    const { url, feed } = await createFeed(target, students['Артём']!);
    expect((await fetchFeed(url)).status).toBe(200);
    const revoked = noErrors(await target.graphql(REVOKE, { id: feed.id })).revokeCalendarFeed;
    expect(revoked).toEqual({ id: feed.id, isRevoked: true, revokedAt: '2026-11-23T09:00:00+00:00' });
    const gone = await fetchFeed(url);
    const neverWas = await fetchFeed(url.replace(/\/calendar\/[\w-]{43}/, `/calendar/${'x'.repeat(43)}`));
    const malformed = await fetchFeed(`${target.url}/calendar/not-a-token.ics`);
    for (const answer of [gone, neverWas, malformed]) {
      expect(answer.status).toBe(404);
      expect(answer.text).toBe(neverWas.text);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const listed = noErrors(await target.graphql(FEEDS)).viewer.calendarFeeds.find((each) => each.id === feed.id);
    expect(listed?.isRevoked).toBe(true);
  });

  it('should let only its maker revoke a feed, refusing others like an unknown id', async () => {
    const { url, feed } = await createFeed(target, students['Мария']!);
    const foreign = await target.graphql(REVOKE, { id: feed.id }, otherParentToken);
    const unknown = await target.graphql(REVOKE, { id: 'cal_unknown' }, otherParentToken);
    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
    expect(foreign.body.errors?.map((error) => error.message)).toEqual(
      unknown.body.errors?.map((error) => error.message),
    );
    expect((await fetchFeed(url)).status).toBe(200);
  });

  it('should refuse a feed of another family’s child exactly like one of a child that does not exist', async () => {
    const foreign = await target.graphql(CREATE, { id: students['Мария'] }, otherParentToken);
    const unknown = await target.graphql(CREATE, { id: 'stu_doesNotExist00000000' }, otherParentToken);
    expect(foreign.body.data).toBeNull();
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'studentId' });
    expect(foreign.body.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code }))).toEqual(
      unknown.body.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })),
    );
    expect(noErrors(await target.graphql(FEEDS, {}, otherParentToken)).viewer.calendarFeeds).toEqual([]);
  });

  it('should refuse without a session', async () => {
    expect(codeOf(await target.graphql(CREATE, { id: students['Мария'] }, null))).toBe('UNAUTHENTICATED');
  });

  it('should serve a trusted person’s feed only while the grant lasts', async () => {
    const { url } = await createFeed(target, students['Мария']!, grandmaToken);
    expect((await fetchCalendar(url)).name).toBe('Школа: Мария');
    const revoked = await target.graphql(`mutation($id: ID!) { revokeTrustedPerson(grantId: $id) { status } }`, {
      id: grandmaGrantId,
    });
    expect(dataOf(revoked)).toEqual({ revokeTrustedPerson: { status: 'REVOKED' } });
    expect((await fetchFeed(url)).status).toBe(404);
    // The grandmother still sees her feed, with no child behind it.
    const listed = noErrors(await target.graphql(FEEDS, {}, grandmaToken)).viewer.calendarFeeds;
    expect(listed).toEqual([expect.objectContaining({ student: null, isRevoked: false })]);
  });

  it('should hold each address to its own allowance (429 with Retry-After), leaving other feeds alone', async () => {
    const hammered = await createFeed(target, students['Софья']!);
    const other = await createFeed(target, students['Софья']!);
    const statuses = [];
    for (let fetches = 0; fetches < 5; fetches += 1) statuses.push((await fetchFeed(hammered.url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await fetchFeed(hammered.url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetchFeed(other.url)).status).toBe(200);
  });

  it('should not write the token when a fetch fails inside the gateway (500)', async () => {
    const { url } = await createFeed(target, students['Софья']!);
    const lookup = store.findCalendarFeedByTokenHash.bind(store);
    store.findCalendarFeedByTokenHash = () => Promise.reject(new Error('the disk is on fire'));
    try {
      expect((await fetchFeed(url)).status).toBe(500);
    } finally {
      store.findCalendarFeedByTokenHash = lookup;
    }
    expect(target.logs()).toContain('"path":"/calendar/:token.ics"');
  });

  it(`should keep a person to ${MAX_CALENDAR_FEEDS} live feeds, with a typed refusal, until one is revoked`, async () => {
    const child = students['Софья']!;
    // Revoked feeds make way for new ones, so the refusal comes once every feed kept is live.
    let refused = null;
    for (let attempts = 0; attempts <= MAX_CALENDAR_FEEDS && !refused; attempts += 1) {
      const answer = await target.graphql(CREATE, { id: child });
      if (answer.body.errors) refused = answer;
      else tokensSeen.add(/\/calendar\/([\w-]+)\.ics$/.exec(dataOf(answer).createCalendarFeed.url)![1]!);
    }
    expect(refused?.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'calendarFeeds',
      maximum: MAX_CALENDAR_FEEDS,
    });
    const kept = noErrors(await target.graphql(FEEDS)).viewer.calendarFeeds;
    expect(kept).toHaveLength(MAX_CALENDAR_FEEDS);
    expect(kept.every((feed) => !feed.isRevoked)).toBe(true);
    const russian = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'ru',
        authorization: `Bearer ${target.gateway.demo!.token}`,
      },
      body: JSON.stringify({ query: CREATE, variables: { id: child } }),
    });
    expect(((await russian.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /^У вас уже 20 ссылок на календарь/,
    );
    noErrors(await target.graphql(REVOKE, { id: kept[0]!.id }));
    await createFeed(target, child);
    expect(noErrors(await target.graphql(FEEDS)).viewer.calendarFeeds).toHaveLength(MAX_CALENDAR_FEEDS);
  });

  it('should name the route by its template in the access log, and never write a token', () => {
    const logs = target.logs();
    expect(logs).toContain('"route":"/calendar/:token.ics"');
    expect(tokensSeen.size).toBeGreaterThan(10);
    for (const token of tokensSeen) expect(logs).not.toContain(token);
  });
});

describe('a calendar feed while diaries fail, and after an unlink', () => {
  const clock = testClock();
  let target: TestGateway;
  let students: Record<string, string>;

  beforeAll(async () => {
    // No breaker opens here: each test fails a diary on purpose and then needs it back at once.
    target = await startTestGateway({ BREAKER_FAILURE_THRESHOLD: '1000' }, clock.now, {
      retryBackoff: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    students = await studentsOf(target);
  }, 60_000);

  it('should serve the last good copies when the diaries fail, with the same events', async () => {
    const { url } = await createFeed(target, students['Мария']!);
    const before = await fetchCalendar(url);
    clock.advance(DEFAULT_FRESHNESS.schedule.revalidateMs + 60_000);
    const { mesh, eljur } = target.gateway.demo!.simulators;
    mesh.setFault('server-error');
    eljur.setFault('server-error');
    try {
      const during = await fetchCalendar(url);
      const lessons = (calendar: ParsedCalendar) =>
        calendar.events.filter((event) => event.categories.includes('Урок')).map((event) => event.uid);
      expect(lessons(during)).toEqual(lessons(before));
      expect(target.logs()).toContain('calendar feed built without part of a diary');
    } finally {
      mesh.setFault('none');
      eljur.setFault('none');
    }
  });

  it('should answer 503 with Retry-After, not an empty week, when no lesson can be read at all', async () => {
    const { url } = await createFeed(target, students['Лев']!);
    const { eljur } = target.gateway.demo!.simulators;
    eljur.setFault('server-error');
    try {
      const answer = await fetchFeed(url);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('300');
      expect(answer.text).not.toContain('BEGIN:VCALENDAR');
    } finally {
      eljur.setFault('none');
    }
    expect((await fetchFeed(url)).status).toBe(200);
  });

  it('should close a feed once its child’s diary account is unlinked, and leave the other diary’s child served', async () => {
    const lev = await createFeed(target, students['Лев']!);
    const maria = await createFeed(target, students['Мария']!);
    expect((await fetchFeed(lev.url)).status).toBe(200);
    const accounts = noErrors(
      await target.graphql<{ viewer: { providerAccounts: { id: string; provider: string }[] } }>(
        `{ viewer { providerAccounts { id provider } } }`,
      ),
    ).viewer.providerAccounts;
    const eljur = accounts.find((account) => account.provider === 'ELJUR')!;
    noErrors(
      await target.graphql(`mutation($id: ID!) { unlinkProviderAccount(id: $id) { unlinkedId } }`, { id: eljur.id }),
    );
    expect((await fetchFeed(lev.url)).status).toBe(404);
    // Мария is still the parent's through МЭШ: her feed goes on, without the art school's lessons.
    const calendar = await fetchCalendar(maria.url);
    expect(calendar.events.some((event) => event.description?.includes('Дневник: ЭлЖур'))).toBe(false);
    expect(calendar.events.some((event) => event.description?.includes('Дневник: МЭШ'))).toBe(true);
  });

  it('should never write a token to the log, whatever the answer was', () => {
    for (const token of tokensSeen) expect(target.logs()).not.toContain(token);
  });
});
