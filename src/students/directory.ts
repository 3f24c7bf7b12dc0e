/**
 * Who the viewer may see: their linked diary accounts, and the gateway students those accounts show.
 * One directory per GraphQL request; it reads each account's profile once (through the loaders) and
 * falls back to the last good copy of an account's children when its diary does not answer.
 */
import type { ProviderAccount } from '../domain/adapter.js';
import type { ProviderStudent, StudentEnrollment, StudentRecord } from '../domain/model.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RequestLoaders } from '../loaders/request-loaders.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';
import { deriveStudentId } from './student-ids.js';

/** A diary failure met while listing students. */
export interface ListingFailure {
  error: GatewayError;
  /** The account's children still came, from the cache's last good copy of its profile. */
  staleDataServed: boolean;
}

/** The viewer's students and the failures met while listing them. */
export interface StudentListing {
  students: StudentRecord[];
  /** One entry per account whose diary failed; its students came from the cache or the last snapshot. */
  failures: ListingFailure[];
}

/** Dependencies of a {@link ViewerDirectory}. */
export interface ViewerDirectoryOptions {
  userId: string;
  store: GatewayStore;
  loaders: RequestLoaders;
  idSecret: string;
}

/** The viewer's accounts and students for one request. */
export class ViewerDirectory {
  private accountsPromise: Promise<Map<string, ProviderAccount>> | undefined;
  private listingPromise: Promise<StudentListing> | undefined;

  constructor(private readonly options: ViewerDirectoryOptions) {}

  /** The viewer's linked accounts by id. */
  accounts(): Promise<Map<string, ProviderAccount>> {
    this.accountsPromise ??= this.options.store
      .listProviderAccounts(this.options.userId)
      .then((records) => new Map(records.map((record) => [record.id, toAccount(record)])));
    return this.accountsPromise;
  }

  /** The account behind an enrollment; throws if the enrollment is not the viewer's (a bug). */
  async account(accountId: string): Promise<ProviderAccount> {
    const account = (await this.accounts()).get(accountId);
    if (!account) throw new Error(`enrollment refers to account ${accountId}, which the viewer does not hold`);
    return account;
  }

  /** Every student the viewer may see, each once, ordered by last name then first name. */
  listStudents(): Promise<StudentListing> {
    this.listingPromise ??= this.buildListing();
    return this.listingPromise;
  }

  /** One student by gateway id, or `null` when the viewer has no such student. */
  async findStudent(id: string): Promise<{ student: StudentRecord | null; failures: ListingFailure[] }> {
    const { students, failures } = await this.listStudents();
    return { student: students.find((student) => student.id === id) ?? null, failures };
  }

  private async buildListing(): Promise<StudentListing> {
    const accounts = [...(await this.accounts()).values()];
    const perAccount = await Promise.all(accounts.map((account) => this.enrollmentsOf(account)));
    const byStudent = new Map<string, StudentRecord>();
    for (const { enrollments } of perAccount) {
      for (const { studentId, enrollment } of enrollments) {
        const record = byStudent.get(studentId) ?? { id: studentId, enrollments: [] };
        record.enrollments.push(enrollment);
        byStudent.set(studentId, record);
      }
    }
    const students = [...byStudent.values()].sort(compareStudents);
    return { students, failures: perAccount.flatMap(({ failure }) => (failure ? [failure] : [])) };
  }

  /** Reads an account's children from its diary, or from the last good copy when the diary fails. */
  private async enrollmentsOf(account: ProviderAccount): Promise<{
    enrollments: { studentId: string; enrollment: StudentEnrollment }[];
    failure: ListingFailure | null;
  }> {
    const { store, loaders, idSecret } = this.options;
    const known = await store.listStudentLinks(account.id);
    try {
      const served = await loaders.profile.load(account);
      const profile = served.value;
      const enrollments = [];
      for (const student of profile.students) {
        const existing = known.find((link) => sameChild(link.snapshot, student));
        const studentId = existing?.studentId ?? deriveStudentId(idSecret, student.provider, student.externalId);
        // Written only when the child changed, so a cached profile costs the store nothing.
        if (!existing || JSON.stringify(existing.snapshot) !== JSON.stringify(student)) {
          await store.putStudentLink({ studentId, accountId: account.id, snapshot: student });
        }
        enrollments.push({ studentId, enrollment: { accountId: account.id, student } });
      }
      return { enrollments, failure: served.staleBecause ? { error: served.staleBecause, staleDataServed: true } : null };
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const enrollments = known.map((link) => ({
        studentId: link.studentId,
        enrollment: { accountId: account.id, student: link.snapshot },
      }));
      return { enrollments, failure: { error, staleDataServed: enrollments.length > 0 } };
    }
  }
}

function toAccount(record: ProviderAccountRecord): ProviderAccount {
  return { id: record.id, provider: record.provider, credentials: record.credentials };
}

function sameChild(a: ProviderStudent, b: ProviderStudent): boolean {
  return a.provider === b.provider && a.externalId === b.externalId;
}

function compareStudents(a: StudentRecord, b: StudentRecord): number {
  const first = a.enrollments[0]!.student;
  const second = b.enrollments[0]!.student;
  return (
    first.lastName.localeCompare(second.lastName, 'ru') ||
    first.firstName.localeCompare(second.firstName, 'ru') ||
    a.id.localeCompare(b.id)
  );
}
