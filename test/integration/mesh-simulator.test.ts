import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { MESH_PATHS, EVENTS_EXPAND } from '../../adapters/mesh/endpoints.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import {
  attendanceResponseSchema,
  eventsResponseSchema,
  familyProfileSchema,
  homeworksResponseSchema,
  marksResponseSchema,
  periodsSchedulesSchema,
  profileInfoSchema,
  subjectMarksResponseSchema,
} from '../../adapters/mesh/payloads.js';
import { startMeshSimulator, type MeshFaultMode, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { ProviderAccount } from '../../src/domain/adapter.js';
import { addDays } from '../../src/domain/dates.js';
import { createUpstreamScope } from '../../src/upstream/request-scope.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import type { DemoAccount, DemoChild, DemoFamily } from '../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const generated = generateDemoFamily({ today: TODAY });
const parentAccount = generated.accounts[0]!;
/** A second parent whose account shows only Артём: Мария is "another family's" child to this token. */
const otherAccount: DemoAccount = {
  provider: 'MESH',
  profileId: 40_100_200,
  token: 'other-parent-token-3f9a',
  childKeys: ['artem'],
};
/** An account the expiry test may spoil without touching the others. */
const expiringAccount: DemoAccount = {
  provider: 'MESH',
  profileId: 40_100_300,
  token: 'expiring-token-77c1',
  childKeys: ['masha'],
};
const family: DemoFamily = { ...generated, accounts: [parentAccount, otherAccount, expiringAccount] };
const masha = family.children.find((child) => child.key === 'masha')!;
const artem = family.children.find((child) => child.key === 'artem')!;

type Headers = Record<string, string>;
const aclHeaders = (account = parentAccount): Headers => ({
  'Auth-Token': account.token,
  'partner-source-id': 'MOBILE',
  Accept: 'application/json',
});
const familyHeaders = (account = parentAccount): Headers => ({
  'Auth-Token': account.token,
  'Profile-Id': String(account.profileId),
  'X-Mes-Subsystem': 'familymp',
  'Client-Type': 'diary-mobile',
  Accept: 'application/json',
});
const eventHeaders = (account = parentAccount): Headers => ({
  Authorization: `Bearer ${account.token}`,
  'X-Mes-Role': 'parent',
  'X-Mes-Subsystem': 'familymp',
  'Profile-Id': String(account.profileId),
  Accept: 'application/json',
});
const without = (headers: Headers, name: string): Headers =>
  Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

const from = addDays(TODAY, -14);
const to = addDays(TODAY, 7);
const eventsPath = (child: DemoChild, begin = from, end = to, expand = EVENTS_EXPAND) =>
  `${MESH_PATHS.events}?person_ids=${child.personGuid}&begin_date=${begin}&end_date=${end}&expand=${expand}`;
const studentPath = (path: string, child: DemoChild, range = true) =>
  `${path}?student_id=${child.studentId}${range ? `&from=${from}&to=${to}` : ''}`;

let simulator: MeshSimulator;

beforeAll(async () => {
  simulator = await disposedWhenDone(startMeshSimulator({ family, now: () => new Date(`${TODAY}T09:00:00+03:00`) }));
});

afterEach(() => {
  simulator.setFault('none');
  simulator.setLatency(0);
  simulator.clearNotices();
});

async function get(
  path: string,
  headers: Headers,
  method = 'GET',
  body?: string,
): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${simulator.url}${path}`, { method, headers, body });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function getJson<T extends z.ZodType>(path: string, headers: Headers, schema: T): Promise<z.output<T>> {
  const { status, text } = await get(path, headers);
  expect(status, text).toBe(200);
  return schema.parse(JSON.parse(text));
}

const ROUTES: readonly [name: string, path: () => string, headers: () => Headers, schema: z.ZodType][] = [
  ['profile_info', () => MESH_PATHS.profileInfo, aclHeaders, profileInfoSchema],
  ['profile', () => MESH_PATHS.familyProfile, familyHeaders, familyProfileSchema],
  ['marks', () => studentPath(MESH_PATHS.marks, masha), familyHeaders, marksResponseSchema],
  ['homeworks', () => studentPath(MESH_PATHS.homeworks, masha), familyHeaders, homeworksResponseSchema],
  [
    'subject_marks',
    () => studentPath(MESH_PATHS.subjectMarks, masha, false),
    familyHeaders,
    subjectMarksResponseSchema,
  ],
  [
    'periods_schedules',
    () => `${MESH_PATHS.periodsSchedules}?student_id=${masha.studentId}&from=2026-10-01&to=2027-01-31`,
    familyHeaders,
    periodsSchedulesSchema,
  ],
  ['attendance', () => studentPath(MESH_PATHS.attendance, masha, false), familyHeaders, attendanceResponseSchema],
  ['events', () => eventsPath(masha), eventHeaders, eventsResponseSchema],
];

describe('МЭШ simulator: payloads', () => {
  it.each(ROUTES)(
    'should answer %s with a payload the contract schema accepts',
    async (_name, path, headers, schema) => {
      await getJson(path(), headers(), schema);
    },
  );

  it('should leave out a hidden birth date and a missing SNILS (null), keeping the rest of the child', async () => {
    const changed: DemoFamily = {
      ...family,
      children: family.children.map((child) =>
        child.key === 'artem' ? { ...child, hideBirthDate: true, snils: '' } : child,
      ),
    };
    const own = await disposedWhenDone(startMeshSimulator({ family: changed }));
    const response = await fetch(`${own.url}${MESH_PATHS.familyProfile}`, { headers: familyHeaders() });
    const profile = familyProfileSchema.parse(await response.json());
    const shown = profile.children.find((child) => child.id === artem.studentId)!;
    expect([shown.birth_date, shown.snils, shown.first_name]).toEqual([null, null, artem.firstName]);
    expect(profile.children.find((child) => child.id === masha.studentId)?.birth_date).toBe(masha.birthDate);
  });

  it('should name the token holder in profile_info', async () => {
    expect(await getJson(MESH_PATHS.profileInfo, aclHeaders(), profileInfoSchema)).toEqual([
      { id: parentAccount.profileId, type: 'parent' },
    ]);
  });

  it('should list the account’s children with their three ids in the family profile', async () => {
    const profile = await getJson(MESH_PATHS.familyProfile, familyHeaders(), familyProfileSchema);
    expect(profile.profile).toMatchObject({
      id: parentAccount.profileId,
      type: 'parent',
      first_name: 'Анна',
      birth_date: '1986-03-14',
    });
    expect(
      profile.children.map((child) => [child.id, child.contingent_guid, child.class_name, child.school?.name]),
    ).toEqual([
      [masha.studentId, masha.personGuid, '7-Б', masha.school.name],
      [artem.studentId, artem.personGuid, '3-А', artem.school.name],
    ]);
    expect(profile.children[0]?.snils).toBe(masha.snils.replace(/\D/g, ''));
  });

  it('should filter marks by date inclusively and carry the subject', async () => {
    const { payload } = await getJson(studentPath(MESH_PATHS.marks, masha), familyHeaders(), marksResponseSchema);
    const expected = masha.marks.filter((mark) => mark.date >= from && mark.date <= to);
    expect(payload.map((mark) => mark.id).sort()).toEqual(expected.map((mark) => mark.id).sort());
    expect(payload.some((mark) => mark.date === from) || payload.some((mark) => mark.date === TODAY)).toBe(true);
    const algebra = masha.subjects.find((subject) => subject.name === 'Алгебра')!;
    expect(
      payload.filter((mark) => mark.subject_id === algebra.id).every((mark) => mark.subject_name === 'Алгебра'),
    ).toBe(true);
  });

  it('should send the point mark, the exam mark and the hundred-point mark as МЭШ does', async () => {
    const { payload } = await getJson(studentPath(MESH_PATHS.marks, masha), familyHeaders(), marksResponseSchema);
    const point = payload.find((mark) => mark.is_point);
    expect(point).toMatchObject({ value: '2', point_date: masha.marks.find((mark) => mark.isPoint)?.pointDeadline });
    expect(payload.find((mark) => mark.is_exam)).toMatchObject({ control_form_name: 'Экзамен', weight: 5 });
    const hundred = payload.find((mark) => mark.original_grade_system_type === 'hundred' && mark.value === '85');
    expect(hundred?.subject_name).toBe('Информатика');
    expect(hundred?.values).toEqual([
      {
        name: '100-балльная',
        nmax: 100,
        grade: { origin: '85', five: 4, hundred: 85 },
        grade_system_id: expect.any(Number),
        grade_system_type: 'hundred',
      },
    ]);
    expect(hundred?.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it('should filter homework by due date and share entry ids with the event calendar', async () => {
    const { payload } = await getJson(
      studentPath(MESH_PATHS.homeworks, masha),
      familyHeaders(),
      homeworksResponseSchema,
    );
    expect(payload.length).toBe(masha.homework.filter((entry) => entry.dueOn >= from && entry.dueOn <= to).length);
    expect(payload.every((entry) => entry.date >= from && entry.date <= to)).toBe(true);
    expect(payload.every((entry) => entry.homework_entry_id !== entry.homework_entry_student_id)).toBe(true);
    expect(
      payload.some((entry) => (entry.attachments ?? []).some((attachment) => attachment.link?.startsWith('https://'))),
    ).toBe(true);
    const events = await getJson(eventsPath(masha), eventHeaders(), eventsResponseSchema);
    const entryIds = events.response
      .flatMap((event) => event.homework?.entries ?? [])
      .map((entry) => entry.homework_entry_id);
    expect(entryIds.sort()).toEqual(payload.map((entry) => entry.homework_entry_id).sort());
  });

  it('should compute period averages and show final marks as fixed_value', async () => {
    const { payload } = await getJson(
      studentPath(MESH_PATHS.subjectMarks, masha, false),
      familyHeaders(),
      subjectMarksResponseSchema,
    );
    const final = masha.finalMarks[0]!;
    const subject = payload.find((entry) => entry.subject_id === final.subjectId);
    const period = subject?.periods?.find((entry) => entry.title === final.periodTitle);
    expect(period?.fixed_value).toBe(final.value);
    const spec = masha.periods.find((entry) => entry.title === final.periodTitle)!;
    expect(period).toMatchObject({
      start_iso: spec.start,
      end_iso: spec.end,
      start: `${spec.start.slice(8)}.${spec.start.slice(5, 7)}.${spec.start.slice(0, 4)}`,
    });
    const marks = masha.marks.filter(
      (mark) => mark.subjectId === final.subjectId && mark.date >= spec.start && mark.date <= spec.end,
    );
    const average =
      marks.reduce((sum, mark) => sum + mark.five * mark.weight, 0) / marks.reduce((sum, mark) => sum + mark.weight, 0);
    expect(period?.value).toBe(average.toFixed(2));
    expect(period?.count).toBe(marks.length);
    expect(payload.every((entry) => ['UP', 'DOWN', 'NONE'].includes(entry.dynamic ?? ''))).toBe(true);
  });

  it('should list announced days off within the range as a bare array', async () => {
    const days = await getJson(
      `${MESH_PATHS.periodsSchedules}?student_id=${masha.studentId}&from=2026-12-30&to=2027-01-02`,
      familyHeaders(),
      periodsSchedulesSchema,
    );
    expect(days.map((day) => [day.date, day.type, day.title])).toEqual([
      ['2026-12-30', 'vacation', 'Зимние каникулы'],
      ['2026-12-31', 'vacation', 'Зимние каникулы'],
      ['2027-01-01', 'vacation', 'Зимние каникулы'],
      ['2027-01-02', 'vacation', 'Зимние каникулы'],
    ]);
  });

  it('should list the parent’s absence notice in attendance', async () => {
    const attendance = await getJson(
      studentPath(MESH_PATHS.attendance, masha, false),
      familyHeaders(),
      attendanceResponseSchema,
    );
    expect(attendance.attendance).toEqual([
      expect.objectContaining({
        date: masha.absenceNotices[0]!.date,
        reason_id: 6,
        description: 'болезнь',
        notified: true,
        parent_profile_id: parentAccount.profileId,
      }),
    ]);
  });

  it('should serve lessons as PLAN events with offsets, disruptions, absences and the same mark ids', async () => {
    const { response, total_count } = await getJson(eventsPath(masha), eventHeaders(), eventsResponseSchema);
    const lessons = masha.lessons.filter((lesson) => lesson.date >= from && lesson.date <= to);
    expect(total_count).toBe(lessons.length);
    expect(response.every((event) => event.source === 'PLAN' && event.start_at.endsWith('+03:00'))).toBe(true);
    const first = lessons[0]!;
    expect(response.find((event) => event.id === first.id)?.start_at).toBe(`${first.date}T${first.start}:00+03:00`);
    expect(response.filter((event) => event.replaced)).toHaveLength(1);
    expect(response.filter((event) => event.cancelled)).toHaveLength(1);
    const missed = response.filter((event) => event.is_missed_lesson);
    expect(missed.map((event) => event.absence_reason_id)).toContain(6);
    expect(missed.length).toBe(lessons.filter((lesson) => lesson.missed).length);
    const eventMarkIds = response.flatMap((event) => event.marks ?? []).map((mark) => mark.id);
    const { payload } = await getJson(studentPath(MESH_PATHS.marks, masha), familyHeaders(), marksResponseSchema);
    expect(eventMarkIds.sort()).toEqual(
      payload
        .filter((mark) => mark.date <= to)
        .map((mark) => mark.id)
        .sort(),
    );
  });

  it('should inline only what expand asks for', async () => {
    const { response } = await getJson(eventsPath(masha, TODAY, TODAY, 'marks'), eventHeaders(), eventsResponseSchema);
    expect(response.length).toBeGreaterThan(0);
    expect(response.every((event) => Array.isArray(event.marks) && event.homework === undefined)).toBe(true);
  });

  it('should serve both children in one events call', async () => {
    const path = `${MESH_PATHS.events}?person_ids=${masha.personGuid},${artem.personGuid}&begin_date=${TODAY}&end_date=${TODAY}`;
    const { response } = await getJson(path, eventHeaders(), eventsResponseSchema);
    const ids = new Set(response.map((event) => event.id));
    expect(ids).toEqual(
      new Set(
        [...masha.lessons, ...artem.lessons].filter((lesson) => lesson.date === TODAY).map((lesson) => lesson.id),
      ),
    );
  });
});

describe('МЭШ simulator: gates', () => {
  it.each(ROUTES)('should answer %s without a token with 401 and an empty body', async (_name, path, headers) => {
    const bare = without(without(headers(), 'Auth-Token'), 'Authorization');
    expect(await get(path(), bare)).toMatchObject({ status: 401, text: '' });
  });

  it.each(ROUTES)('should answer %s with an unknown token with 401', async (_name, path, headers) => {
    const unknown = { ...parentAccount, token: 'not-a-token' };
    const forged = {
      ...headers(),
      ...(headers()['Auth-Token'] ? { 'Auth-Token': unknown.token } : { Authorization: `Bearer ${unknown.token}` }),
    };
    expect((await get(path(), forged)).status).toBe(401);
  });

  it('should accept the token as Authorization: Bearer on family routes and as Auth-Token on events', async () => {
    const bearer = { ...without(familyHeaders(), 'Auth-Token'), Authorization: `Bearer ${parentAccount.token}` };
    expect((await get(MESH_PATHS.familyProfile, bearer)).status).toBe(200);
    const authToken = { ...without(eventHeaders(), 'Authorization'), 'Auth-Token': parentAccount.token };
    expect((await get(eventsPath(masha), authToken)).status).toBe(200);
  });

  it('should answer 401 to a token once it expired', async () => {
    expect((await get(MESH_PATHS.familyProfile, familyHeaders(expiringAccount))).status).toBe(200);
    simulator.expireToken(expiringAccount.token);
    expect(await get(MESH_PATHS.familyProfile, familyHeaders(expiringAccount))).toMatchObject({
      status: 401,
      text: '',
    });
    expect((await get(MESH_PATHS.familyProfile, familyHeaders())).status).toBe(200);
  });

  it.each([
    [
      'family route without X-Mes-Subsystem',
      () => MESH_PATHS.familyProfile,
      () => without(familyHeaders(), 'X-Mes-Subsystem'),
    ],
    [
      'family route with another subsystem',
      () => MESH_PATHS.familyProfile,
      () => ({ ...familyHeaders(), 'X-Mes-Subsystem': 'familyweb' }),
    ],
    [
      'family route without Profile-Id',
      () => studentPath(MESH_PATHS.marks, masha),
      () => without(familyHeaders(), 'Profile-Id'),
    ],
    [
      'family route with a foreign Profile-Id',
      () => studentPath(MESH_PATHS.marks, masha),
      () => ({ ...familyHeaders(), 'Profile-Id': String(otherAccount.profileId) }),
    ],
    ['events without X-Mes-Role', () => eventsPath(masha), () => without(eventHeaders(), 'X-Mes-Role')],
    ['events with a foreign Profile-Id', () => eventsPath(masha), () => ({ ...eventHeaders(), 'Profile-Id': '1' })],
    ['marks of another family’s child', () => studentPath(MESH_PATHS.marks, masha), () => familyHeaders(otherAccount)],
    [
      'homework of another family’s child',
      () => studentPath(MESH_PATHS.homeworks, masha),
      () => familyHeaders(otherAccount),
    ],
    [
      'subject marks of an unknown student',
      () => `${MESH_PATHS.subjectMarks}?student_id=999999`,
      () => familyHeaders(),
    ],
    ['events of another family’s child', () => eventsPath(masha), () => eventHeaders(otherAccount)],
    [
      'events mixing own and foreign children',
      () => `${MESH_PATHS.events}?person_ids=${artem.personGuid},${masha.personGuid}&begin_date=${from}&end_date=${to}`,
      () => eventHeaders(otherAccount),
    ],
  ])('should refuse %s with 403 {message}', async (_name, path, headers) => {
    const { status, text } = await get(path(), headers());
    expect(status).toBe(403);
    expect(JSON.parse(text)).toEqual({ message: expect.any(String) });
    expect(text).not.toContain(masha.firstName);
  });

  it('should show another account only its own child', async () => {
    const profile = await getJson(MESH_PATHS.familyProfile, familyHeaders(otherAccount), familyProfileSchema);
    expect(profile.children.map((child) => child.id)).toEqual([artem.studentId]);
    expect((await get(studentPath(MESH_PATHS.marks, artem), familyHeaders(otherAccount))).status).toBe(200);
  });

  it.each([
    ['marks without student_id', () => `${MESH_PATHS.marks}?from=${from}&to=${to}`],
    ['marks with a non-numeric student_id', () => `${MESH_PATHS.marks}?student_id=abc&from=${from}&to=${to}`],
    ['marks without to', () => `${MESH_PATHS.marks}?student_id=${masha.studentId}&from=${from}`],
    [
      'homework with a dotted date',
      () => `${MESH_PATHS.homeworks}?student_id=${masha.studentId}&from=01.11.2026&to=${to}`,
    ],
    [
      'periods_schedules with from after to',
      () => `${MESH_PATHS.periodsSchedules}?student_id=${masha.studentId}&from=${to}&to=${from}`,
    ],
    ['attendance without student_id', () => MESH_PATHS.attendance],
  ])('should answer %s with 400 {message}', async (_name, path) => {
    const { status, text } = await get(path(), familyHeaders());
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({ message: expect.any(String) });
  });

  it.each([
    ['without person_ids', `${MESH_PATHS.events}?begin_date=${from}&end_date=${to}`],
    ['with a person id that is not a GUID', `${MESH_PATHS.events}?person_ids=123&begin_date=${from}&end_date=${to}`],
    ['without end_date', `${MESH_PATHS.events}?person_ids=${masha.personGuid}&begin_date=${from}`],
  ])('should answer events %s with 400', async (_name, path) => {
    expect((await get(path, eventHeaders())).status).toBe(400);
  });

  it('should answer unknown paths with 404 and other methods with 405', async () => {
    expect((await get('/api/family/mobile/v1/nothing', familyHeaders())).status).toBe(404);
    expect((await get(MESH_PATHS.familyProfile, familyHeaders(), 'POST')).status).toBe(405);
  });
});

describe('МЭШ simulator: faults, latency and the request log', () => {
  it.each<[MeshFaultMode, number, RegExp, RegExp]>([
    ['html-403', 403, /text\/html/, /<center>nginx<\/center>/],
    ['server-error', 500, /application\/json/, /^\{"message":"Internal Server Error"\}$/],
    ['down', 503, /text\/html/, /Технические работы/],
  ])('should answer every route in %s mode with %i', async (mode, status, type, body) => {
    simulator.setFault(mode);
    for (const [, path, headers] of ROUTES) {
      const answer = await get(path(), headers());
      expect(answer.status).toBe(status);
      expect(answer.type).toMatch(type);
      expect(answer.text).toMatch(body);
    }
  });

  it('should answer with truncated JSON in malformed mode', async () => {
    simulator.setFault('malformed');
    for (const [, path, headers] of ROUTES) {
      const answer = await get(path(), headers());
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/application\/json/);
      expect(answer.text.length).toBeGreaterThan(0);
      expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    }
  });

  it('should recover when the fault is cleared', async () => {
    simulator.setFault('down');
    simulator.setFault('none');
    expect((await get(MESH_PATHS.profileInfo, aclHeaders())).status).toBe(200);
  });

  it('should reject unknown fault modes and negative latency', () => {
    expect(() => simulator.setFault('flaky' as MeshFaultMode)).toThrow(RangeError);
    expect(() => simulator.setLatency(-1)).toThrow(RangeError);
  });

  it('should wait the configured latency before answering', async () => {
    const latencyMs = 30;
    simulator.setLatency(latencyMs);
    const started = performance.now();
    expect((await get(MESH_PATHS.profileInfo, aclHeaders())).status).toBe(200);
    // A lower bound only: the delay must have been applied (timers may fire up to a millisecond early).
    expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - 1);
  });

  it('should record method, path, query and header names but never a token', async () => {
    simulator.clearRequests();
    await get(studentPath(MESH_PATHS.marks, masha), familyHeaders());
    await get(eventsPath(masha), eventHeaders());
    expect(simulator.requests).toHaveLength(2);
    expect(simulator.requests[0]).toMatchObject({
      method: 'GET',
      path: MESH_PATHS.marks,
      query: { student_id: String(masha.studentId), from, to },
    });
    expect(simulator.requests[0]?.headerNames).toEqual(
      expect.arrayContaining(['auth-token', 'profile-id', 'x-mes-subsystem', 'client-type', 'accept']),
    );
    expect(simulator.requests[1]?.headerNames).toEqual(expect.arrayContaining(['authorization', 'x-mes-role']));
    expect(JSON.stringify(simulator.requests)).not.toContain(parentAccount.token);
    simulator.clearRequests();
    expect(simulator.requests).toEqual([]);
  });
});

describe('МЭШ simulator: absence notices', () => {
  const attendancePath = (child: DemoChild) => studentPath(MESH_PATHS.attendance, child, false);
  const jsonHeaders = (account = parentAccount): Headers => ({
    ...familyHeaders(account),
    'Content-Type': 'application/json',
  });
  const notice = (child: DemoChild, date: string, description = 'болезнь') =>
    JSON.stringify({ student_id: child.studentId, notifications: [{ date, reason_id: 6, description }] });
  const notices = async (child: DemoChild) =>
    (await getJson(attendancePath(child), familyHeaders(), attendanceResponseSchema)).attendance;

  it('should show a posted notice in attendance and forget it once deleted', async () => {
    const day = addDays(TODAY, 2);
    const posted = await get(MESH_PATHS.attendance, jsonHeaders(), 'POST', notice(masha, day, 'температура'));
    expect(posted.status).toBe(204);
    expect(await notices(masha)).toContainEqual(
      expect.objectContaining({
        date: day,
        notified: true,
        reason_id: 6,
        description: 'температура',
        parent_profile_id: parentAccount.profileId,
      }),
    );
    expect(await notices(artem)).not.toContainEqual(expect.objectContaining({ date: day }));
    const deleted = await get(
      `${MESH_PATHS.attendance}?student_id=${masha.studentId}&date=${day}`,
      familyHeaders(),
      'DELETE',
    );
    expect(deleted.status).toBe(204);
    expect(await notices(masha)).not.toContainEqual(expect.objectContaining({ date: day }));
  });

  it('should withdraw the demo family’s own notice, and answer a day without a notice the same', async () => {
    const demoDay = masha.absenceNotices[0]!.date;
    for (const date of [demoDay, demoDay, addDays(TODAY, 40)]) {
      expect(
        (await get(`${MESH_PATHS.attendance}?student_id=${masha.studentId}&date=${date}`, familyHeaders(), 'DELETE'))
          .status,
      ).toBe(204);
    }
    expect(await notices(masha)).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', '{"student_id":', 400],
    ['no notifications', JSON.stringify({ student_id: 1, notifications: [] }), 400],
    [
      'a date that is not a date',
      JSON.stringify({ student_id: 1, notifications: [{ date: '2026-02-30', reason_id: 6, description: 'x' }] }),
      400,
    ],
    [
      'a reason that is not an id',
      JSON.stringify({
        student_id: 1,
        notifications: [{ date: '2026-11-25', reason_id: 'болезнь', description: 'x' }],
      }),
      400,
    ],
    ['no description', JSON.stringify({ student_id: 1, notifications: [{ date: '2026-11-25', reason_id: 6 }] }), 400],
    [
      'a student id as text',
      JSON.stringify({ student_id: 'masha', notifications: [{ date: '2026-11-25', reason_id: 6, description: 'x' }] }),
      400,
    ],
  ])('should answer a notice with %s with 400', async (_name, body, status) => {
    const answer = await get(MESH_PATHS.attendance, jsonHeaders(), 'POST', body);
    expect(answer.status, answer.text).toBe(status);
  });

  it('should refuse a notice for another family’s child, without headers or token, and other methods', async () => {
    const day = addDays(TODAY, 3);
    expect((await get(MESH_PATHS.attendance, jsonHeaders(otherAccount), 'POST', notice(masha, day))).status).toBe(403);
    expect(
      (await get(MESH_PATHS.attendance, without(jsonHeaders(), 'X-Mes-Subsystem'), 'POST', notice(masha, day))).status,
    ).toBe(403);
    expect(
      (await get(MESH_PATHS.attendance, without(jsonHeaders(), 'Auth-Token'), 'POST', notice(masha, day))).status,
    ).toBe(401);
    expect(
      (
        await get(
          `${MESH_PATHS.attendance}?student_id=${masha.studentId}&date=${day}`,
          familyHeaders(otherAccount),
          'DELETE',
        )
      ).status,
    ).toBe(403);
    expect(
      (await get(`${MESH_PATHS.attendance}?student_id=${masha.studentId}`, familyHeaders(), 'DELETE')).status,
    ).toBe(400);
    expect((await get(MESH_PATHS.attendance, jsonHeaders(), 'PUT', notice(masha, day))).status).toBe(405);
    expect(await notices(masha)).not.toContainEqual(expect.objectContaining({ date: day }));
  });

  it('should refuse a body larger than it reads with 413', async () => {
    const body = JSON.stringify({
      student_id: masha.studentId,
      notifications: [{ date: TODAY, reason_id: 6, description: 'я'.repeat(40_000) }],
    });
    expect((await get(MESH_PATHS.attendance, jsonHeaders(), 'POST', body)).status).toBe(413);
  });
});

describe('МЭШ adapter over the simulator: absence notices', () => {
  const adapter = () =>
    createMeshAdapter({
      transport: createUndiciTransport(),
      hosts: { schoolBaseUrl: simulator.url, aclBaseUrl: simulator.url },
      now: () => new Date(`${TODAY}T09:00:00+03:00`),
    });
  const accountOf = async (token: string): Promise<ProviderAccount> => ({
    id: 'mesh-account',
    provider: 'MESH',
    credentials: await adapter().signIn({ provider: 'MESH', token: ` ${token} ` }, createUpstreamScope()),
  });

  it('should show a submitted notice as an excused whole day, and nothing once withdrawn', async () => {
    const account = await accountOf(parentAccount.token);
    const student = (await adapter().fetchProfile(account, createUpstreamScope())).students.find(
      (child) => child.externalId === String(masha.studentId),
    )!;
    const range = { from: addDays(TODAY, 2), to: addDays(TODAY, 3) };
    await adapter().submitAbsenceNotice(
      account,
      student,
      { range, reason: 'ILLNESS', comment: 'температура' },
      createUpstreamScope(),
    );
    const excused = await adapter().fetchAttendance(account, student, range, createUpstreamScope());
    expect(excused.map(({ date, lesson, kind, reason }) => ({ date, lesson, kind, reason }))).toEqual([
      { date: range.from, lesson: null, kind: 'EXCUSED_ABSENCE', reason: 'температура' },
      { date: range.to, lesson: null, kind: 'EXCUSED_ABSENCE', reason: 'температура' },
    ]);
    await adapter().withdrawAbsenceNotice(account, student, range, createUpstreamScope());
    expect(await adapter().fetchAttendance(account, student, range, createUpstreamScope())).toEqual([]);
  });

  it('should refuse to submit for a child of another account', async () => {
    const other = await accountOf(otherAccount.token);
    const [artemStudent] = (await adapter().fetchProfile(other, createUpstreamScope())).students;
    const mashaStudent = {
      ...artemStudent!,
      externalId: String(masha.studentId),
      providerIds: { studentId: String(masha.studentId) },
    };
    const notice = {
      range: { from: addDays(TODAY, 2), to: addDays(TODAY, 2) },
      reason: 'FAMILY',
      comment: null,
    } as const;
    await expect(
      adapter().submitAbsenceNotice(other, mashaStudent, notice, createUpstreamScope()),
    ).rejects.toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
      upstreamStatus: 403,
    });
  });
});

describe('МЭШ simulator: lifecycle', () => {
  it('should close keep-alive connections on dispose and refuse connections afterwards', async () => {
    const own = await disposedWhenDone(startMeshSimulator({ family }));
    const first = await fetch(`${own.url}${MESH_PATHS.profileInfo}`, { headers: aclHeaders() });
    expect(first.status).toBe(200);
    await first.text();
    await own.dispose();
    await own.dispose();
    await expect(fetch(`${own.url}${MESH_PATHS.profileInfo}`, { headers: aclHeaders() })).rejects.toThrow();
  });

  it('should not wait for a request still in its latency when disposed', async () => {
    const own = await disposedWhenDone(startMeshSimulator({ family, latencyMs: 60_000 }));
    const pending = fetch(`${own.url}${MESH_PATHS.profileInfo}`, { headers: aclHeaders() });
    const settled = pending.then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(own.requests).toHaveLength(1));
    await own.dispose();
    expect(await settled).toBe('failed');
  });
});
