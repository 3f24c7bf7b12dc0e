import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftRule } from '../../adapters/simulation/drift.js';
import type { ProviderKind } from '../../src/domain/schema-types.generated.js';
import { metricValue } from '../support/metrics.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf, operation, type GraphqlResponse } from '../support/graphql.js';

// Issue 11 §1 through the whole gateway (real simulators, real HTTP, the real cache): one drifted part of
// a diary's answer degrades only that part, the family sees a PROVIDER_SCHEMA_DRIFT warning beside the
// data, operators a counter and a log line, and a cached copy keeps its warning.

const RANGE = { from: '2026-11-16', to: '2026-11-29' };

type ListField = 'grades' | 'homework' | 'schedule' | 'attendance';
/** An item of any of the four lists, as far as the tests read it (the rest is compared whole). */
type Item = {
  id?: string;
  provider: ProviderKind;
  teacher?: { fullName: string } | null;
  lesson?: { id: string } | null;
};
type Student = { id: string } & Record<ListField, Item[]>;
type Diary = { viewer: { students: Student[] } };

const QUERY = operation<Diary>(/* GraphQL */ `
  query Diary($from: Date!, $to: Date!) {
    viewer {
      students {
        id
        grades(from: $from, to: $to) {
          id
          provider
          date
          weight
          workType
          subject {
            id
            name
          }
          value {
            raw
          }
          teacher {
            fullName
          }
        }
        homework(from: $from, to: $to) {
          id
          provider
          dueOn
          text
          subject {
            name
          }
        }
        schedule(from: $from, to: $to) {
          id
          provider
          date
          startsAt
          room
          topic
          subject {
            name
          }
          teacher {
            fullName
          }
          grades {
            id
          }
          homework {
            id
          }
        }
        attendance(from: $from, to: $to) {
          date
          kind
          provider
          lesson {
            id
          }
        }
      }
    }
  }
`);

const LISTS: readonly ListField[] = ['grades', 'homework', 'schedule', 'attendance'];

/** The Dnevnik.ru part of every student's lists, by student id. */
function dnevnikPart(response: GraphqlResponse<Diary>): Map<string, Record<ListField, Item[]>> {
  return new Map(
    dataOf(response).viewer.students.map((student) => [
      student.id,
      Object.fromEntries(
        LISTS.map((field) => [field, student[field].filter((item) => item.provider === 'DNEVNIK')]),
      ) as Record<ListField, Item[]>,
    ]),
  );
}

const withoutTeacher = <T extends { teacher?: unknown }>(item: T) => ({ ...item, teacher: null });
const codes = (response: GraphqlResponse) => (response.body.errors ?? []).map((error) => error.extensions?.code);
const driftErrors = (response: GraphqlResponse) =>
  (response.body.errors ?? []).filter((error) => error.extensions?.code === 'PROVIDER_SCHEMA_DRIFT');

/** The answer of a gateway whose diaries never drifted. */
let reference: GraphqlResponse<Diary>;
let baseline: Map<string, Record<ListField, Item[]>>;
let drifting: TestGateway;

beforeAll(async () => {
  reference = await (await startTestGateway()).graphql(QUERY, RANGE);
  expect(reference.body.errors ?? []).toEqual([]);
  baseline = dnevnikPart(reference);
  drifting = await startTestGateway();
});

