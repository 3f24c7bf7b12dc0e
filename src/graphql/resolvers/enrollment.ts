/** `Enrollment`: one diary child as one linked account shows it. */
import { deriveEnrollmentId } from '../../students/student-ids.js';
import type { EnrollmentResolvers } from '../resolvers.generated.js';

export const Enrollment: EnrollmentResolvers = {
  // Derived, not stored: every replica computes the same id from what it already knows, and the key
  // hides which account and which diary child it stands for.
  id: ({ accountId, student }, _args, context) =>
    deriveEnrollmentId(context.services.idSecret, accountId, student.provider, student.externalId),
  provider: ({ student }) => student.provider,
  school: ({ student }) => student.school,
  className: ({ student }) => student.className,
};
