/**
 * Gateway student ids: opaque, stable across restarts and replicas, and revealing nothing. Derived with
 * an HMAC of the diary and the diary's own child id, so every replica computes the same id without
 * coordination, and nobody without the key can map an id back to a diary id.
 */
import { createHmac } from 'node:crypto';
import type { ProviderKind } from '../domain/model.js';

/**
 * Derives the id a diary child gets when first seen (`stu_` + 22 base64url characters). `tenant` is given
 * for a child of a tenant other than its platform's primary one: МЭШ child 123 in Moscow and child 123 in
 * the Moscow region are two children. Without it the input is what it was before tenants existed, so
 * children of the primary tenants keep their ids.
 */
export function deriveStudentId(secret: string, provider: ProviderKind, externalId: string, tenant?: string): string {
  const input = `student\u0000${provider}\u0000${externalId}${tenant === undefined ? '' : `\u0000${tenant}`}`;
  const digest = createHmac('sha256', secret).update(input).digest('base64url');
  return `stu_${digest.slice(0, 22)}`;
}

/**
 * Derives the id of an enrollment: one diary child as one linked account shows it (`enr_` + 22 base64url
 * characters). The account is part of it because two accounts of the same diary (two parents' Eljur logins)
 * may show the same child, and a client must tell their periods apart. The `enrollment` label keeps these
 * digests apart from the student ids made with the same key.
 */
export function deriveEnrollmentId(
  secret: string,
  accountId: string,
  provider: ProviderKind,
  externalId: string,
): string {
  const digest = createHmac('sha256', secret)
    .update(`enrollment\u0000${accountId}\u0000${provider}\u0000${externalId}`)
    .digest('base64url');
  return `enr_${digest.slice(0, 22)}`;
}
