import { describe, expect, it } from 'vitest';
import {
  grantState,
  isGrantActive,
  isGrantOwner,
  isInvitationOpen,
  isParentView,
  requireParentView,
  trustedView,
} from '../../../src/access/access-rule.js';
import type { StudentRecord } from '../../../src/domain/model.js';
import { ForbiddenError } from '../../../src/errors/gateway-error.js';
import type { GrantRecord } from '../../../src/store/store.js';
import { thrown } from '../../support/thrown.js';

// The trusted-access rule that the directory, trusted persons, absence notices and resolvers share (issue 12).

const NOW = Date.parse('2026-11-23T09:00:00Z');

const grant = (status: GrantRecord['status'], expiresAt: number) => ({ status, expiresAt, ownerUserId: 'usr_parent' });
const student = (access: StudentRecord['access']): StudentRecord => ({
  id: 'stu_masha',
  enrollments: [],
  childIds: ['stu_masha', 'stu_masha_eljur'],
  access,
});

describe('grantState', () => {
  it.each([
    ['PENDING', NOW + 1, 'PENDING'],
    ['ACTIVE', NOW + 1, 'ACTIVE'],
    ['REVOKED', NOW + 1, 'REVOKED'],
    ['PENDING', NOW, 'EXPIRED'],
    ['ACTIVE', NOW, 'EXPIRED'],
    ['ACTIVE', NOW - 1, 'EXPIRED'],
    // A revocation stands after the end date: the parent's act is what the grant shows.
    ['REVOKED', NOW - 1, 'REVOKED'],
  ] as const)('should read a %s grant ending at %i as %s', (status, expiresAt, state) => {
    expect(grantState(grant(status, expiresAt), NOW)).toBe(state);
  });
});

describe('isGrantActive', () => {
  it.each([
    ['ACTIVE', NOW + 1, true],
    // Expiry is exclusive: at the end instant the grant no longer reads the child.
    ['ACTIVE', NOW, false],
    ['PENDING', NOW + 1, false],
    ['REVOKED', NOW + 1, false],
  ] as const)('should say a %s grant ending at %i is active: %s', (status, expiresAt, active) => {
    expect(isGrantActive(grant(status, expiresAt), NOW)).toBe(active);
  });
});

describe('isInvitationOpen', () => {
  it.each([
    ['PENDING', NOW + 1, true],
    ['PENDING', NOW, false],
    ['ACTIVE', NOW + 1, false],
    ['REVOKED', NOW + 1, false],
  ] as const)('should say a %s invitation ending at %i can be accepted: %s', (status, expiresAt, open) => {
    expect(isInvitationOpen(grant(status, expiresAt), NOW)).toBe(open);
  });
});

describe('isGrantOwner', () => {
  it('should name only the parent who made the grant', () => {
    expect(isGrantOwner(grant('ACTIVE', NOW + 1), 'usr_parent')).toBe(true);
    expect(isGrantOwner(grant('ACTIVE', NOW + 1), 'usr_grandma')).toBe(false);
  });
});

describe('the viewer’s role', () => {
  it('should let a parent act and keep a trusted person read-only', () => {
    expect(isParentView(student('PARENT'))).toBe(true);
    expect(isParentView(student('TRUSTED_READ_ONLY'))).toBe(false);
    expect(() => requireParentView(student('PARENT'), 'Only a parent may.')).not.toThrow();
    const refusal = thrown(() => requireParentView(student('TRUSTED_READ_ONLY'), 'Only a parent may.'));
    expect(refusal).toBeInstanceOf(ForbiddenError);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', message: 'Only a parent may.' });
  });

  it('should show a shared child read-only, as its owner sees it, without changing the owner’s copy', () => {
    const owners = student('PARENT');
    expect(trustedView(owners)).toEqual({ ...owners, access: 'TRUSTED_READ_ONLY' });
    expect(owners.access).toBe('PARENT');
  });
});
