/**
 * The link flows in progress of the in-process stores (memory and file): a map in the store's state, in
 * memory only, bounded in all and per user. A signed-in parent can start as many flows as the rate limit
 * lets them, so without the per-user bound one family could push every other family's attempts out.
 *
 * Eviction needs no clock: the record that expires soonest goes first, so an expired record (its
 * `expiresAt` is behind every live one's) is always dropped before a live one.
 */
import type { GatewayStore, PendingLinkRecord } from './store.js';

/** How many link flows in progress the memory and file stores keep at most, by default. */
export const DEFAULT_MAX_PENDING_LINKS = 10_000;
/** How many link flows in progress one user may have at once, by default; starting another drops their oldest. */
export const DEFAULT_MAX_PENDING_LINKS_PER_USER = 20;

/** Bounds of {@link pendingLinkMethods}. */
export interface PendingLinkBounds {
  /** @default {@link DEFAULT_MAX_PENDING_LINKS} */
  maxPendingLinks?: number | undefined;
  /** @default {@link DEFAULT_MAX_PENDING_LINKS_PER_USER} */
  maxPendingLinksPerUser?: number | undefined;
}

/** The key of the record among `links` (those `keep` selects) that expires soonest, or `undefined`. */
function soonestToExpire(
  links: ReadonlyMap<string, PendingLinkRecord>,
  keep: (link: PendingLinkRecord) => boolean,
): string | undefined {
  let soonest: { key: string; expiresAt: number } | undefined;
  for (const [key, link] of links) {
    if (keep(link) && (soonest === undefined || link.expiresAt < soonest.expiresAt))
      soonest = { key, expiresAt: link.expiresAt };
  }
  return soonest?.key;
}

function countOf(links: ReadonlyMap<string, PendingLinkRecord>, userId: string): number {
  let count = 0;
  for (const link of links.values()) if (link.userId === userId) count += 1;
  return count;
}

/** The pending-link methods of a store whose link flows live in `links`. */
export function pendingLinkMethods(
  links: Map<string, PendingLinkRecord>,
  bounds: PendingLinkBounds = {},
): Pick<GatewayStore, 'putPendingLink' | 'takePendingLink'> {
  const max = Math.max(1, bounds.maxPendingLinks ?? DEFAULT_MAX_PENDING_LINKS);
  const perUser = Math.max(1, bounds.maxPendingLinksPerUser ?? DEFAULT_MAX_PENDING_LINKS_PER_USER);
  return {
    async putPendingLink(link) {
      links.delete(link.stateHash);
      const ofUser = (other: PendingLinkRecord) => other.userId === link.userId;
      for (let count = countOf(links, link.userId); count >= perUser; count -= 1)
        links.delete(soonestToExpire(links, ofUser)!);
      while (links.size >= max) links.delete(soonestToExpire(links, () => true)!);
      links.set(link.stateHash, structuredClone(link));
    },
    async takePendingLink(stateHash, at) {
      const link = links.get(stateHash);
      if (!link) return null;
      links.delete(stateHash);
      return link.expiresAt > at ? link : null;
    },
  };
}
