/**
 * The family mobile routes other than marks: who the token holder is (`profile_info`, `profile`), the
 * homework, the announced days off (`periods_schedules`) and the parent's absence notices (`attendance`).
 */
import { createHash } from 'node:crypto';
import type { SeedAbsenceNotice, SeedAccount, SeedChild, SeedFamily, SeedPerson } from '../../simulation/seed.js';
import type {
  AttendanceWire,
  ChildWire,
  FamilyProfileWire,
  HomeworksWire,
  PeriodsSchedulesWire,
  ProfileInfoWire,
} from './wire.js';
import type { Caller } from '../../simulation/gates.js';
import { classLevelOf, classUnitIdOf, contractIdOf, groupIdOf, homeworkEntryStudentIdOf, userIdOf } from './ids.js';

/** `GET acl/api/users/profile_info`: the token holder's profiles. */
export function renderProfileInfo(account: SeedAccount): ProfileInfoWire {
  return [{ id: account.profileId, type: 'parent' }];
}

/** Russian patronymics say the sex: `…вна`/`…чна` female, `…ич` male. */
function sexOf(person: SeedPerson): 'female' | 'male' | null {
  const middleName = person.middleName ?? '';
  if (/на$/.test(middleName)) return 'female';
  if (/ич$/.test(middleName)) return 'male';
  return null;
}

/** МЭШ profiles carry SNILS as bare digits; a person without one gets `null`. */
function snilsDigits(person: SeedPerson): string | null {
  return (person.snils ?? '').replace(/\D/g, '') || null;
}

/** Pupils enter first grade on 1 September, `grade − 1` years before the current school year. */
function enrollmentDate(child: SeedChild): string | null {
  const yearStart = child.periods[0]?.start;
  const level = classLevelOf(child);
  if (!yearStart || level === null) return null;
  return `${Number(yearStart.slice(0, 4)) - (level - 1)}-09-01`;
}

function childPayload(child: SeedChild): ChildWire {
  return {
    id: child.studentId,
    user_id: userIdOf(child.studentId),
    first_name: child.firstName,
    last_name: child.lastName,
    middle_name: child.middleName,
    // A diary that does not know the birth date sends none (the demo marks such enrollments).
    birth_date: child.hideBirthDate ? null : child.birthDate,
    sex: sexOf(child),
    snils: snilsDigits(child),
    phone: null,
    email: null,
    contract_id: contractIdOf(child),
    contingent_guid: child.personGuid,
    class_name: child.className,
    class_level_id: classLevelOf(child),
    class_unit_id: classUnitIdOf(child),
    school: {
      id: child.school.id,
      name: child.school.name,
      short_name: child.school.name.replace(/^ГБОУ\s+/, ''),
      county: null,
      principal: null,
      phone: null,
      global_school_id: null,
    },
    groups: child.subjects.map((subject) => ({
      id: groupIdOf(child, subject.id),
      name: `${child.className} ${subject.name}`,
      subject_id: subject.id,
      is_fake: false,
    })),
    sections: [],
    representatives: [],
    enrollment_date: enrollmentDate(child),
    sudir_account_exists: false,
    sudir_login: null,
    is_legal_representative: true,
  };
}

/** `GET family/mobile/v1/profile`: the parent and the children the account shows. */
export function renderFamilyProfile(family: SeedFamily, caller: Caller): FamilyProfileWire {
  const { parent } = family;
  const children = caller.children.map(childPayload);
  return {
    profile: {
      id: caller.account.profileId,
      user_id: userIdOf(caller.account.profileId),
      type: 'parent',
      first_name: parent.firstName,
      last_name: parent.lastName,
      middle_name: parent.middleName,
      birth_date: parent.birthDate,
      sex: sexOf(parent),
      phone: null,
      email: null,
      snils: snilsDigits(parent),
    },
    children,
    // The app uses the hash to notice profile changes; any stable digest of the content will do.
    hash: createHash('sha256').update(JSON.stringify(children)).digest('hex').slice(0, 32),
  };
}

/** `GET family/mobile/v1/homeworks`: homework due within `from…to`, by due date. */
export function renderHomeworks(child: SeedChild, from: string, to: string): HomeworksWire {
  const due = child.homework.filter((entry) => entry.dueOn >= from && entry.dueOn <= to);
  due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id);
  return {
    payload: due.map((entry) => {
      const lesson = child.lessons.find((candidate) => candidate.id === entry.lessonId);
      return {
        description: entry.text,
        comments: [],
        homework_entry_student_id: homeworkEntryStudentIdOf(entry),
        homework_entry_id: entry.id,
        attachments: entry.attachments.map((attachment) => ({ title: attachment.title, link: attachment.url })),
        additional_materials: [],
        subject_id: entry.subjectId,
        subject_name: child.subjects.find((subject) => subject.id === entry.subjectId)?.name ?? '',
        date: entry.dueOn,
        date_assigned_on: entry.assignedOn,
        lesson_date_time: lesson ? `${lesson.date}T${lesson.start}:00` : null,
        is_done: entry.isDone,
        has_teacher_answer: false,
      };
    }),
  };
}

/** `GET family/mobile/v1/periods_schedules`: announced days without lessons within `from…to`. */
export function renderPeriodsSchedules(child: SeedChild, from: string, to: string): PeriodsSchedulesWire {
  return child.nonSchoolDays
    .filter((day) => day.date >= from && day.date <= to)
    .map((day) => ({
      date: day.date,
      type: day.kind,
      title: day.title,
      description: day.kind === 'holiday' ? 'Праздничный день' : 'Каникулы',
      events: [],
    }));
}

/**
 * `GET family/mobile/v1/attendance`: the parent's absence notices for the school year — the demo
 * family's, as changed by notices sent and withdrawn through the simulator (`notices`).
 */
export function renderAttendance(
  child: SeedChild,
  caller: Caller,
  notices: readonly SeedAbsenceNotice[],
): AttendanceWire {
  const firstYear = Number(child.periods[0]?.start.slice(0, 4));
  return {
    days_count: notices.length,
    year_description: Number.isNaN(firstYear) ? null : `${firstYear}/${firstYear + 1} учебный год`,
    attendance: notices.map((notice) => ({
      date: notice.date,
      summary: `Отсутствие: ${notice.reason}`,
      notified: true,
      lessons: [],
      description: notice.reason,
      reason_id: notice.reasonId,
      is_system: false,
      parent_profile_id: caller.account.profileId,
    })),
  };
}
