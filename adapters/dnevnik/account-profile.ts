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
import type { UserContext } from './payloads.js';
import type { DnevnikReader } from './reader.js';

/** The profile; `defaultTimeZone` is given to a child whose school names no zone. */
export async function readProfile(reader: DnevnikReader, defaultTimeZone: string): Promise<ProviderAccountProfile> {
  const [user, context, relatives] = await Promise.all([reader.user(), reader.context(), reader.relatives()]);
  // The schools the context names are asked for at once, beside the children's groups, rather than each
  // after its child's class is known: a parent's context lists the children's schools (providers.md §1.3,
  // the simulator's `context`), so this is the same calls one wave sooner. A school it does not name (a
  // child's class listed nowhere in it) is still read once the class names it.
  const schools = new Map(contextSchoolIds(context).map((id) => [id, reader.school(id)]));
  // Settled here so that a failed school nobody's class names is not an unhandled rejection.
  for (const pending of schools.values()) pending.catch(() => undefined);
  const students = await Promise.all(
    childPersons(user, context, relatives).map(async (child) => {
      const classGroup = pickClassGroup(await reader.eduGroups(child.personId));
      const schoolId = schoolIdOfGroup(context, classGroup ? groupIdOf(classGroup) : null);
      const details = schoolId === null ? null : await (schools.get(schoolId) ?? reader.school(schoolId));
      const school = schoolId === null ? null : { id: schoolId, details };
      return dnevnikStudent(child, classGroup, school, context, defaultTimeZone);
    }),
  );
  return { holder: normalizeHolder(user), students };
}

/** Every school id the context names, once each (`schools[].id` and `schoolIds`). */
function contextSchoolIds(context: UserContext): string[] {
  return [...new Set([...(context.schools ?? []).map((school) => school.id), ...(context.schoolIds ?? [])])];
}
