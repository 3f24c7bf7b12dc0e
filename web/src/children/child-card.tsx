/**
 * One child's card: name, class, school, diaries and access, then the sub-sections in a fixed order —
 * lessons, homework, recent grades, the progress section (another module's), attendance, and (a chunk loaded
 * after the first paint: notes/) teachers' remarks and the week's signature. Each sub-section opens and closes
 * (closed on a phone to start with, open on a wide screen).
 */
import { useId } from 'preact/hooks';
import type { DashboardRange } from '../dates.js';
import type { DashboardStudent } from '../data/types.js';
import { useLanguage, useText } from '../i18n.js';
import { useLazy } from '../lazy.js';
import { ProgressSection } from '../progress/progress-section.js';
import { providerName } from '../providers.js';
import { Attendance, useAttendanceHint } from './attendance.js';
import { Disclosure } from './disclosure.js';
import { RecentGrades, useGradesHint } from './grades.js';
import { HomeworkList, useHomeworkHint } from './homework.js';
import { Lessons, useLessonsHint } from './lessons.js';
import { accessText } from './words.js';

const TEXT = {
  ru: {
    lessons: 'Уроки',
    homework: 'Домашние задания',
    grades: 'Оценки',
    attendance: 'Посещаемость',
    diaries: 'Дневники',
    also: 'Также',
  },
  en: {
    lessons: 'Lessons',
    homework: 'Homework',
    grades: 'Grades',
    attendance: 'Attendance',
    diaries: 'Diaries',
    also: 'Also',
  },
};

const loadNotes = () => import('../notes/card-notes.js');

/**
 * The card of one child. `openParts`: whether the sub-sections start open; `revision`: changes when the
 * dashboard was loaded again, so the remarks and signatures are too.
 */
export function ChildCard(props: {
  student: DashboardStudent;
  range: DashboardRange;
  openParts: boolean;
  revision: number;
}) {
  const text = useText(TEXT);
  const { student, range } = props;
  const manyDiaries = new Set(student.enrollments.map((enrollment) => enrollment.provider)).size > 1;
  // With several diaries, a lesson or mark from a diary other than the first (the music school's) says so.
  const primaryProvider = manyDiaries ? (student.enrollments[0]?.provider ?? null) : null;
  const headingId = useId();
  return (
    <section class="card child" aria-labelledby={headingId}>
      <ChildHeader student={student} headingId={headingId} />
      <div class="child__parts">
        <Disclosure title={text.lessons} hint={useLessonsHint(student.schedule, range)} defaultOpen={props.openParts}>
          <Lessons schedule={student.schedule} range={range} primaryProvider={primaryProvider} />
        </Disclosure>
        <Disclosure title={text.homework} hint={useHomeworkHint(student.homework, range)} defaultOpen={props.openParts}>
          <HomeworkList homework={student.homework} range={range} />
        </Disclosure>
        <Disclosure title={text.grades} hint={useGradesHint(student.grades, range.today)} defaultOpen={props.openParts}>
          <RecentGrades grades={student.grades} today={range.today} primaryProvider={primaryProvider} />
        </Disclosure>
        <div class="child__progress">
          <ProgressSection student={student} range={range} />
        </div>
        <Disclosure title={text.attendance} hint={useAttendanceHint(student.attendance)} defaultOpen={props.openParts}>
          <Attendance records={student.attendance} />
        </Disclosure>
        <LazyNotes student={student} today={range.today} revision={props.revision} openParts={props.openParts} />
      </div>
    </section>
  );
}

/** The remarks and the week's signature, once their chunk is in (nothing before, or when it cannot load). */
function LazyNotes(props: { student: DashboardStudent; today: string; revision: number; openParts: boolean }) {
  const part = useLazy(loadNotes);
  return part.kind === 'ready' ? <part.module.CardNotes {...props} /> : null;
}

function ChildHeader(props: { student: DashboardStudent; headingId: string }) {
  const text = useText(TEXT);
  const language = useLanguage();
  const { student } = props;
  const diaries = [...new Set(student.enrollments.map((enrollment) => providerName(enrollment.provider, language)))];
  const access = accessText(student.access, language);
  // A second school (a music school in another diary) is named, so its lessons and marks make sense.
  const otherSchools = student.enrollments.filter(
    (enrollment) => enrollment.school && enrollment.school.name !== student.school?.name,
  );
  return (
    <header class="child__head">
      <h2 id={props.headingId} class="child__name">
        {student.fullName}
      </h2>
      <p class="child__meta">{[student.className, student.school?.name].filter(Boolean).join(' · ')}</p>
      <div class="child__badges">
        <ul class="badges" aria-label={text.diaries}>
          {diaries.map((name) => (
            <li key={name} class="badge">
              {name}
            </li>
          ))}
        </ul>
        {access ? <span class="badge badge--access">{access}</span> : null}
      </div>
      {otherSchools.length > 0 ? (
        <p class="child__also">
          {text.also}:{' '}
          {otherSchools
            .map((enrollment) =>
              [enrollment.school?.name, enrollment.className, providerName(enrollment.provider, language)]
                .filter(Boolean)
                .join(', '),
            )
            .join('; ')}
        </p>
      ) : null}
    </header>
  );
}
