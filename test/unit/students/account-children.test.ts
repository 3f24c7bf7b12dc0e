/**
 * What the store keeps of a child across reads of its diary: a read that lacks a SNILS hash, a birth date
 * or a name part never blanks the known one (issue 11 §2), a read with a new value is a real change and
 * is kept, and an old copy served because the diary failed changes nothing. Over the real in-memory store,
 * through the functions the gateway calls.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import type { ProviderAccountProfile, ProviderStudent, SchemaDrift } from '../../../src/domain/model.js';
import { ProviderUnavailableError, type GatewayError } from '../../../src/errors/gateway-error.js';
import type { RequestLoaders, Served } from '../../../src/loaders/request-loaders.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { GatewayStore } from '../../../src/store/store.js';
import { readAccountChildren, rememberChildren } from '../../../src/students/account-children.js';
import { plainUser, seedAccount } from '../../support/accounts.js';

const ACCOUNT: ProviderAccount = { id: 'acc_eljur', provider: 'ELJUR', credentials: {} };
const deps = (store: GatewayStore) => ({ store, idSecret: 'test-id-secret', now: () => 1_000 });

/** Мария as her art school's diary shows her when every call answered. */
const MARIA: ProviderStudent = {
  provider: 'ELJUR',
  externalId: '5501',
  providerIds: { studentId: '5501' },
  firstName: 'Мария',
  lastName: 'Иванова',
  middleName: 'Олеговна',
  birthDate: '2013-04-22',
  snils: 'snils-hash-maria',
  school: { id: 'eljur:school:1', name: 'ДШИ № 7', provider: 'ELJUR' },
  className: '4-Ж',
  timeZone: 'Europe/Samara',
};

/**
 * Loaders whose profile load serves `profile` — a new read, or with `staleBecause` an old copy served
 * because the diary failed — answered by the diary at `fetchedAt` (after the children were first seen, by
 * default), or fails with `error`; nothing else is called.
 */
function loadersServing(
  outcome:
    | { profile: ProviderAccountProfile; staleBecause?: GatewayError; drift?: SchemaDrift[]; fetchedAt?: number }
    | { error: Error },
): RequestLoaders {
  const load = async (): Promise<Served<ProviderAccountProfile> & { drift: SchemaDrift[] }> => {
    if ('error' in outcome) throw outcome.error;
    const staleBecause = outcome.staleBecause ?? null;
    return {
      value: outcome.profile,
      fetchedAt: outcome.fetchedAt ?? 2_000,
      isStale: staleBecause !== null,
      staleBecause,
      drift: outcome.drift ?? [],
    };
  };
  return { profile: { load } } as unknown as RequestLoaders;
}

const profileOf = (...students: ProviderStudent[]): ProviderAccountProfile => ({
  holder: { firstName: 'Елена', lastName: 'Иванова', middleName: null, birthDate: null, snils: null },
  students,
});

/** A memory store holding the parent and the linked account (links are kept only for an existing account). */
async function freshStore(): Promise<GatewayStore> {
  const store = createMemoryStore();
  await store.putUser(plainUser('usr_parent', 'Елена Иванова'));
  await seedAccount(store, {
    id: ACCOUNT.id,
    userId: 'usr_parent',
    provider: 'ELJUR',
    credentials: { login: 'parent', password: 'secret' },
  });
  return store;
}

async function storedMaria(store: GatewayStore) {
  const [link] = await store.listStudentLinks(ACCOUNT.id);
  return link!;
}

describe('a read without what the store knows of a child', () => {
  it.each([
    ['no SNILS', { snils: null }],
    ['no birth date', { birthDate: null }],
    ['no patronymic', { middleName: null }],
    ['a blank first and last name', { firstName: ' ', lastName: '' }],
    ['nothing that identifies her', { snils: null, birthDate: null, middleName: null, firstName: '', lastName: '' }],
  ] as const)('should keep the stored identity and serve it, after a read with %s', async (_case, missing) => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    expect(before.snilsHash).toBe('snils-hash-maria');

    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf({ ...MARIA, ...missing }) }),
    });

    expect(await storedMaria(store)).toEqual(before);
    expect(listed.failure).toBeNull();
    expect(listed.children).toEqual([
      { childId: before.studentId, firstSeenAt: 1_000, enrollment: { accountId: ACCOUNT.id, student: MARIA } },
    ]);
  });

  it('should keep it through rememberChildren (a relink) too', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    await rememberChildren(ACCOUNT.id, [{ ...MARIA, snils: null, birthDate: null }], deps(store));
    expect(await storedMaria(store)).toEqual(before);
  });
});