describe('the Dnevnik.ru schedules answer whose side-loaded teachers drifted (the issue 11 case)', () => {
  // `teachers` arrives as an object keyed "0", "1"… instead of a list, in every day of the answer.
  const rule: DriftRule = { route: 'schedules', path: 'days[].teachers', kind: 'container', matches: 'all' };
  let first: GraphqlResponse<Diary>;
  let schedulesCalls: number;

  beforeAll(async () => {
    const simulator = drifting.gateway.demo!.simulators.dnevnik;
    simulator.setDrift(rule);
    simulator.clearRequests();
    first = await drifting.graphql(QUERY, RANGE);
    schedulesCalls = simulator.requests.filter((request) => request.path.endsWith('/schedules')).length;
  });

  afterAll(() => drifting.gateway.demo!.simulators.dnevnik.setDrift(null));

  it('should keep every lesson, homework item and grade, losing only the teachers’ names', () => {
    const served = dnevnikPart(first);
    const withBaselineData = [...baseline.values()].filter(
      (lists) => lists.grades.length > 0 && lists.schedule.length > 0,
    );
    expect(withBaselineData.length).toBeGreaterThan(0);
    // The test means something only if the teachers' names were there to lose.
    expect([...baseline.values()].flatMap((lists) => lists.schedule).some((lesson) => lesson.teacher !== null)).toBe(
      true,
    );
    for (const [id, lists] of baseline) {
      const now = served.get(id)!;
      expect(now.grades).toEqual(lists.grades.map(withoutTeacher));
      expect(now.homework).toEqual(lists.homework);
      expect(now.schedule).toEqual(lists.schedule.map(withoutTeacher));
      expect(now.attendance).toEqual(lists.attendance);
    }
  });

  it('should report the drift beside the data, with path, provider, route and template path, and no other error', () => {
    expect(codes(first).filter((code) => code !== 'PROVIDER_SCHEMA_DRIFT')).toEqual([]);
    const errors = driftErrors(first);
    expect(errors.length).toBeGreaterThan(0);
    const fields = new Set(errors.map((error) => error.path?.at(-1)));
    // Every field built from the schedules answer says so.
    for (const field of ['grades', 'homework', 'schedule']) expect(fields).toContain(field);
    for (const error of errors) {
      expect(error.path?.slice(0, 2)).toEqual(['viewer', 'students']);
      expect(error.extensions).toEqual({
        code: 'PROVIDER_SCHEMA_DRIFT',
        provider: 'DNEVNIK',
        route: 'schedules',
        schemaPath: 'days[].teachers',
        dropped: expect.any(Number),
        staleDataServed: false,
      });
      expect(error.extensions!.dropped).toBeGreaterThan(0);
      expect(error.message).toContain('Dnevnik.ru sent part of its answer in a shape the gateway cannot read');
    }
  });

  it('should count it by provider, route and template path, and log the route and path but no value', async () => {
    const labels = { provider: 'DNEVNIK', route: 'schedules', schema_path: 'days[].teachers' };
    expect(
      await metricValue(drifting.gateway.metrics, 'diary_gateway_schema_drift_total', labels),
    ).toBeGreaterThanOrEqual(schedulesCalls);
    const lines = drifting
      .logs()
      .split('\n')
      .filter((line) => line.includes('drifted from its schema'));
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.some((line) => line.includes('"route":"schedules"') && line.includes('"schemaPath":"days[].teachers"')),
    ).toBe(true);
    const teachers = drifting.gateway.demo!.family.children.flatMap((child) =>
      child.subjects.map((subject) => subject.teacher),
    );
    for (const name of teachers.flatMap((teacher) => teacher.split(' ')))
      for (const line of lines) expect(line).not.toContain(name);
  });

  it('should keep the warning with the cached copy: the same answer again, without asking the diary', async () => {
    const simulator = drifting.gateway.demo!.simulators.dnevnik;
    simulator.clearRequests();
    const again = await drifting.graphql(QUERY, RANGE);
    expect(simulator.requests.filter((request) => request.path.endsWith('/schedules'))).toEqual([]);
    expect(dnevnikPart(again)).toEqual(dnevnikPart(first));
    const described = (response: GraphqlResponse) =>
      driftErrors(response)
        .map((error) => JSON.stringify([error.path, error.extensions]))
        .sort();
    expect(described(again)).toEqual(described(first));
  });
});

