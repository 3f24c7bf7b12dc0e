/**
 * A parent's absence notice → the body МЭШ takes (`POST family/mobile/v1/attendance`), and the days a
 * range covers. Pure functions: the adapter sends what they build.
 */
import type { AbsenceNoticeRequest } from '../../src/domain/adapter.js';
import { addDays, isIsoDate } from '../../src/domain/dates.js';
import type { DateRange } from '../../src/domain/model.js';
import { BadUserInputError } from '../../src/errors/gateway-error.js';
import { MESH_ABSENCE_REASON_IDS, MESH_ABSENCE_REASON_NAMES } from './endpoints.js';
import { numericMeshId } from './normalize-common.js';
import type { AttendanceNoticeRequest } from './payloads.js';

/**
 * Every day of an inclusive range, weekends included: the notice says the child will be away, and which
 * of those days are school days is the school's business (some МЭШ schools teach on Saturdays).
 *
 * @throws {BadUserInputError} when a bound is not a `YYYY-MM-DD` date or `from` is after `to`.
 */
export function daysOf(range: DateRange): string[] {
  if (!isIsoDate(range.from)) throw new BadUserInputError('`from` must be a date written YYYY-MM-DD.', 'from');
  if (!isIsoDate(range.to)) throw new BadUserInputError('`to` must be a date written YYYY-MM-DD.', 'to');
  if (range.from > range.to) throw new BadUserInputError('`to` must not be before `from`.', 'to');
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The body of `POST family/mobile/v1/attendance`: one notification per day of the range, each with the
 * reason's МЭШ id and, as `description`, the parent's comment or else the reason's Russian name.
 *
 * @example
 * buildAttendanceNotices('2100000', { range: { from: '2026-11-24', to: '2026-11-25' }, reason: 'ILLNESS', comment: null });
 * // { student_id: 2100000, notifications: [
 * //   { date: '2026-11-24', reason_id: 6, description: 'болезнь' },
 * //   { date: '2026-11-25', reason_id: 6, description: 'болезнь' } ] }
 */
export function buildAttendanceNotices(studentId: string, notice: AbsenceNoticeRequest): AttendanceNoticeRequest {
  const days = daysOf(notice.range);
  const description = notice.comment?.trim() || MESH_ABSENCE_REASON_NAMES[notice.reason];
  const reasonId = MESH_ABSENCE_REASON_IDS[notice.reason];
  return {
    student_id: numericMeshId(
      studentId,
      'profile: the child’s student_id is not a number, so no absence notice can name it',
    ),
    notifications: days.map((date) => ({ date, reason_id: reasonId, description })),
  };
}