describe('a read with new values', () => {
  it('should store a real change of SNILS, birth date, name, school and class, under the same id', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    const changed: ProviderStudent = {
      ...MARIA,
      snils: 'snils-hash-corrected',
      birthDate: '2013-04-23',
      lastName: 'Петрова',
      school: { id: 'eljur:school:2', name: 'Лицей № 2', provider: 'ELJUR' },
      className: '5-А',
    };
    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf(changed) }),
    });
    expect(await storedMaria(store)).toEqual({
      ...before,
      snapshot: { ...changed, snils: null },
      snilsHash: 'snils-hash-corrected',
    });
    expect(listed.children.map((child) => [child.childId, child.enrollment.student])).toEqual([
      [before.studentId, changed],
    ]);
  });

  it('should record a child seen for the first time as read, without inventing anything', async () => {
    const store = await freshStore();
    const bare = { ...MARIA, snils: null, birthDate: null, middleName: null };
    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf(bare) }),
    });
    expect((await storedMaria(store)).snilsHash).toBeNull();
    expect(listed.children.map((child) => child.enrollment.student)).toEqual([bare]);
  });
});

describe('an old copy served because the diary failed, or a partial one', () => {
  it('should neither write the store nor override what it knows, even where the copy differs', async () => {
    const store = await freshStore();
    // What an earlier read stored; the cache still holds the copy read before it, with another SNILS.
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    const older: ProviderStudent = {
      ...MARIA,
      snils: 'snils-hash-before-the-correction',
      birthDate: null,
      className: '3-Ж',
    };
    const error = new ProviderUnavailableError('ELJUR', 'getprofileuserinfo: HTTP 503');

    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf(older), staleBecause: error }),
    });

    expect(await storedMaria(store)).toEqual(before);
    expect(listed.failure).toEqual({ error, staleDataServed: true });
    // The copy's own details are served as they were cached; what identifies her is what the store knows.
    expect(listed.children.map((child) => child.enrollment.student)).toEqual([{ ...MARIA, className: '3-Ж' }]);
  });

  it('should treat a profile built with drifted parts left out like an old copy: partial, never written over what is known', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    const drift: SchemaDrift = {
      provider: 'ELJUR',
      route: 'getprofileuserinfo',
      schemaPath: 'profileUserInfo.snils',
      dropped: 1,
    };
    // Without her card: no SNILS, and the account's first school instead of hers.
    const firstSchool = { id: 'eljur:school:0', name: 'Школа № 132', provider: 'ELJUR' as const };
    const partial = { ...MARIA, snils: null, school: firstSchool };
    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf(partial), drift: [drift] }),
    });
    expect(await storedMaria(store)).toEqual(before);
    expect(listed.children.map((child) => child.enrollment.student)).toEqual([{ ...MARIA, school: firstSchool }]);
  });

  it('should still record a child the store never saw, so its id is kept from then on', async () => {
    const store = await freshStore();
    const error = new ProviderUnavailableError('ELJUR', 'getrules: HTTP 503');
    const listed = await readAccountChildren(ACCOUNT, {
      ...deps(store),
      loaders: loadersServing({ profile: profileOf(MARIA), staleBecause: error }),
    });
    expect(await store.listStudentLinks(ACCOUNT.id)).toEqual([
      expect.objectContaining({ studentId: listed.children[0]!.childId, snilsHash: MARIA.snils }),
    ]);
  });
});

describe('a failed read', () => {
  it('should list the known children from the store, with their SNILS hash, and report the failure', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA], deps(store));
    const before = await storedMaria(store);
    const error = new ProviderUnavailableError('ELJUR', 'getprofileuserinfo: HTTP 503');
    const listed = await readAccountChildren(ACCOUNT, { ...deps(store), loaders: loadersServing({ error }) });
    expect(await storedMaria(store)).toEqual(before);
    expect(listed).toEqual({
      children: [
        { childId: before.studentId, firstSeenAt: 1_000, enrollment: { accountId: ACCOUNT.id, student: MARIA } },
      ],
      failure: { error, staleDataServed: true },
    });
  });
});

/** Лев, Мария's brother in the same art school account. */
const LEV: ProviderStudent = {
  ...MARIA,
  externalId: '5502',
  providerIds: { studentId: '5502' },
  firstName: 'Лев',
  middleName: 'Олегович',
  birthDate: '2015-09-01',
  snils: 'snils-hash-lev',
  className: '2-Ж',
};

