import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESH_PATHS } from '../../adapters/mesh/endpoints.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../src/domain/adapter.js';
import type { ProviderStudent } from '../../src/domain/model.js';
import type { HttpTransport, UpstreamRequest } from '../../src/upstream/transport.js';
import {
  ADAPTER_METHODS,
  callMethod,
  expectedKind,
  fuzzedAnswers,
  fuzzedTransport,
  normaliserAnswers,
  propertyScope,
  settle,
  violation,
} from '../support/fuzz/index.js';
import {
  attendanceDay,
  eventMarkPayload,
  eventPayload,
  familyProfilePayload,
  homeworkPayload,
  markPayload,
  PROFILE_ID,
  subjectMarksEntry,
} from '../unit/mesh/fixtures.js';

// Issue 6: whatever МЭШ answers, every adapter method resolves to well-formed models or rejects with a
// GatewayError that quotes nothing it was sent. Fixed seeds keep the runs the same every time.
const SEED = 0x6d657368;
const RUNS = 300;
const NORMALISER_RUNS = 500;
const HOSTS = { schoolBaseUrl: 'https://school.mesh.test', aclBaseUrl: 'https://acl.mesh.test' };
const NOW = () => new Date('2025-09-17T09:00:00Z');
const RANGE = { from: '2025-09-15', to: '2025-09-21' };
const STATUSES = [400, 401, 403, 404, 429, 500, 502, 503, 504];
const TOKEN = 'mesh-access-token-fuzz-5e1d77a0';
const account: ProviderAccount = { id: 'account-fuzz', provider: 'MESH', credentials: { token: TOKEN } };
/** The token and the family's personal data: none may appear in any message. */
const SECRETS = [
  TOKEN,
  'Анна',
  'Иванова',
  'Сергеевна',
  'Мария',
  'Олеговна',
  '11223344595',
  '112-233-445 95',
  '79990000000',
];

/** Each route's valid answer, all about the same child and the same week. */
const FIXTURES: Readonly<Record<string, unknown>> = {
  [MESH_PATHS.profileInfo]: [{ id: PROFILE_ID, type: 'parent' }],
  [MESH_PATHS.familyProfile]: familyProfilePayload(),
  [MESH_PATHS.marks]: { payload: [markPayload(), markPayload({ id: 2212345679, value: '85', values: [] })] },
  [MESH_PATHS.homeworks]: { payload: [homeworkPayload()] },
  [MESH_PATHS.subjectMarks]: { payload: [subjectMarksEntry()] },
  [MESH_PATHS.periodsSchedules]: [
    { date: '2025-09-20', type: 'holiday', title: 'День города', description: null, events: [] },
  ],
  [MESH_PATHS.attendance]: { days_count: 1, year_description: null, attendance: [attendanceDay()] },
  [MESH_PATHS.schedule]: {
    summary: '1 урок',
    date: '2025-09-15',
    activities: [
      {
        type: 'LESSON',
        info: '1 урок',
        begin_time: '08:30',
        lesson: {
          schedule_item_id: 301000000,
          subject_id: 33623,
          teacher: { last_name: 'Петров', first_name: 'Пётр', middle_name: null },
        },
      },
    ],
  },
  [MESH_PATHS.events]: {
    total_count: 2,
    response: [
      eventPayload({ marks: [eventMarkPayload()], is_missed_lesson: true, absence_reason_id: 6 }),
      eventPayload({
        id: 301000001,
        start_at: '2025-09-16T09:25:00+03:00',
        finish_at: '2025-09-16T10:10:00+03:00',
        cancelled: true,
      }),
    ],
    errors: null,
  },
};

function fixtureFor(request: UpstreamRequest): unknown {
  const fixture = FIXTURES[request.url.pathname];
  if (fixture === undefined) throw new Error(`no МЭШ fixture for ${request.url.pathname}`);
  return fixture;
}

const adapterOver = (transport: HttpTransport) => createMeshAdapter({ transport, hosts: HOSTS, now: NOW });

