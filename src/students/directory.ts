/**
 * Who the viewer may see, for one GraphQL request: the students of their own linked accounts (as a
 * parent) and the children other parents shared with them (read-only). It reads each account's profile
 * once (through the loaders), falls back to the last good copy of an account's children when its diary
 * does not answer, and opens each account's sealed credentials only when they are needed.
 */
import { isGrantActive, trustedView } from '../access/access-rule.js';
import type { ProviderAccount } from '../domain/adapter.js';
import type { StudentRecord } from '../domain/model.js';
import type { RequestLoaders } from '../loaders/request-loaders.js';
import type { GatewayStore, GrantRecord, ProviderAccountRecord, UserRecord } from '../store/store.js';
import { readAccountChildren, type ListingFailure } from './account-children.js';
import { assembleFamily, compareStudents, type MatchSuggestionModel } from './family-students.js';

export type { ListingFailure } from './account-children.js';

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
  /**
   * Opens a stored account's credentials for the adapters (`openLinkedAccount` of src/accounts, given by
   * the GraphQL context): linking and unlinking accounts build on this room, so it cannot import them back.
   */
  openAccount: (record: ProviderAccountRecord) => Promise<ProviderAccount>;
  now: () => number;
  /** Told the moment a clock-based decision of the directory changes (the request's answer holds until then). */
  dependsOnTimeUntil?: (epochMs: number) => void;
}

/** One parent's accounts and students, loaded at most once per request. */
interface FamilyView {
  records: ProviderAccountRecord[];
  accounts: Map<string, ProviderAccount>;
  students: StudentRecord[];
  suggestions: MatchSuggestionModel[];
  /** Each failure with the account it came from, to report only what concerns a shared child. */
  failures: { failure: ListingFailure; accountId: string }[];
}

/** The viewer's accounts and students for one request. */
export class ViewerDirectory {
  private userPromise: Promise<UserRecord | null> | undefined;
  private readonly families = new Map<string, Promise<FamilyView>>();
  private listingPromise: Promise<StudentListing> | undefined;
  private grantsPromise: Promise<GrantRecord[]> | undefined;

  /**
   * The one moment every child first seen in this request is recorded as seen at. Read once, so children of two
   * diaries first seen together tie, and which of them names a merged student is decided by the order the
   * accounts were linked (`compareChildren`), not by which diary happened to answer first.
   */
  private readonly seenAt: number;

  constructor(private readonly options: ViewerDirectoryOptions) {
    this.seenAt = options.now();
  }

  /** The signed-in person's record. */
  user(): Promise<UserRecord | null> {
    this.userPromise ??= this.options.store.getUser(this.options.userId);
    return this.userPromise;
  }

  /** The viewer's own linked accounts, oldest link first. */
  async ownAccounts(): Promise<ProviderAccountRecord[]> {
    return (await this.family(this.options.userId)).records;
  }

  /** The account behind an enrollment of a student the viewer sees; throws if there is none (a bug). */
  async account(accountId: string): Promise<ProviderAccount> {
    await this.family(this.options.userId);
    for (const family of this.families.values()) {
      const account = (await family).accounts.get(accountId);
      if (account) return account;
    }
    throw new Error(`enrollment refers to account ${accountId}, which the viewer cannot read`);
  }

  /** Every student the viewer may see, each once: their own children, then shared ones, by name. */
  listStudents(): Promise<StudentListing> {
    this.listingPromise ??= this.buildListing();
    return this.listingPromise;
  }

  /** One student by its id or the id of any child merged into it; `null` when the viewer has none such. */
  async findStudent(id: string): Promise<{ student: StudentRecord | null; failures: ListingFailure[] }> {
    const { students, failures } = await this.listStudents();
    return {
      student: students.find((student) => student.id === id || student.childIds.includes(id)) ?? null,
      failures,
    };
  }

