/**
 * A child's subject averages from Dnevnik.ru: the class's reporting periods (the core), each started
 * period's averages "as of" a day, the final marks and the subjects' names (which only add to them).
 */
import type { UpstreamScope } from '../../src/domain/adapter.js';
import type { ProviderStudent, ProviderSubjectAverage } from '../../src/domain/model.js';
import { unlessUnreadable } from '../../src/upstream/tolerant-decode.js';
import { classIdsOf } from './child-reads.js';
import { dateOf, DNEVNIK, normalizeSubjectAverages, preferTwin, subjectIdOf } from './normalize.js';
import type { ReportingPeriod } from './payloads-diary.js';
import type { DnevnikReader } from './reader.js';

/** The averages of every started period and the final marks; `today` is the child's school-local date. */
export async function readSubjectAverages(
  reader: DnevnikReader,
  student: ProviderStudent,
  scope: UpstreamScope,
  today: string,
): Promise<ProviderSubjectAverage[]> {
  const ids = classIdsOf(student);
  const { group } = ids;
  // The periods are the core; final marks, subject names and each period's averages only add to them.
  // The averages need only the periods, so they are asked as soon as the periods are known, while the
  // final marks and the subjects are still on their way (no route needs another's answer but the periods).
  const finalMarksRead = unlessUnreadable(
    { provider: DNEVNIK, route: 'allFinalMarks' },
    scope,
    () => reader.finalMarks(ids.person, group),
    {},
  );
  const subjectsRead = unlessUnreadable(
    { provider: DNEVNIK, route: 'groupSubjects' },
    scope,
    () => reader.groupSubjects(group),
    [],
  );
  // Awaited below in any case; settled here so that their failure while the periods fail is not unhandled.
  for (const pending of [finalMarksRead, subjectsRead]) pending.catch(() => undefined);
  const periods = await reader.reportingPeriods(group);
  const started = startedPeriods(periods, today);
  const [answers, finalMarks, classSubjects] = await Promise.all([
    Promise.all(
      started.map((period) =>
        unlessUnreadable(
          { provider: DNEVNIK, route: 'averageMarks' },
          scope,
          () => reader.averageMarks(group, period.id, period.asOf),
          [],
        ),
      ),
    ),
    finalMarksRead,
    subjectsRead,
  ]);
  const subjectNames = new Map(
    [...(finalMarks.subjects ?? []), ...classSubjects].map((subject) => [subjectIdOf(subject), subject.name]),
  );
  return normalizeSubjectAverages({
    groupId: group,
    personId: ids.person,
    periods,
    averagesByPeriod: new Map(started.map((period, position) => [period.id, answers[position] ?? []])),
    finalMarks,
    subjectNames,
  });
}

/** Averages "as of" a date: today for the current period, the last day for ended ones; none for future ones. */
function startedPeriods(periods: readonly ReportingPeriod[], today: string): { id: string; asOf: string }[] {
  return periods.flatMap((period) => {
    const start = dateOf(period.start);
    const end = dateOf(period.finish);
    return start !== null && end !== null && start <= today
      ? [{ id: preferTwin(period.id_str, period.id), asOf: end < today ? end : today }]
      : [];
  });
}
