/**
 * Rendered feeds kept by content, so an unchanged feed is written once per replica rather than on every fetch.
 *
 * Why: `ical-generator` folds every line character by character (a `TextEncoder` per character, to fold at 75
 * octets without splitting a UTF-8 sequence), about a microsecond per character on the event loop: a child with
 * two diaries makes a 90 KB feed, about 100 ms of folding. Calendar apps poll every few minutes to hours while
 * the content changes about once a day (the window moves at midnight) or when a diary changes something, so
 * nearly every fetch would render the same text again. Keyed by the feed's ETag (a hash of everything shown,
 * `DTSTAMP` aside), a kept body is exactly what a new render would be but for its older `DTSTAMP`, which says
 * when this content was made.
 */
import { LRUCache } from 'lru-cache';

/** The bodies of the feeds fetched lately, by ETag. */
export interface FeedBodies {
  /** The body of the feed whose ETag is `etag`: kept, or rendered now by `render` (and kept). */
  body(etag: string, render: () => string): string;
}

/** Default bound of the kept bodies: room for a few hundred families' feeds. */
export const DEFAULT_FEED_BODIES_MAX_BYTES = 32 * 1024 * 1024;

/** Creates the kept bodies of one gateway, at most `maxBytes` of text (counted as UTF-16, two bytes a unit). */
export function createFeedBodies(maxBytes: number = DEFAULT_FEED_BODIES_MAX_BYTES): FeedBodies {
  const bodies = new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (body) => Math.max(1, body.length * 2),
  });
  return {
    body(etag, render) {
      let body = bodies.get(etag);
      if (body === undefined) {
        body = render();
        // A body larger than the whole bound is served, never kept (lru-cache would refuse it anyway).
        if (body.length * 2 <= maxBytes) bodies.set(etag, body);
      }
      return body;
    },
  };
}
