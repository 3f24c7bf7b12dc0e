/**
 * What one structure prefetch reads (src/prefetch/family-structure.ts): every linked account's profile, then
 * each child's periods and subjects and the adapter's own structure, side by side; failures become codes.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderAccount, ProviderAdapter, UpstreamScope } from '../../../src/domain/adapter.js';
import type { ProviderStudent } from '../../../src/domain/model.js';
import { ProviderTimeoutError } from '../../../src/errors/gateway-error.js';
import type { LoaderSet } from '../../../src/loaders/loader-set.js';
import { prefetchFamilyStructure } from '../../../src/prefetch/family-structure.js';
import type { ProviderAccountRecord } from '../../../src/store/store.js';

const record = (id: string, provider: ProviderAccount['provider']) => ({ id, provider }) as ProviderAccountRecord;
const child = (externalId: string) => ({ externalId }) as ProviderStudent;
const CHILDREN: Record<string, ProviderStudent[]> = { acc_mesh: [child('m1'), child('m2')], acc_eljur: [child('e1')] };

/** A loader set whose reads are recorded; `failing` names reads that reject (`periods:e1`, `profile:acc_eljur`). */
function recordingSet(failing: readonly string[] = []) {
  const reads: string[] = [];
  const read = (what: string) => {
    reads.push(what);
    return failing.includes(what) ? Promise.reject(new ProviderTimeoutError('ELJUR', 'slow')) : Promise.resolve();
  };
  const scope = { once: () => Promise.reject(new Error('unused')) } as unknown as UpstreamScope;
  const set = {
    loaders: {
      profile: {
        load: async (account: ProviderAccount) => {
          await read(`profile:${account.id}`);
          return { value: { students: CHILDREN[account.id] } };
        },
      },
      periods: { load: ({ student }: { student: ProviderStudent }) => read(`periods:${student.externalId}`) },
      subjects: { load: ({ student }: { student: ProviderStudent }) => read(`subjects:${student.externalId}`) },
    },
    scopeFor: () => scope,
  } as unknown as LoaderSet;
  return { set, reads, scope };
}

function deps(set: LoaderSet, adapter: Partial<ProviderAdapter> = {}) {
  return {
    store: { listProviderAccounts: () => Promise.resolve([record('acc_mesh', 'MESH'), record('acc_eljur', 'ELJUR')]) },
    openAccount: (stored: ProviderAccountRecord) =>
      Promise.resolve({ id: stored.id, provider: stored.provider, credentials: {} }),
    adapters: { forAccount: () => adapter as ProviderAdapter },
    loaderSet: () => set,
  };
}

describe('prefetchFamilyStructure', () => {
  it('should read every account’s children, then each child’s periods, subjects and adapter structure', async () => {
    const { set, reads, scope } = recordingSet();
    const structure: { account: string; child: string; scope: UpstreamScope }[] = [];
    const report = await prefetchFamilyStructure(
      'usr_1',
      deps(set, {
        prefetchStructure: (account, student, given) => {
          structure.push({ account: account.id, child: student.externalId, scope: given });
          return Promise.resolve();
        },
      }),
    );
    expect(report).toEqual({ accounts: 2, children: 3, failures: [] });
    expect([...reads].sort()).toEqual(
      [
        'profile:acc_mesh',
        'profile:acc_eljur',
        'periods:m1',
        'periods:m2',
        'periods:e1',
        'subjects:m1',
        'subjects:m2',
        'subjects:e1',
      ].sort(),
    );
    expect(structure.map((entry) => `${entry.account}/${entry.child}`).sort()).toEqual([
      'acc_eljur/e1',
      'acc_mesh/m1',
      'acc_mesh/m2',
    ]);
    // The adapter reads under the same scope (deadline, memo) as the loaders.
    expect(structure.every((entry) => entry.scope === scope)).toBe(true);
  });

  it('should go on past failures and report each by its code, never throwing', async () => {
    const { set, reads } = recordingSet(['profile:acc_eljur', 'periods:m1']);
    const report = await prefetchFamilyStructure(
      'usr_1',
      deps(set, { prefetchStructure: () => Promise.reject(new Error('adapter bug')) }),
    );
    expect(report.children).toBe(2);
    expect([...report.failures].sort()).toEqual(['INTERNAL', 'INTERNAL', 'PROVIDER_TIMEOUT', 'PROVIDER_TIMEOUT']);
    // The other child of the account whose periods failed was still read.
    expect(reads).toContain('subjects:m2');
  });
});
