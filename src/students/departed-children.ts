/**
 * Forgetting the children who left a diary account (moved school, taken off the parent's account), so
 * their last good copy is not listed for good whenever the diary fails (issue 11).
 *
 * Only a complete read may say a child has left: a new read of the diary (not an old copy, nothing left
 * out because it drifted) that succeeded whole. An old copy or a partial read says nothing about who is
 * missing, and a failed read keeps every link (`readAccountChildren`). Grants and match decisions are kept:
 * a child who comes back gets the same derived id, and its old decisions and shares apply again.
 *
 * Ordering with requests that saw the child (all atomic in every store):
 * - a link is removed only while it is exactly as listed before the read (`removeStudentLink`): if a
 *   request that saw the child wrote it meanwhile, the removal yields and the next complete read decides;
 * - a link first seen after this read's diary answer was fetched is kept: a newer read recorded it (another
 *   replica, a relink), and an older answer cannot say that child left;
 * - a request that listed the link and finds it removed when it writes does not bring it back
 *   (`recordChild`); only a later read that finds no link records the child anew (same id, new first
 *   sighting). An old copy still records a child the store does not know (as before): one that lists a
 *   removed child can only be older than the removal, which the next complete read undoes.
 *
 * An empty list is treated as a possible glitch (a diary answering `[]` during an incident looks exactly
 * like an account left with no children): the links are only marked (`missingSince`, the answer's time)
 * and removed when another complete read, at least {@link EMPTY_LIST_CONFIRMATION_MS} later, is empty too.
 * Any new read that lists a child clears its mark. Meanwhile the account shows no children while its diary
 * answers (the listing comes from the read), and the marked ones from their last copy while it fails —
 * the price of never dropping a whole family's identities on one bad answer.
 */
import type { ProviderStudent } from '../domain/model.js';
import type { GatewayStore, StudentLinkRecord } from '../store/store.js';
import { sameLink } from '../store/student-link-change.js';

/** How long an empty list must last, between two complete reads, before it removes an account's links: an hour. */
export const EMPTY_LIST_CONFIRMATION_MS = 60 * 60_000;

/** A complete read of an account: the children it listed and when the diary answered (epoch ms). */
export interface CompleteRead {
  students: readonly ProviderStudent[];
  fetchedAt: number;
}

const childKey = (provider: string, externalId: string): string => `${provider}\u0000${externalId}`;

/**
 * Removes (or, after an empty list, marks) the links in `known` — the account's links as listed before
 * the read — of children `read` no longer lists; see the module comment for when and how.
 */
export async function forgetDepartedChildren(
  read: CompleteRead,
  known: readonly StudentLinkRecord[],
  store: GatewayStore,
): Promise<void> {
  const listed = new Set(read.students.map((student) => childKey(student.provider, student.externalId)));
  const departed = known.filter(
    (link) =>
      !listed.has(childKey(link.snapshot.provider, link.snapshot.externalId)) && link.firstSeenAt <= read.fetchedAt,
  );
  if (read.students.length > 0) {
    await Promise.all(departed.map((link) => store.removeStudentLink(link)));
    return;
  }
  await Promise.all(departed.map((link) => confirmEmptyList(link, read.fetchedAt, store)));
}

/** After an empty list: marks the link, or removes it when it was marked long enough before this read. */
async function confirmEmptyList(link: StudentLinkRecord, fetchedAt: number, store: GatewayStore): Promise<void> {
  if (link.missingSince === undefined) {
    const { accountId, snapshot } = link;
    // Like a removal, only while the link is as listed: a request that saw the child meanwhile wins.
    await store.updateStudentLink(accountId, snapshot.provider, snapshot.externalId, (current) =>
      current && sameLink(current, link) ? { ...current, missingSince: fetchedAt } : null,
    );
  } else if (fetchedAt - link.missingSince >= EMPTY_LIST_CONFIRMATION_MS) {
    await store.removeStudentLink(link);
  }
}
