/**
 * Reading a family's structure into the cache before its first dashboard asks (issue 15): each linked
 * account's profile (its children), then each child's periods and subjects, and whatever else the adapter
 * says its data reads will need (`ProviderAdapter.prefetchStructure`). Everything goes through a loader set
 * of its own, so it lands in the same cache entries a request reads, under the same deadlines.
 *
 * Nothing here is shown to anyone: a failure is counted and its code kept for the log, never thrown.
 */
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../domain/adapter.js';
import type { ProviderStudent } from '../domain/model.js';
import { errorCodeOf } from '../errors/gateway-error.js';
import type { AdapterRegistry } from '../loaders/adapter-registry.js';
import type { LoaderSet } from '../loaders/loader-set.js';
import type { GatewayStore, ProviderAccountRecord } from '../store/store.js';

/** What {@link prefetchFamilyStructure} needs. */
export interface FamilyStructureDeps {
  store: Pick<GatewayStore, 'listProviderAccounts'>;
  /** Opens a stored account's credentials (`openLinkedAccount` of src/accounts). */
  openAccount(record: ProviderAccountRecord): Promise<ProviderAccount>;
  adapters: Pick<AdapterRegistry, 'forAccount'>;
  /** A new loader set, whose deadlines start when it is made. */
  loaderSet(): LoaderSet;
}

/** What one prefetch did: counts and failure codes only (nothing that names a person). */
export interface PrefetchReport {
  accounts: number;
  children: number;
  /** One code per failed read (`PROVIDER_TIMEOUT`, …; `INTERNAL` for anything that is not a gateway error). */
  failures: string[];
}

/**
 * Reads the structure of every account `userId` has linked; resolves when every read has ended, with
 * what failed. Accounts are read side by side (a family has a handful), each child's reads too.
 */
export async function prefetchFamilyStructure(userId: string, deps: FamilyStructureDeps): Promise<PrefetchReport> {
  const report: PrefetchReport = { accounts: 0, children: 0, failures: [] };
  const records = await deps.store.listProviderAccounts(userId);
  const set = deps.loaderSet();
  const { loaders } = set;
  await Promise.all(
    records.map(async (record) => {
      report.accounts += 1;
      try {
        const account = await deps.openAccount(record);
        const { value: profile } = await loaders.profile.load(account);
        const adapter = deps.adapters.forAccount(account);
        await Promise.all(
          profile.students.map((student) => {
            report.children += 1;
            return childStructure(account, student, { loaders, adapter, scope: set.scopeFor(account) }, report);
          }),
        );
      } catch (error) {
        report.failures.push(errorCodeOf(error));
      }
    }),
  );
  return report;
}

/** One child's periods, subjects and the adapter's own structure, side by side; failures go to `report`. */
async function childStructure(
  account: ProviderAccount,
  student: ProviderStudent,
  parts: { loaders: LoaderSet['loaders']; adapter: ProviderAdapter | undefined; scope: UpstreamScope },
  report: PrefetchReport,
): Promise<void> {
  const { loaders, adapter, scope } = parts;
  const reads: Promise<unknown>[] = [
    loaders.periods.load({ account, student }),
    loaders.subjects.load({ account, student }),
  ];
  if (adapter?.prefetchStructure) reads.push(adapter.prefetchStructure(account, student, scope));
  for (const outcome of await Promise.allSettled(reads))
    if (outcome.status === 'rejected') report.failures.push(errorCodeOf(outcome.reason));
}
