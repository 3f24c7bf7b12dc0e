/**
 * Pure functions from decoded Eljur payloads (`payloads.ts`) to the gateway's domain models. Each takes
 * what it cannot know by itself (the child's id, the school's zone, today, the range) as an argument,
 * so every one is a table test away from being checked. Split by resource; this module is the one entry point.
 */
export {
  dayKeyToIso,
  ELJUR,
  eljurId,
  eljurSubject,
  entriesOf,
  isTruthyFlag,
  readEljurDate,
  readEljurDateTime,
  readLessonTime,
  readNumber,
  requireEljurDate,
  studentPart,
  subjectKey,
  textOrNull,
  valuesOf,
} from './normalize-common.js';
export {
  classifyMark,
  createMarkIds,
  ELJUR_ATTENDANCE_CODES,
  eljurGrade,
  eljurGradeValue,
  normalizeGrades,
  parseEljurAverage,
  readMarkList,
  readMarks,
  type AttendanceMark,
  type MarkKind,
  type SubjectMarksReading,
} from './normalize-grades.js';
export {
  compareLessons,
  eljurNonSchoolDayKind,
  normalizeDiaryLessons,
  normalizeNonSchoolDays,
} from './normalize-schedule.js';
export { buildAttendance } from './normalize-attendance.js';
export { attachmentOf, homeworkFrom, normalizeHomework, UNTITLED_ATTACHMENT } from './normalize-homework.js';
export {
  eljurPeriodId,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  readFinalMarks,
  readPeriods,
  type EljurPeriod,
  type FinalMarks,
  type PeriodMarks,
} from './normalize-periods.js';
export {
  ELJUR_STUDENT_ID,
  normalizeRules,
  readPersonName,
  readProfileSchoolName,
  readProfileSnils,
  schoolNameKey,
  schoolOfChild,
} from './normalize-profile.js';
export { messagePerson, normalizeMessage, normalizeMessagePage, type MessageReading } from './normalize-messages.js';
export { normalizeNotice, normalizeNoticePage } from './normalize-notices.js';
export {
  addressBook,
  NO_NAME,
  normalizeRecipientGroups,
  personId,
  personName,
  roleOfGroup,
} from './normalize-recipients.js';
