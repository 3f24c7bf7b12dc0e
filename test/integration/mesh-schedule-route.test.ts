/**
 * The МЭШ simulator's family `schedule` route (providers.md §3.7): one day of a child's timetable with
 * each lesson's place in the day (`info: "3 урок"`) and its teacher — what the event calendar lacks —
 * naming the same schedule items as the calendar does. Real simulator over loopback HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startMeshSimulator, type MeshSimulator } from '../../adapters/mesh/simulator/index.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { disposedWhenDone } from '../support/teardown.js';

const TODAY = '2026-11-23';
const family = generateDemoFamily({ today: TODAY });
const parent = family.accounts.find((account) => account.provider === 'MESH')!;
const masha = family.children.find((child) => child.key === 'masha')!;
const familyHeaders: Record<string, string> = {
  'Auth-Token': parent.token,
  'Profile-Id': String(parent.profileId),
  'X-Mes-Subsystem': 'familymp',
  Accept: 'application/json',
};
const eventHeaders: Record<string, string> = {
  Authorization: `Bearer ${parent.token}`,
  'X-Mes-Role': 'parent',
  'Profile-Id': String(parent.profileId),
  Accept: 'application/json',
};

let simulator: MeshSimulator;
beforeAll(async () => {
  simulator = await disposedWhenDone(startMeshSimulator({ family, now: () => new Date(`${TODAY}T09:00:00+03:00`) }));
});

async function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${simulator.url}${path}`, { headers });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** A school day of Маша's with several lessons, one of them replaced if the demo has one. */
const day =
  masha.lessons.find((lesson) => lesson.replaced)?.date ?? masha.lessons.find((lesson) => lesson.date <= TODAY)!.date;

describe('МЭШ simulator: family schedule route', () => {
  it('numbers each lesson of a day as the demo timetable does, names its teacher, and puts breaks between lessons', async () => {
    const { status, body } = await get(
      `/api/family/mobile/v1/schedule?student_id=${masha.studentId}&date=${day}`,
      familyHeaders,
    );
    expect(status).toBe(200);
    const lessons = masha.lessons
      .filter((lesson) => lesson.date === day)
      .sort((a, b) => a.start.localeCompare(b.start));
    expect(lessons.length).toBeGreaterThan(1);
    expect(body.date).toBe(day);
    const activities = body.activities as { type: string; info: string; lesson?: any; begin_time?: string }[];
    const lessonActivities = activities.filter((activity) => activity.type === 'LESSON');
    expect(
      lessonActivities.map((activity) => [activity.lesson.schedule_item_id, activity.info, activity.begin_time]),
    ).toEqual(lessons.map((lesson) => [lesson.id, `${lesson.number} урок`, lesson.start]));
    for (const [index, activity] of lessonActivities.entries()) {
      const lesson = lessons[index]!;
      const teacher = masha.subjects.find((subject) => subject.id === lesson.subjectId)!.teacher;
      const named =
        activity.lesson.teacher === null
          ? null
          : [activity.lesson.teacher.last_name, activity.lesson.teacher.first_name, activity.lesson.teacher.middle_name]
              .filter(Boolean)
              .join(' ');
      expect(named).toBe(lesson.replaced ? null : teacher);
    }
    expect(activities.filter((activity) => activity.type === 'BREAK')).toHaveLength(lessons.length - 1);
  });

  it('names the same schedule items as the event calendar for that day', async () => {
    const schedule = await get(
      `/api/family/mobile/v1/schedule?student_id=${masha.studentId}&date=${day}`,
      familyHeaders,
    );
    const events = await get(
      `/api/eventcalendar/v1/api/events?person_ids=${masha.personGuid}&begin_date=${day}&end_date=${day}`,
      eventHeaders,
    );
    expect(events.status).toBe(200);
    const scheduled = schedule.body.activities
      .filter((activity: any) => activity.type === 'LESSON')
      .map((activity: any) => activity.lesson.schedule_item_id);
    expect(scheduled).toEqual(events.body.response.map((event: any) => event.id));
  });

  it('answers a day without lessons with no activities', async () => {
    const sunday = '2026-11-22';
    const { status, body } = await get(
      `/api/family/mobile/v1/schedule?student_id=${masha.studentId}&date=${sunday}`,
      familyHeaders,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ date: sunday, activities: [], summary: '0 уроков' });
  });

  it.each([
    ['without a date', `student_id=${masha.studentId}`, familyHeaders, 400],
    ['with a date that is not YYYY-MM-DD', `student_id=${masha.studentId}&date=23.11.2026`, familyHeaders, 400],
    ['for a child of no one in this family', `student_id=1&date=${TODAY}`, familyHeaders, 403],
  ])('refuses a request %s', async (_why, query, headers, expected) => {
    const { status } = await get(`/api/family/mobile/v1/schedule?${query}`, headers);
    expect(status).toBe(expected);
  });

  it('refuses a request without the family app subsystem header, like the other family routes', async () => {
    const { 'X-Mes-Subsystem': _dropped, ...headers } = familyHeaders;
    const { status } = await get(`/api/family/mobile/v1/schedule?student_id=${masha.studentId}&date=${day}`, headers);
    expect(status).toBeGreaterThanOrEqual(400);
  });
});
