/**
 * Issue 11 §3 through the gateway: a child merged across two diaries (Мария, МЭШ + Eljur, one SNILS) whose
 * primary diary, МЭШ, writes her surname with a Latin look-alike letter and no patronymic. A proxy-like
 * base transport in front of the real МЭШ simulator rewrites only that child in the family profile
 * answer; every other request reaches the simulators unchanged over loopback HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport, type HttpTransport } from '../../src/upstream/transport.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { dataOf } from '../support/graphql.js';

/** `Ивaнова` with a Latin `a` (U+0061), written as an escape so no editor "fixes" it unseen. */
const MIXED_SURNAME = 'Ив\u0061нова';
const MESH_FAMILY_PROFILE = /\/api\/family\/mobile\/v1\/profile$/;

/** How many answers the rewrite changed: the test must really have served the mixed spelling. */
let rewritten = 0;

/** The base transport: МЭШ's family profile shows Мария as `Ивaнова Мария`, without her patronymic. */
function mixedScriptMesh(): HttpTransport {
  const base = createUndiciTransport();
  return async (request) => {
    const response = await base(request);
    if (!MESH_FAMILY_PROFILE.test(request.url.pathname) || response.status !== 200) return response;
    const profile = JSON.parse(response.body) as {
      children: { first_name: string; last_name: string; middle_name: string | null }[];
    };
    for (const child of profile.children) {
      if (child.first_name !== 'Мария') continue;
      child.last_name = MIXED_SURNAME;
      child.middle_name = null;
      rewritten += 1;
    }
    return { ...response, body: JSON.stringify(profile) };
  };
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({}, undefined, { transport: mixedScriptMesh() });
});

describe('the name shown for a child whose diaries spell it differently', () => {
  it('should show the clean, complete name, never the primary diary’s mixed-script one without patronymic', async () => {
    const answer = await gateway.graphql<{ viewer: { students: { firstName: string }[] } }>(
      '{ viewer { students { fullName lastName firstName middleName enrollments { provider } } } }',
    );
    expect(answer.body.errors).toBeUndefined();
    expect(rewritten).toBeGreaterThan(0);
    const masha = dataOf(answer).viewer.students.find((student) => student.firstName === 'Мария');
    // Still one child (merged by SNILS), МЭШ still primary, and the name as the Eljur diary writes it.
    expect(masha).toEqual({
      fullName: 'Иванова Мария Олеговна',
      lastName: 'Иванова',
      firstName: 'Мария',
      middleName: 'Олеговна',
      enrollments: [{ provider: 'MESH' }, { provider: 'ELJUR' }],
    });
  });
});
