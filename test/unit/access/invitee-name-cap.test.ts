/**
 * Issue 10, finding 6: an invitee's full name is kept in the grant and shown back with every listing, so
 * the rule that stores it caps it itself (200 characters), whatever called it, not only the GraphQL edge.
 */
import { describe, expect, it } from 'vitest';
import {
  inviteTrustedPerson,
  MAX_FULL_NAME_LENGTH,
  type TrustedPersonDeps,
} from '../../../src/access/trusted-persons.js';
import type { StudentRecord } from '../../../src/domain/model.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const STUDENT: StudentRecord = { id: 'stu_masha', enrollments: [], childIds: ['stu_masha'], access: 'PARENT' };

function setup() {
  const store = createMemoryStore();
  const deps: TrustedPersonDeps = {
    store,
    personalDataSecret: 'personal-data-secret-for-tests-0123456789',
    now: () => Date.parse('2026-11-23T09:00:00Z'),
  };
  return { store, deps };
}

/** A full name of exactly `length` characters. */
const nameOf = (length: number) => `Иванова Галина ${'П'.repeat(length - 'Иванова Галина '.length)}`;

describe('the stored invitee name', () => {
  it('should keep a name of exactly the cap, unchanged', async () => {
    const { deps, store } = setup();
    const { grant } = await inviteTrustedPerson(
      'usr_parent',
      STUDENT,
      { fullName: nameOf(MAX_FULL_NAME_LENGTH) },
      null,
      deps,
    );
    expect(await store.getGrant(grant.id)).toMatchObject({
      invitee: { kind: 'FULL_NAME', fullName: nameOf(MAX_FULL_NAME_LENGTH) },
    });
  });

  it.each([
    ['one character past the cap', nameOf(MAX_FULL_NAME_LENGTH + 1)],
    ['"Иванова" + 120,000 spaces + "Галина Петровна"', `Иванова${' '.repeat(120_000)}Галина Петровна`],
  ])('should refuse %s with BAD_USER_INPUT on fullName and store nothing', async (_what, fullName) => {
    const { deps, store } = setup();
    const refused = inviteTrustedPerson('usr_parent', STUDENT, { fullName }, null, deps);
    await expect(refused).rejects.toThrow(BadUserInputError);
    await expect(refused).rejects.toMatchObject({
      argument: 'fullName',
      message: `fullName may be at most 200 characters; this one has ${fullName.length}.`,
    });
    expect(await store.listGrantsByOwner('usr_parent')).toEqual([]);
  });
});
