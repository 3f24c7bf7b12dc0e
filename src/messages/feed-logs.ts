/**
 * The change logs a viewer's feed follows: each child's, under the viewer's `Student.id` for it, and the mail
 * log of each account whose mail the viewer may read (`mail-sources.ts`: their own, or a parent's through
 * `MESSAGES` for every child on it), under the first of that account's students. A trusted person without
 * `MESSAGES` is never told of a parent's mail, in the feed, a subscription, a webhook or a push.
 */
import { mailLogId } from '../domain/changes.js';
import type { AdapterRegistry } from '../loaders/adapter-registry.js';
import type { ViewerDirectory } from '../students/directory.js';
import { mailSources } from './mail-sources.js';

/** Log id → the viewer's `Student.id` it is told under. */
export async function feedLogs(directory: ViewerDirectory, adapters: AdapterRegistry): Promise<Map<string, string>> {
  const { students } = await directory.listStudents();
  const logs = new Map<string, string>();
  for (const student of students) for (const childId of student.childIds) logs.set(childId, student.id);
  for (const source of await mailSources({ directory, adapters })) {
    const features = source.messaging?.features;
    const first = source.students[0];
    if (first && (features?.readMessages || features?.readNotices)) logs.set(mailLogId(source.account.id), first.id);
  }
  return logs;
}
