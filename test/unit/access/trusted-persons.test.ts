import { describe, expect, it } from 'vitest';
import { grantState } from '../../../src/access/access-rule.js';
import {
  acceptInvitation,
  inviteTrustedPerson,
  revokeGrant,
  type TrustedPersonDeps,
} from '../../../src/access/trusted-persons.js';
import type { StudentRecord } from '../../../src/domain/model.js';
import { hashPhone, normalizePhone } from '../../../src/identity/phone.js';
import { hashSnils } from '../../../src/identity/snils.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { UserRecord } from '../../../src/store/store.js';

const SECRET = 'personal-data-secret-for-tests-0123456789';
const NOW = Date.parse('2026-11-23T09:00:00Z');
const DAY = 86_400_000;

const student = (access: StudentRecord['access'] = 'PARENT'): StudentRecord => ({
  id: 'stu_masha',
  enrollments: [],
  childIds: ['stu_masha'],
  access,
});

function grandma(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 'usr_grandma',
    displayName: 'Галина Петровна Иванова',
    login: null,
    person: {
      lastName: 'Иванова',
      firstName: 'Галина',
      middleName: 'Петровна',
      birthDate: '1958-06-01',
      snilsHash: hashSnils(SECRET, '11223344595'),
    },
    phoneHash: hashPhone(SECRET, normalizePhone('+7 916 555-01-23')!),
    children: [],
    ...overrides,
  };
}

function setup(now = NOW) {
  const store = createMemoryStore();
  let clock = now;
  const deps: TrustedPersonDeps = { store, personalDataSecret: SECRET, now: () => clock };
  return { store, deps, advance: (ms: number) => (clock += ms) };
}

describe('inviting', () => {
  it.each([
    [{ snils: '112-233-445 95' }, 'SNILS'],
    [{ phone: '8 (916) 555 01 23' }, 'PHONE'],
    [{ fullName: '  Иванова   Галина Петровна ' }, 'FULL_NAME'],
  ] as const)('names the invitee by %o and keeps no SNILS or phone in clear', async (invitee, kind) => {
    const { deps, store } = setup();
    const { grant, code } = await inviteTrustedPerson('usr_parent', student(), invitee, null, deps);
    expect(grant.invitee.kind).toBe(kind);
    expect(grant.status).toBe('PENDING');
    expect(grant.expiresAt).toBe(NOW + 90 * DAY);
    expect(code.length).toBeGreaterThanOrEqual(24);
    const stored = JSON.stringify(await store.getGrant(grant.id));
    expect(stored).not.toContain('11223344595');
    expect(stored).not.toContain('112-233-445');
    expect(stored).not.toContain('9165550123');
    expect(stored).not.toContain(code);
  });

  it.each([
    [{}, 'input'],
    [{ snils: '112-233-445 95', phone: '+79165550123' }, 'input'],
    [{ snils: '112-233-445 96' }, 'snils'],
    [{ phone: '12345' }, 'phone'],
    [{ fullName: 'Галина' }, 'fullName'],
  ])('refuses %o with BAD_USER_INPUT on %s', async (invitee, argument) => {
    const { deps } = setup();
    await expect(inviteTrustedPerson('usr_parent', student(), invitee, null, deps)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      argument,
    });
  });

  it('says which SNILS rule failed without repeating the number', async () => {
    const { deps } = setup();
    const error = (await inviteTrustedPerson('usr_parent', student(), { snils: '112-233-445 96' }, null, deps).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).toMatch(/check number/);
    expect(error.message).not.toMatch(/112|445|96/);
  });

  it('refuses a trusted person inviting further, and end dates in the past or over a year ahead', async () => {
    const { deps } = setup();
    await expect(
      inviteTrustedPerson('usr_x', student('TRUSTED_READ_ONLY'), { fullName: 'Иванова Галина' }, null, deps),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      inviteTrustedPerson('usr_parent', student(), { fullName: 'Иванова Галина' }, NOW - 1, deps),
    ).rejects.toMatchObject({ argument: 'expiresAt' });
    await expect(
      inviteTrustedPerson('usr_parent', student(), { fullName: 'Иванова Галина' }, NOW + 367 * DAY, deps),
    ).rejects.toMatchObject({ argument: 'expiresAt' });
  });
});