let student: ProviderStudent;
beforeAll(async () => {
  const profile = await adapterOver(fuzzedTransport(fixtureFor, []).transport).fetchProfile(account, propertyScope());
  student = profile.students[0]!;
});

describe('the МЭШ adapter under fuzzed answers', () => {
  it.each(ADAPTER_METHODS)('should resolve %s from the valid fixtures with data', async (method) => {
    const outcome = await settle(() =>
      callMethod(
        adapterOver(fuzzedTransport(fixtureFor, []).transport),
        method,
        account,
        student,
        RANGE,
        propertyScope(),
      ),
    );
    expect(outcome).toMatchObject({ ok: true });
    const value = (outcome as { value: unknown }).value;
    expect(Array.isArray(value) ? value.length : (value as { students: unknown[] }).students.length).toBeGreaterThan(0);
  });

  it.each(ADAPTER_METHODS.map((method, index) => [method, SEED + index] as const))(
    'should resolve %s to models or reject with a GatewayError that quotes nothing it was sent (seed %i)',
    async (method, seed) => {
      await fc.assert(
        fc.asyncProperty(fuzzedAnswers(STATUSES, { maxValidWeight: 2 }), async (answers) => {
          const { transport, served } = fuzzedTransport(fixtureFor, answers);
          const outcome = await settle(() =>
            callMethod(adapterOver(transport), method, account, student, RANGE, propertyScope()),
          );
          expect(violation(outcome, expectedKind(method), SECRETS, served)).toBeNull();
        }),
        { seed, numRuns: RUNS },
      );
    },
  );

  it.each(ADAPTER_METHODS.map((method, index) => [method, SEED + 100 + index] as const))(
    'should resolve %s to models or reject typed when values keep their type but not their sense (seed %i)',
    async (method, seed) => {
      await fc.assert(
        fc.asyncProperty(normaliserAnswers(), async (answers) => {
          const { transport, served } = fuzzedTransport(fixtureFor, answers);
          const outcome = await settle(() =>
            callMethod(adapterOver(transport), method, account, student, RANGE, propertyScope()),
          );
          expect(violation(outcome, expectedKind(method), SECRETS, served)).toBeNull();
        }),
        { seed, numRuns: NORMALISER_RUNS },
      );
    },
  );
});

describe('the МЭШ adapter’s absence notices under fuzzed answers', () => {
  const notice = {
    range: { from: '2025-09-18', to: '2025-09-19' },
    reason: 'ILLNESS',
    comment: 'температура',
  } as const;
  const WRITES = [
    [
      'submitAbsenceNotice',
      (transport: HttpTransport) =>
        adapterOver(transport).submitAbsenceNotice(account, student, notice, propertyScope()),
    ],
    [
      'withdrawAbsenceNotice',
      (transport: HttpTransport) =>
        adapterOver(transport).withdrawAbsenceNotice(account, student, notice.range, propertyScope()),
    ],
  ] as const;

  it.each(WRITES.map(([name, write], index) => [name, write, SEED + 200 + index] as const))(
    'should resolve %s to nothing or reject with a GatewayError that quotes nothing it was sent (seed %i)',
    async (_name, write, seed) => {
      await fc.assert(
        fc.asyncProperty(fuzzedAnswers(STATUSES, { maxValidWeight: 2 }), async (answers) => {
          const { transport, served } = fuzzedTransport(fixtureFor, answers);
          const outcome = await settle(() => write(transport));
          expect(violation(outcome, 'nothing', [...SECRETS, 'температура'], served)).toBeNull();
          // A write is never repeated: each day is sent at most once, whatever МЭШ answered.
          const writes = served.requests
            .filter((request) => request.method !== 'GET')
            .map((request) => `${request.method} ${request.url.search}`);
          expect(new Set(writes).size).toBe(writes.length);
        }),
        { seed, numRuns: RUNS },
      );
    },
  );
});
