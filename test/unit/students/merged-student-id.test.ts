/**
 * A child seen in two diaries at once (the same SNILS) is one student, named after one of its children. When
 * both are first seen in the same request, the name must not depend on which diary happened to answer first:
 * every family with the same links gets the same id (found by the benchmark, whose families differed).
 */
import { describe, expect, it } from 'vitest';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderAccountProfile, ProviderKind, ProviderStudent } from '../../../src/domain/model.js';
import type { RequestLoaders, Served } from '../../../src/loaders/request-loaders.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { ProviderAccountRecord } from '../../../src/store/store.js';
import { ViewerDirectory } from '../../../src/students/directory.js';
import { deriveStudentId } from '../../../src/students/student-ids.js';
import { plainUser, seedAccount } from '../../support/accounts.js';

const ID_SECRET = 'test-id-secret';

function maria(provider: ProviderKind, externalId: string): ProviderStudent {
  return {
    provider,
    externalId,
    providerIds: { studentId: externalId },
    firstName: 'Мария',
    lastName: 'Иванова',
    middleName: 'Олеговна',
    birthDate: '2013-04-22',
    snils: 'snils-hash-maria',
    school: { id: `${provider}:school:1`, name: 'Школа', provider },
    className: '4-А',
    timeZone: 'Europe/Moscow',
  };
}

const CHILDREN: Record<string, ProviderStudent> = {
  acc_mesh: maria('MESH', '1001'),
  acc_eljur: maria('ELJUR', '5501'),
};

/** Profile loads that answer after `delays[account]` ms, while the clock moves on. */
function loadersAnsweringAfter(delays: Record<string, number>): RequestLoaders {
  const load = async (account: ProviderAccount): Promise<Served<ProviderAccountProfile>> => {
    await new Promise((resolve) => setTimeout(resolve, delays[account.id]));
    const profile: ProviderAccountProfile = {
      holder: { firstName: 'Елена', lastName: 'Иванова', middleName: null, birthDate: null, snils: null },
      students: [CHILDREN[account.id]!],
    };
    return { value: profile, fetchedAt: Date.now(), isStale: false, staleBecause: null };
  };
  return { profile: { load } } as unknown as RequestLoaders;
}

/** The merged student's id for a new family whose diaries answer after `delays`. */
async function mergedIdWhen(delays: Record<string, number>): Promise<string> {
  const store = createMemoryStore();
  await store.putUser(plainUser('usr_parent', 'Елена Иванова'));
  const provider: Record<string, ProviderKind> = { acc_mesh: 'MESH', acc_eljur: 'ELJUR' };
  // МЭШ linked first, Eljur a minute later.
  for (const [index, id] of ['acc_mesh', 'acc_eljur'].entries())
    await seedAccount(store, {
      id,
      userId: 'usr_parent',
      provider: provider[id]!,
      credentials: { token: 't' },
      linkedAt: index * 60_000,
    });
  const directory = new ViewerDirectory({
    userId: 'usr_parent',
    store,
    loaders: loadersAnsweringAfter(delays),
    idSecret: ID_SECRET,
    openAccount: async (record: ProviderAccountRecord) => ({
      id: record.id,
      provider: record.provider,
      credentials: {},
    }),
    now: () => Date.now(),
  });
  const { students } = await directory.listStudents();
  expect(students).toHaveLength(1);
  expect(students[0]!.childIds).toHaveLength(2);
  return students[0]!.id;
}

describe('a student merged from two diaries first seen together', () => {
  it('should be named after the child of the account linked first, whichever diary answered first', async () => {
    const meshFirst = await mergedIdWhen({ acc_mesh: 0, acc_eljur: 30 });
    const eljurFirst = await mergedIdWhen({ acc_mesh: 30, acc_eljur: 0 });
    expect(meshFirst).toBe(eljurFirst);
    expect(meshFirst).toBe(deriveStudentId(ID_SECRET, 'MESH', '1001'));
  });
});