  /** Name-only matches among the viewer's own children, waiting for a decision. */
  async suggestions(): Promise<MatchSuggestionModel[]> {
    return (await this.family(this.options.userId)).suggestions;
  }

  /** Active grants the viewer received (accepted, not revoked, not expired). */
  activeReceivedGrants(): Promise<GrantRecord[]> {
    this.grantsPromise ??= this.options.store
      .listGrantsByGrantee(this.options.userId)
      .then((grants) => grants.filter((grant) => this.isActive(grant)));
    return this.grantsPromise;
  }

  /**
   * Whether `grant` gives access now. An active grant stops at its expiry, which the request's answer then
   * depends on; an inactive one never becomes active by the clock alone (only by a stored acceptance).
   */
  private isActive(grant: GrantRecord): boolean {
    const active = isGrantActive(grant, this.options.now());
    if (active) this.options.dependsOnTimeUntil?.(grant.expiresAt);
    return active;
  }

  /** The student a grant shares, as its owner sees it now; `null` when the owner no longer sees the child. */
  async grantedStudent(grant: GrantRecord): Promise<StudentRecord | null> {
    const family = await this.family(grant.ownerUserId);
    const student = family.students.find((candidate) => candidate.childIds.includes(grant.studentId));
    return student ? trustedView(student) : null;
  }

  /**
   * Every student a grant's owner sees through their own accounts, as they see them: what tells whether the
   * owner's grants to this viewer cover every child of one of the owner's accounts (a diary account's mail
   * concerns all its children). Never listed to the viewer as such.
   */
  async ownerStudents(ownerUserId: string): Promise<StudentRecord[]> {
    return (await this.family(ownerUserId)).students;
  }

  private async buildListing(): Promise<StudentListing> {
    const own = await this.family(this.options.userId);
    const students = [...own.students];
    const failures = own.failures.map((entry) => entry.failure);
    const seenChildren = new Set(students.flatMap((student) => student.childIds));
    for (const grant of await this.activeReceivedGrants()) {
      const shared = await this.grantedStudent(grant);
      // A child the viewer already sees as a parent (or through another grant) is listed once.
      if (!shared || shared.childIds.some((id) => seenChildren.has(id))) continue;
      shared.childIds.forEach((id) => seenChildren.add(id));
      students.push(shared);
      const owner = await this.family(grant.ownerUserId);
      const accountIds = new Set(shared.enrollments.map((enrollment) => enrollment.accountId));
      for (const { failure, accountId } of owner.failures) if (accountIds.has(accountId)) failures.push(failure);
    }
    return { students: students.sort(compareStudents), failures };
  }

  private family(userId: string): Promise<FamilyView> {
    let family = this.families.get(userId);
    if (!family) {
      family = this.loadFamily(userId);
      this.families.set(userId, family);
    }
    return family;
  }

  private async loadFamily(userId: string): Promise<FamilyView> {
    const { store, loaders, idSecret } = this.options;
    const now = () => this.seenAt;
    const [records, user, decisions] = await Promise.all([
      store.listProviderAccounts(userId),
      userId === this.options.userId ? this.user() : store.getUser(userId),
      store.listMatchDecisions(userId),
    ]);
    const accounts = new Map(
      await Promise.all(records.map(async (record) => [record.id, await this.options.openAccount(record)] as const)),
    );
    const perAccount = await Promise.all(
      [...accounts.values()].map((account) => readAccountChildren(account, { store, loaders, idSecret, now })),
    );
    const { students, suggestions } = assembleFamily({
      children: perAccount.flatMap((result) => result.children),
      anchors: user?.children ?? [],
      decisions,
      accountLinkedAt: new Map(records.map((record) => [record.id, record.linkedAt])),
    });
    const failures = perAccount.flatMap((result, index) =>
      result.failure ? [{ failure: result.failure, accountId: records[index]!.id }] : [],
    );
    return { records, accounts, students, suggestions, failures };
  }
}
