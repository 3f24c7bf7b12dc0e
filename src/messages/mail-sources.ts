/**
 * Whose mail a viewer may read: each diary account behind the merged lists, with the children it concerns.
 *
 * A diary account's mail (messages, notices) is about every child on it, so a trusted person reads one of a
 * parent's accounts only when that parent granted them `MESSAGES` for each child of the account; a grant for
 * one child of two never opens the other child's teachers' letters.
 */
import { isParentView } from '../access/access-rule.js';
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderMessaging } from '../domain/messaging.js';
import type { ProviderKind, ProviderStudent, StudentRecord } from '../domain/model.js';
import type { AdapterRegistry } from '../loaders/adapter-registry.js';
import type { GrantRecord } from '../store/store.js';
import type { ViewerDirectory } from '../students/directory.js';

/** The zone a naive diary time is read in when an account lists no child (it cannot be: a guard). */
const FALLBACK_ZONE = 'Europe/Moscow';

/** One diary account whose mail the viewer may read. */
export interface MailSource {
  account: ProviderAccount;
  provider: ProviderKind;
  /** `PARENT`: the viewer's own account; `TRUSTED_READ_ONLY`: a parent's, through `MESSAGES` grants. */
  access: 'PARENT' | 'TRUSTED_READ_ONLY';
  /** The students on this account as the viewer's list shows them. */
  students: StudentRecord[];
  /** The diary's children on this account, each once. */
  children: ProviderStudent[];
  /** The school zone of the account's first child: naive diary times are read in it. */
  timeZone: string;
  /** The diary's messaging, `undefined` when its adapter reads no mail. */
  messaging: ProviderMessaging | undefined;
}

/** What finding the sources needs. */
export interface MailSourceDeps {
  directory: ViewerDirectory;
  adapters: AdapterRegistry;
}

/** Every account whose mail the viewer may read: their own first (in link order), then parents' through grants. */
export async function mailSources({ directory, adapters }: MailSourceDeps): Promise<MailSource[]> {
  const { students } = await directory.listStudents();
  const sources: MailSource[] = [];
  const seen = new Set<string>();
  const add = async (accountId: string, access: MailSource['access']) => {
    if (seen.has(accountId)) return;
    const onAccount = students.filter((student) => hasEnrollmentOn(student, accountId));
    // A parent may read the mail of their own account even with its children gone from the listing.
    if (onAccount.length === 0 && access !== 'PARENT') return;
    seen.add(accountId);
    const account = await directory.account(accountId);
    const children = childrenOn(onAccount, accountId);
    sources.push({
      account,
      provider: account.provider,
      access,
      students: onAccount,
      children,
      timeZone: children[0]?.timeZone ?? FALLBACK_ZONE,
      messaging: adapters.forAccount(account)?.messaging,
    });
  };
  for (const record of await directory.ownAccounts()) await add(record.id, 'PARENT');
  for (const accountId of await grantedMailAccounts(directory)) await add(accountId, 'TRUSTED_READ_ONLY');
  return sources;
}

/** The sources behind one student the viewer sees (the accounts of its enrollments the viewer may read mail of). */
export function sourcesOfStudent(sources: readonly MailSource[], student: StudentRecord): MailSource[] {
  const accountIds = new Set(student.enrollments.map((enrollment) => enrollment.accountId));
  return sources.filter((source) => accountIds.has(source.account.id));
}

/** The viewer's students a notice concerns: the account's children named, or all of them when it names none of them. */
export function studentsNamed(source: MailSource, externalIds: readonly string[] | null): StudentRecord[] {
  if (externalIds === null) return source.students;
  const named = new Set(externalIds);
  const students = source.students.filter((student) =>
    student.enrollments.some(
      (enrollment) => enrollment.accountId === source.account.id && named.has(enrollment.student.externalId),
    ),
  );
  // Ids that name none of the account's children (a diary's id of another kind): the notice is the account's.
  return students.length > 0 ? students : source.students;
}

/** Whether the viewer reads this source as its parent (and so may send, and opening marks read). */
export function isParentSource(source: MailSource): boolean {
  return source.access === 'PARENT';
}

/**
 * The parents' accounts every child of which a `MESSAGES` grant to the viewer covers, in grant order. A
 * student the viewer also sees as a parent does not count: the grant must cover it, as the owner sees it.
 */
async function grantedMailAccounts(directory: ViewerDirectory): Promise<string[]> {
  const grants = (await directory.activeReceivedGrants()).filter((grant) => grant.extraScopes?.includes('MESSAGES'));
  const byOwner = new Map<string, GrantRecord[]>();
  for (const grant of grants) byOwner.set(grant.ownerUserId, [...(byOwner.get(grant.ownerUserId) ?? []), grant]);
  const accounts: string[] = [];
  for (const [owner, ownerGrants] of byOwner) {
    const ownerStudents = (await directory.ownerStudents(owner)).filter(isParentView);
    const granted = new Set(ownerGrants.map((grant) => grant.studentId));
    const isGranted = (student: StudentRecord) => student.childIds.some((id) => granted.has(id));
    const accountIds = new Set(
      ownerStudents.filter(isGranted).flatMap((student) => student.enrollments.map((e) => e.accountId)),
    );
    for (const accountId of accountIds) {
      const onAccount = ownerStudents.filter((student) => hasEnrollmentOn(student, accountId));
      if (onAccount.every(isGranted)) accounts.push(accountId);
    }
  }
  return accounts;
}

function hasEnrollmentOn(student: StudentRecord, accountId: string): boolean {
  return student.enrollments.some((enrollment) => enrollment.accountId === accountId);
}

function childrenOn(students: readonly StudentRecord[], accountId: string): ProviderStudent[] {
  const children = new Map<string, ProviderStudent>();
  for (const student of students)
    for (const enrollment of student.enrollments)
      if (enrollment.accountId === accountId) children.set(enrollment.student.externalId, enrollment.student);
  return [...children.values()];
}