describe('a child the diary account no longer lists', () => {
  const names = async (store: GatewayStore) =>
    (await store.listStudentLinks(ACCOUNT.id)).map((link) => link.snapshot.firstName);
  const read = (store: GatewayStore, outcome: Parameters<typeof loadersServing>[0]) =>
    readAccountChildren(ACCOUNT, { ...deps(store), loaders: loadersServing(outcome) });
  const outage = { error: new ProviderUnavailableError('ELJUR', 'getrules: HTTP 503') };

  it('should be forgotten after a complete read, and no longer listed from the store when the diary fails', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    const listed = await read(store, { profile: profileOf(MARIA) });
    expect(listed.children.map((child) => child.enrollment.student.firstName)).toEqual(['Мария']);
    expect(await names(store)).toEqual(['Мария']);
    const failed = await read(store, outage);
    expect(failed.children.map((child) => child.enrollment.student.firstName)).toEqual(['Мария']);
  });

  it('should stay after an old copy, a partial (drifted) read or a failed read', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    const drift: SchemaDrift = { provider: 'ELJUR', route: 'getrules', schemaPath: 'students{}', dropped: 1 };
    await read(store, { profile: profileOf(MARIA), staleBecause: outage.error });
    await read(store, { profile: profileOf(MARIA), drift: [drift] });
    await read(store, outage);
    expect(await names(store)).toEqual(['Мария', 'Лев']);
    const failed = await read(store, outage);
    expect(failed.children.map((child) => child.enrollment.student.firstName)).toEqual(['Мария', 'Лев']);
  });

  it('should stay when a read newer than the diary’s answer recorded it (another replica, a relink)', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    // Recorded at 1 000; this answer is from 900, before he was first seen.
    await read(store, { profile: profileOf(MARIA), fetchedAt: 900 });
    expect(await names(store)).toEqual(['Мария', 'Лев']);
  });

  it('should come back under the same id when a later read lists the child again', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    const [, lev] = await store.listStudentLinks(ACCOUNT.id);
    await read(store, { profile: profileOf(MARIA) });
    const back = await read(store, { profile: profileOf(MARIA, LEV) });
    expect(back.children.map((child) => child.childId)).toContain(lev!.studentId);
    expect((await store.listStudentLinks(ACCOUNT.id)).map((link) => link.studentId)).toContain(lev!.studentId);
  });
});

describe('an empty list from a complete read', () => {
  const HOUR = 3_600_000;
  const empty = (fetchedAt: number) => ({ profile: profileOf(), fetchedAt });
  const read = (store: GatewayStore, outcome: Parameters<typeof loadersServing>[0]) =>
    readAccountChildren(ACCOUNT, { ...deps(store), loaders: loadersServing(outcome) });

  it('should only mark the links at first, keeping them listed while the diary fails', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    const listed = await read(store, empty(2_000));
    expect(listed.children).toEqual([]);
    expect((await store.listStudentLinks(ACCOUNT.id)).map((link) => link.missingSince)).toEqual([2_000, 2_000]);
    const failed = await read(store, { error: new ProviderUnavailableError('ELJUR', 'getrules: HTTP 503') });
    expect(failed.children).toHaveLength(2);
  });

  it('should remove them when a complete read an hour or more later is empty too, and not sooner', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    await read(store, empty(2_000));
    // The same cached answer again, then another one within the hour: still a possible glitch.
    await read(store, empty(2_000));
    await read(store, empty(2_000 + HOUR - 1));
    expect(await store.listStudentLinks(ACCOUNT.id)).toHaveLength(2);
    await read(store, empty(2_000 + HOUR));
    expect(await store.listStudentLinks(ACCOUNT.id)).toEqual([]);
  });

  it('should clear the mark of a child a new read lists again, and forget the other one at once', async () => {
    const store = await freshStore();
    await rememberChildren(ACCOUNT.id, [MARIA, LEV], deps(store));
    await read(store, empty(2_000));
    await read(store, { profile: profileOf(MARIA), fetchedAt: 3_000 });
    const [maria, ...others] = await store.listStudentLinks(ACCOUNT.id);
    expect(others).toEqual([]);
    expect(maria!.snapshot.firstName).toBe('Мария');
    expect(maria!.missingSince).toBeUndefined();
    await read(store, empty(4_000 + HOUR));
    expect(await store.listStudentLinks(ACCOUNT.id)).toHaveLength(1);
  });
});
