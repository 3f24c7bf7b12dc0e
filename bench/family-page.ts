/**
 * The family page's own dashboard request, as the page sends it, for the sizing scenario's demo family: the
 * registered `Dashboard` operation of `client/src/operations/dashboard.graphql` (the school year's grades, 30
 * days of attendance, a week of homework, today's and tomorrow's lessons, for every child), first by its
 * `documentId` and, when the gateway does not know that id (`PERSISTED_OPERATIONS=off`, the default), again
 * with its text and hash, which the gateway keeps (Apollo's automatic persisted queries: the `apq:` keys).
 * The bench cannot import the page or its client (eslint.layering.js), so it reads the operation from the
 * same manifest the gateway reads and repeats the page's date arithmetic (`web/src/dates.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from '../src/domain/dates.js';
import { postGraphql, type PostedAnswer } from './harness.js';

/** A registered operation: its id (`sha256:<hex>`) and its exact text. */
export interface RegisteredOperation {
  documentId: string;
  text: string;
}

/**
 * The manifest of registered operations, where the gateway's `PERSISTED_OPERATIONS_FILE` default finds it
 * (relative to the working directory, which `npm run bench` sets to the repository).
 */
export const PERSISTED_DOCUMENTS = join('client', 'src', 'generated', 'persisted-documents.json');

/**
 * Finds the operation named `name` (its text declares `query <name>(` or `query <name> {`) in a manifest's
 * entries. Throws when none or more than one does: the bench must send exactly what the page sends.
 */
export function findOperation(manifest: Readonly<Record<string, string>>, name: string): RegisteredOperation {
  const declares = new RegExp(`\\bquery ${name}\\s*[({]`);
  const found = Object.entries(manifest).filter(([, text]) => declares.test(text));
  if (found.length !== 1)
    throw new Error(`expected one registered operation "${name}" in the manifest, found ${found.length}`);
  const [documentId, text] = found[0]!;
  return { documentId, text };
}

/** The family page's `Dashboard` operation, read from the manifest. */
export function familyPageDashboard(manifestFile: string = PERSISTED_DOCUMENTS): RegisteredOperation {
  return findOperation(JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>, 'Dashboard');
}

/** The dashboard's variables, as `web/src/dates.ts` `dashboardRange` computes them from one `today`. */
export interface FamilyPageRange {
  today: string;
  tomorrow: string;
  homeworkUntil: string;
  gradesSince: string;
  attendanceSince: string;
}

/** 1 September of the school year `today` is in (a school year runs September to August). */
export function schoolYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return `${month >= 9 ? year : year - 1}-09-01`;
}

/** The page's dates around `today` (`YYYY-MM-DD`). */
export function familyPageRange(today: string): FamilyPageRange {
  return {
    today,
    tomorrow: addDays(today, 1),
    homeworkUntil: addDays(today, 7),
    gradesSince: schoolYearStart(today),
    attendanceSince: addDays(today, -30),
  };
}

/** Whether an answer is Apollo's "send the text too" (`PERSISTED_QUERY_NOT_FOUND`, no data). */
export function asksForText(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return parsed.data === undefined && parsed.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND';
  } catch {
    return false;
  }
}

/**
 * Sends the dashboard as the page's client does (`client/src/client.ts`, `persisted: true`): by id, then, if
 * the gateway asks for it, with the text and its hash. Resolves with the answer that counts.
 */
export async function postFamilyPageDashboard(
  url: string,
  token: string,
  operation: RegisteredOperation,
  range: FamilyPageRange,
): Promise<PostedAnswer> {
  const payload = { variables: range, operationName: 'Dashboard' };
  const byId = await postGraphql(url, token, JSON.stringify({ ...payload, documentId: operation.documentId }));
  if (!asksForText(byId.text)) return byId;
  const sha256Hash = operation.documentId.replace(/^sha256:/, '');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };
  const withText = await postGraphql(url, token, JSON.stringify({ ...payload, query: operation.text, extensions }));
  return { ...withText, ms: byId.ms + withText.ms };
}
