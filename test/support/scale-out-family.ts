/**
 * What a family does on the scale-out replicas (scale-out.ts), as API clients do it: link the demo's diary
 * accounts through the link mutations, read the dashboard, tell the school about an absence, invite a
 * trusted person. Each returns what the tests compare across replicas.
 */
import { expect } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { dataOf, noErrors, operation } from './graphql.js';
import type { Replica } from './replicas.js';
import { graphqlOn, type ScaleOut } from './scale-out.js';

/** The demo's tenants, one diary account of the demo parent on each. */
export type DemoTenantId = 'mesh-moscow' | 'mesh-mosreg' | 'dnevnik-ru' | 'eljur';

/** A linked account as the tests read it. */
export interface LinkedAccount {
  id: string;
  provider: string;
  tenant: { id: string };
}

const LINKED = 'account { id provider tenant { id } }';
const LINK_MESH = operation<{ linkMeshAccount: { account: LinkedAccount } }>(
  `mutation($input: LinkMeshAccountInput!) { linkMeshAccount(input: $input) { ${LINKED} } }`,
);
const LINK_DNEVNIK = operation<{ linkDnevnikAccount: { account: LinkedAccount } }>(
  `mutation($input: LinkDnevnikAccountInput!) { linkDnevnikAccount(input: $input) { ${LINKED} } }`,
);
const LINK_ELJUR = operation<{ linkEljurAccount: { account: LinkedAccount } }>(
  `mutation($input: LinkEljurAccountInput!) { linkEljurAccount(input: $input) { ${LINKED} } }`,
);

/** Links the demo parent's account on `tenant` through `replica`, as the viewer of `token`. */
export async function linkOn(
  world: ScaleOut,
  replica: Replica,
  token: string,
  tenant: DemoTenantId,
): Promise<LinkedAccount> {
  const credentials = world.diaries.linkingCredentials();
  switch (tenant) {
    case 'mesh-moscow':
    case 'mesh-mosreg': {
      const input = credentials.linkMeshAccount.find((candidate) => candidate.tenant === tenant);
      return noErrors(await graphqlOn(replica, token, LINK_MESH, { input })).linkMeshAccount.account;
    }
    case 'dnevnik-ru': {
      const input = credentials.linkDnevnikAccount[0];
      return noErrors(await graphqlOn(replica, token, LINK_DNEVNIK, { input })).linkDnevnikAccount.account;
    }
    case 'eljur': {
      const input = credentials.linkEljurAccount[0];
      return noErrors(await graphqlOn(replica, token, LINK_ELJUR, { input })).linkEljurAccount.account;
    }
  }
}

/** The viewer's accounts and students, as the link tests compare them. */
export const ACCOUNTS_AND_STUDENTS = operation<{
  viewer: { providerAccounts: LinkedAccount[]; students: { id: string; firstName: string; enrollments: unknown[] }[] };
}>(
  `{ viewer { providerAccounts { id provider tenant { id } } students { id firstName enrollments { provider school { name } className } } } }`,
);

/** A dashboard over every linked diary: what a family page loads first, each list from the diaries. */
export const DASHBOARD = operation<{ viewer: { students: { id: string; firstName: string; grades: unknown[] }[] } }>(
  `query($from: Date!, $to: Date!) { viewer { providerAccounts { id status } students { id firstName
    grades(from: $from, to: $to) { id date value { raw } weight }
    homework(from: $from, to: $to) { id }
    schedule(from: $to, to: $to) { startsAt subject { name } }
    attendance(from: $from, to: $to) { date kind } } } }`,
);

/** The dashboard's range: the last two weeks up to today in Moscow, as the family page asks. */
export function dashboardRange(world: ScaleOut): { from: string; to: string } {
  return { from: addDays(world.family.today, -14), to: world.family.today };
}

/** One student's attendance over a range. */
export const ATTENDANCE = operation<{ student: { attendance: { date: string; kind: string; provider: string }[] } }>(
  `query($id: ID!, $from: Date!, $to: Date!) { student(id: $id) { attendance(from: $from, to: $to) { date kind provider } } }`,
);

/** Reports an absence; answers the diaries it went to. */
export const REPORT_ABSENCE = operation<{ reportAbsence: { providers: string[] } }>(
  `mutation($input: ReportAbsenceInput!) { reportAbsence(input: $input) { providers } }`,
);

/** Invites a trusted person by full name; answers the grant. */
export const INVITE = operation<{ inviteTrustedPerson: { grant: { id: string } } }>(
  `mutation($studentId: ID!, $name: String!) { inviteTrustedPerson(input: { studentId: $studentId, fullName: $name }) { grant { id } } }`,
);

/** The grants the viewer made. */
export const TRUSTED_PERSONS = operation<{ viewer: { trustedPersons: { id: string }[] } }>(
  `{ viewer { trustedPersons { id } } }`,
);

const STUDENT_NAMES = operation<{ viewer: { students: { id: string; firstName: string }[] } }>(
  `{ viewer { students { id firstName } } }`,
);

/** The id of the viewer's student named `firstName` (exactly one must be there), read through `replica`. */
export async function studentNamed(replica: Replica, token: string, firstName: string): Promise<string> {
  const answer = await graphqlOn(replica, token, STUDENT_NAMES);
  const named = dataOf(answer).viewer.students.filter((student) => student.firstName === firstName);
  expect(named, answer.text).toHaveLength(1);
  return named[0]!.id;
}
