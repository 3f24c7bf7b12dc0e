/**
 * МЭШ family profile → the account holder and their children as `ProviderStudent`s, and the parent's
 * profile id from `profile_info`.
 */
import { readDate } from '../../src/domain/dates.js';
import type { ProviderAccountProfile, ProviderStudent } from '../../src/domain/model.js';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import type { FamilyProfile } from './payloads.js';
import { MESH, meshId, textOrNull } from './normalize-common.js';

type Child = FamilyProfile['children'][number];

/** Keys of `ProviderStudent.providerIds` for МЭШ. */
export const MESH_STUDENT_ID = 'studentId';
/** Person GUID (`contingent_guid`): the event calendar's `person_ids`. */
export const MESH_PERSON_GUID = 'personGuid';

/**
 * The profile id to send as `Profile-Id`: the parent profile when the token has one (a parent may also
 * hold, say, a teacher profile), else the first profile.
 */
export function pickProfileId(profiles: readonly { id: string | number; type: string }[]): string {
  const chosen = profiles.find((profile) => profile.type.trim().toLowerCase() === 'parent') ?? profiles[0];
  if (!chosen) throw new ProviderBadResponseError(MESH, 'profile_info: the token holds no profile');
  return String(chosen.id);
}

function childToStudent(child: Child, timeZone: string): ProviderStudent {
  const providerIds: Record<string, string> = { [MESH_STUDENT_ID]: String(child.id) };
  const personGuid = textOrNull(child.contingent_guid);
  if (personGuid !== null) providerIds[MESH_PERSON_GUID] = personGuid;
  return {
    provider: MESH,
    externalId: String(child.id),
    providerIds,
    firstName: child.first_name,
    lastName: child.last_name,
    middleName: textOrNull(child.middle_name),
    birthDate: readDate(child.birth_date),
    snils: textOrNull(child.snils),
    school: child.school ? { id: meshId(child.school.id), name: child.school.name, provider: MESH } : null,
    className: textOrNull(child.class_name),
    timeZone,
  };
}

/** Normalises the family profile. Every child gets `timeZone`: МЭШ is one region's diary. */
export function normalizeFamilyProfile(profile: FamilyProfile, timeZone: string): ProviderAccountProfile {
  return {
    holder: {
      firstName: profile.profile.first_name,
      lastName: profile.profile.last_name,
      middleName: textOrNull(profile.profile.middle_name),
      birthDate: readDate(profile.profile.birth_date),
      // Kept as МЭШ sent it (bare digits in the profiles seen); only matching reads it, never a response.
      snils: textOrNull(profile.profile.snils),
    },
    students: profile.children.map((child) => childToStudent(child, timeZone)),
  };
}