describe('accepting', () => {
  it.each([
    [{ snils: '11223344595' }],
    [{ phone: '+7 916 555-01-23' }],
    [{ fullName: 'Галина Иванова' }],
    [{ fullName: 'ИВАНОВА ГАЛИНА ПЕТРОВНА' }],
  ])('accepts when the signed-in person is the one named by %o', async (invitee) => {
    const { deps } = setup();
    const { code } = await inviteTrustedPerson('usr_parent', student(), invitee, null, deps);
    const grant = await acceptInvitation(grandma(), code, deps);
    expect(grant).toMatchObject({ status: 'ACTIVE', granteeUserId: 'usr_grandma', acceptedAt: NOW });
  });

  it.each([[{ snils: '123-456-789 64' }], [{ phone: '+7 916 555-01-24' }], [{ fullName: 'Иванова Гелена Петровна' }]])(
    'refuses with FORBIDDEN when the invitation names someone else (%o)',
    async (invitee) => {
      const { deps, store } = setup();
      const { grant, code } = await inviteTrustedPerson('usr_parent', student(), invitee, null, deps);
      await expect(acceptInvitation(grandma(), code, deps)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await store.getGrant(grant.id))!.status).toBe('PENDING');
    },
  );

  it('accepts a code once; unknown, used, revoked and expired codes get one and the same answer', async () => {
    const { deps, advance } = setup();
    const used = await inviteTrustedPerson('usr_parent', student(), { fullName: 'Иванова Галина' }, null, deps);
    await acceptInvitation(grandma(), used.code, deps);
    const revoked = await inviteTrustedPerson('usr_parent', student(), { fullName: 'Иванова Галина' }, null, deps);
    await revokeGrant('usr_parent', revoked.grant.id, deps);
    const expiring = await inviteTrustedPerson(
      'usr_parent',
      student(),
      { fullName: 'Иванова Галина' },
      NOW + DAY,
      deps,
    );
    advance(DAY);
    const answers = await Promise.all(
      ['no-such-code', used.code, revoked.code, expiring.code].map((code) =>
        acceptInvitation(grandma(), code, deps).catch((e: Error) => e.message),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/not valid/);
  });

  it('does not let the parent accept their own invitation', async () => {
    const { deps } = setup();
    const { code } = await inviteTrustedPerson('usr_grandma', student(), { fullName: 'Иванова Галина' }, null, deps);
    await expect(acceptInvitation(grandma(), code, deps)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('revoking and expiry', () => {
  it('revokes only the owner’s grant, answering a stranger like an unknown id', async () => {
    const { deps } = setup();
    const { grant } = await inviteTrustedPerson('usr_parent', student(), { fullName: 'Иванова Галина' }, null, deps);
    const stranger = await revokeGrant('usr_other', grant.id, deps).catch((e: Error) => e.message);
    const unknown = await revokeGrant('usr_other', 'grant_nope', deps).catch((e: Error) => e.message);
    expect(stranger).toBe(unknown);
    expect(await revokeGrant('usr_parent', grant.id, deps)).toMatchObject({ status: 'REVOKED', revokedAt: NOW });
  });

  it('reads EXPIRED off the end date', async () => {
    const { deps } = setup();
    const { grant } = await inviteTrustedPerson(
      'usr_parent',
      student(),
      { fullName: 'Иванова Галина' },
      NOW + DAY,
      deps,
    );
    expect(grantState(grant, NOW)).toBe('PENDING');
    expect(grantState(grant, NOW + DAY)).toBe('EXPIRED');
    expect(grantState({ ...grant, status: 'REVOKED' }, NOW + 2 * DAY)).toBe('REVOKED');
  });
});
