/**
 * Pure functions from decoded МЭШ payloads (`payloads.ts`) to the gateway's domain models. Each takes
 * what it cannot know by itself (the school's time zone, today, the range) as an argument, so every one
 * is a table test away from being checked. Split by resource; this module is the one entry point.
 */
export {
  MESH,
  meshId,
  meshPeriodId,
  meshSubject,
  numericMeshId,
  readInstant,
  requireDate,
  textOrNull,
} from './normalize-common.js';
export {
  isPassFailMark,
  meshFinalGradeValue,
  meshGrade,
  meshGradeValue,
  normalizeMarks,
  readMarkNumber,
  type MeshMarkValueFields,
} from './normalize-grades.js';
export {
  homeworkFromEvent,
  normalizeAttachments,
  normalizeHomeworks,
  UNTITLED_ATTACHMENT,
} from './normalize-homework.js';
export { lessonAbsence, MESH_ABSENCE_REASONS, normalizeEvents } from './normalize-schedule.js';
export { buildAttendance, noticedAbsence, withNotices } from './normalize-attendance.js';
export {
  meshNonSchoolDayKind,
  meshTrend,
  normalizeNonSchoolDays,
  normalizePeriods,
  normalizeSubjectAverages,
  normalizeSubjects,
  parseMeshDecimal,
} from './normalize-periods.js';
export { MESH_PERSON_GUID, MESH_STUDENT_ID, normalizeFamilyProfile, pickProfileId } from './normalize-profile.js';
export { normalizeNotice, normalizeNoticeDetails } from './normalize-notices.js';
export { MAX_SIGNATURE_WEEKS, mondayOf, normalizeWeekSignatures, weeksOf } from './normalize-signatures.js';
