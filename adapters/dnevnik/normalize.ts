/**
 * Pure functions from decoded Dnevnik.ru payloads (`payloads*.ts`) to the gateway's domain models. Each
 * takes what it cannot know by itself (the school's zone, the child's person id, today, the range) as an
 * argument, so every one is a table test away from being checked. Split by resource; this module is the
 * one entry point.
 */
export {
  compareIds,
  dateOf,
  DNEVNIK,
  dnevnikId,
  dnevnikSubject,
  fullName,
  preferTwin,
  reference,
  schoolTimeZone,
  textOrNull,
  UNNAMED_SUBJECT,
  wallClockOf,
} from './normalize-common.js';
export {
  buildDiaryIndex,
  isHomeworkWork,
  isOtherPerson,
  subjectIdOf,
  type DiaryIndex,
  type DiaryIndexSources,
} from './normalize-index.js';
export {
  dnevnikGrade,
  dnevnikGradeValue,
  isPassFailMark,
  normalizeMarks,
  readMarkNumber,
  UNKNOWN_SUBJECT,
} from './normalize-grades.js';
export {
  dnevnikHomework,
  fileAttachments,
  homeworkDone,
  normalizeHomework,
  UNTITLED_ATTACHMENT,
} from './normalize-homework.js';
export { bellTimes, lessonFlags, normalizeLessons, readHours } from './normalize-schedule.js';
export { buildAttendance, ILLNESS_REASON, logEntryAbsence } from './normalize-attendance.js';
export {
  averagesOfPerson,
  dnevnikPeriodId,
  finalGradesOf,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  parseAverage,
  periodTitle,
} from './normalize-periods.js';
export {
  childPersons,
  DNEVNIK_GROUP_ID,
  DNEVNIK_PERSON_ID,
  DNEVNIK_SCHOOL_ID,
  dnevnikStudent,
  groupIdOf,
  normalizeHolder,
  pickClassGroup,
  schoolIdOfGroup,
} from './normalize-profile.js';
