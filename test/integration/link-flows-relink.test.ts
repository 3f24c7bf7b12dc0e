/**
 * Relinking after a lapsed token keeps the family's identity, end to end over real HTTP: Moscow's МЭШ
 * refuses the demo account's token (expired in the simulator), `providerAccounts` says NEEDS_RELOGIN, and
 * the parent links the account again through login.mos.ru's pages. The link keeps its id, Мария her
 * student id, the grandmother her grant and her view of Мария, and the parent's match decision stands.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { plainUser } from '../support/accounts.js';
import { startTestGateway, TEST_NOW, testClock, type TestGateway } from '../support/gateway.js';
import { dataOf, noErrors, operation } from '../support/graphql.js';
import { createLinkBrowser, linkThroughDiary } from '../support/link-browser.js';

interface ListedStudent {
  id: string;
  firstName: string;
  enrollments: { provider: string }[];
}
interface Grant {
  id: string;
  status: string;
  student: { id: string } | null;
}
const FAMILY = operation<{
  viewer: {
    providerAccounts: { id: string; status: string; tenant: { id: string } }[];
    students: ListedStudent[];
    studentMatchSuggestions: { id: string }[];
    trustedPersons: Grant[];
  };
}>(`{ viewer {
  providerAccounts { id status tenant { id } }
  students { id firstName enrollments { provider } }
  studentMatchSuggestions { id }
  trustedPersons { id status student { id } }
} }`);
const SUGGESTIONS = operation<{ viewer: { studentMatchSuggestions: { id: string; students: { id: string }[] }[] } }>(
  `{ viewer { studentMatchSuggestions { id students { id } } } }`,
);
const STUDENT_IDS = operation<{ viewer: { students: { id: string }[] } }>(`{ viewer { students { id } } }`);
const GRANDMOTHER = 'usr_grandmother';
const HOUR = 3_600_000;

const store = createMemoryStore();
const clock = testClock();
let target: TestGateway;
let grandmaSession: string;

beforeAll(async () => {
  target = await startTestGateway({}, clock.now, { store });
  const grandma = target.gateway.demo!.family.grandmother;
  await store.putUser(
    plainUser(GRANDMOTHER, 'Галина Петровна', {
      lastName: grandma.lastName,
      firstName: grandma.firstName,
      middleName: grandma.middleName,
      birthDate: null,
      snilsHash: null,
    }),
  );
  grandmaSession = await createSession(store, GRANDMOTHER, { ttlMs: null, now: TEST_NOW.getTime() });
});

const familyView = async () => noErrors(await target.graphql(FAMILY)).viewer;

describe('relinking МЭШ Moscow after its token lapsed', () => {
  it('should show NEEDS_RELOGIN, then relink in the browser keeping the link, Мария’s id, the grant and the match decision', async () => {
    const moscowAccount = target.gateway.demo!.family.accounts.find((account) => account.provider === 'MESH')!;
    const start = await familyView();
    const mariaId = start.students.find((student) => student.firstName === 'Мария')!.id;
    const moscow = start.providerAccounts.find((account) => account.tenant.id === 'mesh-moscow')!;
    // The grandmother is invited to read Мария's diary, and accepts.
    const invited = await target.graphql<{ inviteTrustedPerson: { code: string } }>(
      `mutation($id: ID!) { inviteTrustedPerson(input: { studentId: $id, fullName: "Иванова Галина Петровна" }) { code } }`,
      { id: mariaId },
    );
    const accepted = await target.graphql(
      `mutation($code: String!) { acceptTrustedPersonInvitation(code: $code) { grantId } }`,
      { code: dataOf(invited).inviteTrustedPerson.code },
      grandmaSession,
    );
    expect(accepted.body.errors).toBeUndefined();
    // The parent says Артём (МЭШ) and Артем (Dnevnik.ru's chess club) are one child.
    const [suggestion] = noErrors(await target.graphql(SUGGESTIONS)).viewer.studentMatchSuggestions;
    noErrors(
      await target.graphql(`mutation($id: ID!) { confirmStudentMatch(suggestionId: $id) { suggestionId } }`, {
        id: suggestion!.id,
      }),
    );
    const before = await familyView();
    expect(before.trustedPersons).toEqual([{ id: expect.any(String), status: 'ACTIVE', student: { id: mariaId } }]);
    expect(before.studentMatchSuggestions).toEqual([]);

    // МЭШ refuses the token; past the children's list's revalidate window (24 h) the gateway asks again.
    target.gateway.demo!.simulators.mesh.expireToken(moscowAccount.token);
    clock.advance(25 * HOUR);
    const lapsed = await target.graphql(FAMILY);
    expect(dataOf(lapsed).viewer.providerAccounts.map(({ id, status }) => ({ id, status }))).toEqual(
      before.providerAccounts.map(({ id }) => ({ id, status: id === moscow.id ? 'NEEDS_RELOGIN' : 'ACTIVE' })),
    );

    const browser = createLinkBrowser();
    browser.setCookie(target.url, 'dg_session', target.gateway.demo!.token);
    const { end } = await linkThroughDiary(browser, `${target.url}/link/mesh?tenant=mesh-moscow`, 'mos-ru', {
      login: moscowAccount.login!,
      password: moscowAccount.password!,
    });
    expect(new URL(end.last.url).search).toBe('?linked=mesh-moscow');

    const after = await familyView();
    expect(after.providerAccounts).toEqual(before.providerAccounts);
    expect(after.providerAccounts.find((account) => account.id === moscow.id)!.status).toBe('ACTIVE');
    expect(after.students).toEqual(before.students);
    expect(after.students.find((student) => student.id === mariaId)).toBeDefined();
    expect(after.trustedPersons).toEqual(before.trustedPersons);
    expect(after.studentMatchSuggestions).toEqual([]);
    // Артём stays merged: one student with his МЭШ and Dnevnik.ru enrollments.
    expect(after.students.filter((student) => student.firstName.startsWith('Арт'))).toHaveLength(1);
    // The grandmother still sees Мария, by the same id.
    const seen = noErrors(await target.graphql(STUDENT_IDS, {}, grandmaSession)).viewer.students;
    expect(seen).toEqual([{ id: mariaId }]);
  });
});
