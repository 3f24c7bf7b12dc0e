/**
 * The adapter boundary for personal data: every SNILS a diary sends is replaced by its keyed hash before
 * it reaches the cache, the store or a resolver. Adapters stay simple (they return what the diary said);
 * this wrapper is the one place where the number is turned into something safe to keep.
 */
import type { ProviderAdapter } from '../domain/adapter.js';
import type { ProviderAccountProfile } from '../domain/model.js';
import { hashSnilsIfValid } from './snils.js';

/** Wraps an adapter so that `fetchProfile` answers carry SNILS hashes (or `null`), never numbers. */
export function protectPersonalData(adapter: ProviderAdapter, personalDataSecret: string): ProviderAdapter {
  const hash = (snils: string | null) => hashSnilsIfValid(personalDataSecret, snils);
  // Object.create keeps every other method (own or inherited) exactly as the adapter has it.
  const protectedAdapter = Object.create(adapter) as ProviderAdapter;
  protectedAdapter.fetchProfile = async (account, scope): Promise<ProviderAccountProfile> => {
    const profile = await adapter.fetchProfile(account, scope);
    return {
      holder: { ...profile.holder, snils: hash(profile.holder.snils) },
      students: profile.students.map((student) => ({ ...student, snils: hash(student.snils) })),
    };
  };
  return protectedAdapter;
}
