/**
 * A Dnevnik.ru account's profile: the holder (`users/me`) and each child the context and the relatives
 * name, with the child's class (from their edu-groups) and school.
 */
import type { ProviderAccountProfile } from '../../src/domain/model.js';
import {
  childPersons,
  dnevnikStudent,
  groupIdOf,
  normalizeHolder,
  pickClassGroup,
  schoolIdOfGroup,
} from './normalize.js';
import type { DnevnikReader } from './reader.js';

/** The profile; `defaultTimeZone` is given to a child whose school names no zone. */
export async function readProfile(reader: DnevnikReader, defaultTimeZone: string): Promise<ProviderAccountProfile> {
  const [user, context, relatives] = await Promise.all([reader.user(), reader.context(), reader.relatives()]);
  const students = await Promise.all(
    childPersons(user, context, relatives).map(async (child) => {
      const classGroup = pickClassGroup(await reader.eduGroups(child.personId));
      const schoolId = schoolIdOfGroup(context, classGroup ? groupIdOf(classGroup) : null);
      const school = schoolId === null ? null : { id: schoolId, details: await reader.school(schoolId) };
      return dnevnikStudent(child, classGroup, school, context, defaultTimeZone);
    }),
  );
  return { holder: normalizeHolder(user), students };
}