describe('an answer that only enriches another one', () => {
  it('should serve Dnevnik.ru grades from the marks route when the schedules answer is unreadable as a whole', async () => {
    const gateway = await startTestGateway();
    const simulator = gateway.gateway.demo!.simulators.dnevnik;
    // `days` is the core of the schedules answer: as an object it makes the whole answer unreadable.
    simulator.setDrift({ route: 'schedules', path: 'days', kind: 'container' });
    const answer = await gateway.graphql(QUERY, RANGE);
    const served = dnevnikPart(answer);
    for (const [id, lists] of baseline)
      expect(served.get(id)!.grades.map((grade) => grade.id)).toEqual(lists.grades.map((grade) => grade.id));
    const byField = (field: string) =>
      (answer.body.errors ?? []).filter((error) => error.path?.at(-1) === field).map((error) => error.extensions);
    // The grades say what they lack (their lessons); the timetable itself cannot be served and says so.
    expect(byField('grades')).toContainEqual(
      expect.objectContaining({ code: 'PROVIDER_SCHEMA_DRIFT', route: 'schedules', schemaPath: 'days' }),
    );
    expect(byField('schedule')).toContainEqual(
      expect.objectContaining({ code: 'PROVIDER_BAD_RESPONSE', provider: 'DNEVNIK' }),
    );
    simulator.setDrift(null);
  });

  it('should serve Eljur homework when the marks that name its subjects are unreadable', async () => {
    const homeworkIds = (response: GraphqlResponse<Diary>) =>
      dataOf(response).viewer.students.flatMap((student) =>
        student.homework.filter((item) => item.provider === 'ELJUR').map((item) => item.id),
      );
    const expected = homeworkIds(reference);
    expect(expected.length).toBeGreaterThan(0);
    const gateway = await startTestGateway();
    gateway.gateway.demo!.simulators.eljur.setDrift({
      route: 'getmarks',
      path: 'response.result.students',
      kind: 'type',
    });
    const answer = await gateway.graphql(QUERY, RANGE);
    expect(homeworkIds(answer)).toEqual(expected);
    const byField = (field: string) =>
      (answer.body.errors ?? []).filter((error) => error.path?.at(-1) === field).map((error) => error.extensions);
    expect(byField('homework')).toContainEqual(
      expect.objectContaining({
        code: 'PROVIDER_SCHEMA_DRIFT',
        provider: 'ELJUR',
        route: 'getmarks',
        schemaPath: 'result.students',
      }),
    );
    expect(byField('grades')).toContainEqual(
      expect.objectContaining({ code: 'PROVIDER_BAD_RESPONSE', provider: 'ELJUR' }),
    );
  });

  it('should serve МЭШ lesson absences when the parent’s notices answer is unreadable', async () => {
    const lessonAbsences = (response: GraphqlResponse<Diary>) =>
      dataOf(response).viewer.students.flatMap((student) =>
        student.attendance.filter((record) => record.provider === 'MESH' && record.lesson),
      );
    const expected = lessonAbsences(reference).map((record) => record.lesson!.id);
    expect(expected.length).toBeGreaterThan(0);
    const gateway = await startTestGateway();
    // `attendance` is the core list of the notices answer: wrapped in an object, the answer is unreadable.
    gateway.gateway.demo!.simulators.mesh.setDrift({ route: 'attendance', path: 'attendance', kind: 'wrapped' });
    const answer = await gateway.graphql(QUERY, RANGE);
    expect(lessonAbsences(answer).map((record) => record.lesson!.id)).toEqual(expected);
    const attendanceErrors = (answer.body.errors ?? [])
      .filter((error) => error.path?.at(-1) === 'attendance')
      .map((error) => error.extensions);
    // One warning per МЭШ child whose attendance lost its notices, and nothing else.
    expect(attendanceErrors.length).toBeGreaterThan(0);
    for (const extensions of attendanceErrors) {
      expect(extensions).toEqual(
        expect.objectContaining({
          code: 'PROVIDER_SCHEMA_DRIFT',
          provider: 'MESH',
          route: 'attendance',
          schemaPath: 'attendance',
        }),
      );
    }
  });
});
