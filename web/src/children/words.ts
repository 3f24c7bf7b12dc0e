/**
 * The schema's enums in the family's words, in both languages. A value this page does not know (a newer
 * gateway added it) is shown as sent rather than hidden.
 */
import type { AttendanceKind, StudentAccess } from '@diary-gateway/client';
import { codeText, type CodeWords } from '../format.js';
import type { Language } from '../i18n.js';

const ATTENDANCE: CodeWords<AttendanceKind> = {
  EXCUSED_ABSENCE: { ru: 'пропуск по уважительной причине', en: 'excused absence' },
  UNEXCUSED_ABSENCE: { ru: 'пропуск без уважительной причины', en: 'unexcused absence' },
  ABSENCE: { ru: 'пропуск', en: 'absence' },
  TARDY: { ru: 'опоздание', en: 'late arrival' },
};

/** What happened (an attendance event), as a parent says it: «пропуск по уважительной причине». */
export function attendanceKindText(kind: string, language: Language): string {
  return codeText(ATTENDANCE, kind, language);
}

const ATTENDANCE_COUNTED: CodeWords<Exclude<AttendanceKind, 'TARDY'>> = {
  EXCUSED_ABSENCE: { ru: 'по уважительной причине', en: 'excused' },
  UNEXCUSED_ABSENCE: { ru: 'без уважительной причины', en: 'unexcused' },
  ABSENCE: { ru: 'без отметки о причине', en: 'not marked either way' },
};

/** The label of an absence kind in the counts («по уважительной причине: 6»); the kind itself is implied. */
export function absenceCountLabel(kind: string, language: Language): string {
  return codeText(ATTENDANCE_COUNTED, kind, language);
}

/**
 * A lesson's absence: «пропуск: болезнь», «опоздание». A noun, not «отсутствовал(а)»: the page does not
 * know the child's gender, and a guessed ending would be wrong for some children.
 */
export function absenceText(
  absence: { readonly kind: string; readonly reason: string | null },
  language: Language,
): string {
  const what = attendanceKindText(absence.kind, language);
  const reason = absence.reason?.trim();
  return reason ? `${what}: ${reason}` : what;
}

const ACCESS: CodeWords<Exclude<StudentAccess, 'PARENT'>> = {
  TRUSTED_READ_ONLY: { ru: 'только просмотр', en: 'view only' },
};

/** The access badge of a child: none for the parent's own child, «только просмотр» for a shared one. */
export function accessText(access: string, language: Language): string | null {
  if (access === 'PARENT') return null;
  return codeText(ACCESS, access, language);
}
