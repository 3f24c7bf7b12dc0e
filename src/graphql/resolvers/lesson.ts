/** `Lesson`: its absence becomes an `AttendanceRecord` pointing back at the lesson. */
import type { LessonResolvers } from '../resolvers.generated.js';

export const Lesson: LessonResolvers = {
  absence: (lesson) =>
    lesson.absence
      ? {
          date: lesson.date,
          lesson,
          kind: lesson.absence.kind,
          reason: lesson.absence.reason,
          provider: lesson.provider,
        }
      : null,
};
