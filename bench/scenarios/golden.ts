/**
 * Setup: learn the dashboard children's gateway ids, send the dashboard query once cold and once
 * warm, and keep the warm answer as the golden one — only after checking it carries the demo family's
 * data (the right names, as many lessons, homework items and grades as the family has).
 */
import {
  childrenByKey,
  dashboardDates,
  enrollmentsOf,
  dashboardQuery,
  dashboardVariables,
  expectedChild,
  goldenProblems,
  STUDENTS_QUERY,
  type ExpectedChild,
} from '../dashboard.js';
import { postGraphql, type GatewayUnderTest, type Harness } from '../harness.js';
import { benchAccounts } from '../providers.js';

/** The dashboard request and its golden answer. */
export interface Dashboard {
  /** The request body (JSON) every scenario sends. */
  body: string;
  ids: string[];
  golden: string;
  contentType: string;
  expected: Record<string, ExpectedChild>;
  /** The cold and the warm answer were byte-identical (they should be). */
  coldEqualsWarm: boolean;
}

interface StudentsAnswer {
  data?: {
    viewer?: { students?: { id: string; firstName: string; lastName: string; enrollments: { provider: string }[] }[] };
  };
}

async function studentIds(harness: Harness, gateway: GatewayUnderTest): Promise<string[]> {
  const answer = await postGraphql(gateway.url, gateway.probe, JSON.stringify({ query: STUDENTS_QUERY }));
  const students = (JSON.parse(answer.text) as StudentsAnswer).data?.viewer?.students ?? [];
  const ids = childrenByKey(harness.family, harness.childKeys).map((child) => {
    const found = students.find(
      (student) =>
        student.firstName === child.firstName &&
        student.lastName === child.lastName &&
        student.enrollments.some((each) => each.provider === child.provider),
    );
    if (!found)
      throw new Error(
        `the gateway does not list ${child.key} (${child.provider}); its answer was ${answer.text.slice(0, 400)}`,
      );
    return found.id;
  });
  return ids;
}

/** The demo children of every account the bench families link (their profiles list them). */
export function linkedChildKeys(harness: Pick<Harness, 'family' | 'providers'>): string[] {
  return benchAccounts(harness.family, harness.providers).flatMap((account) => account.childKeys);
}

/** Prepares the dashboard against a running gateway; throws if no trustworthy golden answer comes back. */
export async function prepareDashboard(harness: Harness, gateway: GatewayUnderTest): Promise<Dashboard> {
  const ids = await studentIds(harness, gateway);
  const dates = dashboardDates(harness.family.today);
  const body = JSON.stringify({ query: dashboardQuery(harness.childKeys), variables: dashboardVariables(ids, dates) });
  const expected: Record<string, ExpectedChild> = {};
  const linked = linkedChildKeys(harness);
  for (const child of childrenByKey(harness.family, harness.childKeys))
    expected[child.key] = expectedChild(child, dates, enrollmentsOf(harness.family, child, linked));

  const cold = await postGraphql(gateway.url, gateway.probe, body);
  const warm = await postGraphql(gateway.url, gateway.probe, body);
  const problems = [...(cold.status === 200 ? [] : [`HTTP ${cold.status}`]), ...goldenProblems(warm.text, expected)];
  if (problems.length > 0)
    throw new Error(`the dashboard answer cannot serve as the golden one:\n  ${problems.join('\n  ')}`);
  return {
    body,
    ids,
    golden: warm.text,
    contentType: warm.contentType,
    expected,
    coldEqualsWarm: cold.text === warm.text,
  };
}
