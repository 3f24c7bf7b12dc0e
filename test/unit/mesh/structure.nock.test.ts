/**
 * The МЭШ profile id (`profile_info`) and a child's periods as structure: read through the gateway's cache
 * (`UpstreamScope.structure`, here over an in-memory `UpstreamCache`), so a request whose token's profile
 * id is known calls no `profile_info` before its data.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import { createFetchTransport } from '../../../src/upstream/transport.js';
import { useStrictNock } from '../../support/nock.js';
import { markPayload, meshStudent, PROFILE_ID, STUDENT_ID, subjectMarksEntry } from './fixtures.js';
import { structureRequests } from '../../support/structure-scopes.js';

const SCHOOL = 'https://school.mesh.test';
const ACL = 'https://acl.mesh.test';
const TOKEN = 'mesh-access-token-7c1f0e9a';
const RANGE = { from: '2025-09-15', to: '2025-09-21' };
const account: ProviderAccount = { id: 'account-1', provider: 'MESH', credentials: { token: TOKEN } };
const student = meshStudent();

const adapter = createMeshAdapter({
  transport: createFetchTransport({ timeoutMs: 2_000 }),
  hosts: { schoolBaseUrl: SCHOOL, aclBaseUrl: ACL },
  now: () => new Date('2025-09-17T09:00:00Z'),
});

const requests = structureRequests;

function mockProfileInfo(token = TOKEN, profileId = PROFILE_ID) {
  return nock(ACL)
    .get('/acl/api/users/profile_info')
    .matchHeader('auth-token', token)
    .reply(200, [{ id: profileId, type: 'parent' }]);
}

function mockMarks(token = TOKEN, profileId = PROFILE_ID) {
  return nock(SCHOOL)
    .get('/api/family/mobile/v1/marks')
    .query({ student_id: String(STUDENT_ID), from: RANGE.from, to: RANGE.to })
    .matchHeader('auth-token', token)
    .matchHeader('profile-id', String(profileId));
}

useStrictNock();

describe('МЭШ structure through the cache', () => {
  it('asks profile_info once per token: a later request goes straight to its data', async () => {
    const request = requests();
    mockProfileInfo();
    mockMarks().reply(200, { payload: [markPayload({ id: 1 })] });
    await adapter.fetchGrades(account, student, RANGE, request());
    // No second profile_info mocked: strict nock fails the test if it is asked.
    mockMarks().reply(200, { payload: [markPayload({ id: 1 })] });
    expect(await adapter.fetchGrades(account, student, RANGE, request())).toHaveLength(1);
  });

  it('asks profile_info again for a new token (renewed or linked again), which also activates it', async () => {
    const request = requests();
    mockProfileInfo();
    mockMarks().reply(200, { payload: [] });
    await adapter.fetchGrades(account, student, RANGE, request());
    const renewed = { ...account, credentials: { token: 'mesh-access-token-renewed' } };
    mockProfileInfo('mesh-access-token-renewed', 22223333);
    mockMarks('mesh-access-token-renewed', 22223333).reply(200, { payload: [] });
    await adapter.fetchGrades(renewed, student, RANGE, request());
  });

  it('still fails as PROVIDER_AUTH_FAILED when МЭШ refuses the token on a data route with the cached id', async () => {
    const request = requests();
    mockProfileInfo();
    mockMarks().reply(200, { payload: [] });
    await adapter.fetchGrades(account, student, RANGE, request());
    mockMarks().reply(401, '');
    await expect(adapter.fetchGrades(account, student, RANGE, request())).rejects.toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
    });
    mockMarks().reply(403, { message: 'Profile-Id does not belong to the token holder' });
    await expect(adapter.fetchGrades(account, student, RANGE, request())).rejects.toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
    });
  });

  it('serves the periods from structure with today’s current period, after prefetchStructure made the calls', async () => {
    const request = requests();
    mockProfileInfo();
    nock(SCHOOL)
      .get('/api/family/mobile/v1/subject_marks')
      .query({ student_id: String(STUDENT_ID) })
      .reply(200, { payload: [subjectMarksEntry()] });
    // The current month's bells and teachers too (a month without lessons reads no `schedule` day).
    nock(SCHOOL)
      .get('/api/eventcalendar/v1/api/events')
      .query((query) => query.begin_date === '2025-09-01' && query.end_date === '2025-09-30')
      .reply(200, { total_count: 0, errors: null, response: [] });
    await adapter.prefetchStructure!(account, student, request());
    // Nothing more mocked: periods and subjects come from the cache.
    const scope = request();
    expect(await adapter.fetchPeriods(account, student, scope)).toEqual([
      expect.objectContaining({ start: '2025-09-01', end: '2025-10-26', isCurrent: true }),
    ]);
    expect(await adapter.fetchSubjects(account, student, scope)).toEqual([
      { id: 'mesh:33623', name: 'Алгебра', provider: 'MESH' },
    ]);
  });
});
