/** Every resolver of the schema, keyed by type. Types without an entry resolve by property name. */
import type { Resolvers } from '../resolvers.generated.js';
import { DateScalar, DateTimeScalar } from '../scalars.js';
import { Lesson } from './lesson.js';
import { Query, Viewer } from './query.js';
import { Student } from './student.js';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Viewer,
  Student,
  Lesson,
};
