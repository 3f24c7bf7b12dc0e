/**
 * Live updates while the page is open: follows the change feed (its code is loaded lazily, after the first
 * paint: `live-feed.ts` and the `graphql-ws` client), has the page reload what a change touches, and tells
 * the family what changed in a polite live region (`role="status"`), which a screen reader reads out
 * without moving the focus, with «Скрыть» to dismiss it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DashboardStudent } from '../data/types.js';
import { useText, type Language } from '../i18n.js';
import type { ChangeAnnouncement } from './change-words.js';
import type { LiveFeed } from './live-feed.js';
import './live.css';

const TEXT = {
  ru: { dismiss: 'Скрыть' },
  en: { dismiss: 'Dismiss' },
};

/** Follows the feed while mounted (signed in); `onChanged` gets each batch's kinds and reloads what they touch. */
export function LiveUpdates(props: {
  language: Language;
  students: readonly DashboardStudent[] | null;
  onChanged: (kinds: readonly string[]) => void;
}) {
  const text = useText(TEXT);
  const [announcement, setAnnouncement] = useState<ChangeAnnouncement | null>(null);
  // What the follower reads when a change comes: the latest, without starting it again on each render.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let feed: LiveFeed | null = null;
    let unmounted = false;
    void import('./live-feed.js').then(
      ({ startLiveFeed }) => {
        if (unmounted) return;
        feed = startLiveFeed({
          language: () => latest.current.language,
          names: () => new Map((latest.current.students ?? []).map((student) => [student.id, student.firstName])),
          onChanges: (next, kinds) => {
            latest.current.onChanged(kinds);
            setAnnouncement(next);
          },
        });
      },
      // The chunk did not load (offline, a new build replaced it): the page works as before, without live updates.
      () => undefined,
    );
    return () => {
      unmounted = true;
      feed?.stop();
    };
  }, []);

  return (
    <div class={announcement ? 'live live--shown' : 'live'}>
      <div class="live__text" role="status" aria-live="polite" aria-atomic="true">
        {announcement ? (
          <>
            <p class="live__summary">{announcement.summary}</p>
            {announcement.lines.length > 1 ? (
              <ul class="live__lines">
                {announcement.lines.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ul>
            ) : null}
            {announcement.moreLine ? <p class="live__more">{announcement.moreLine}</p> : null}
          </>
        ) : null}
      </div>
      {announcement ? (
        <button type="button" class="button button--quiet live__dismiss" onClick={() => setAnnouncement(null)}>
          {text.dismiss}
        </button>
      ) : null}
    </div>
  );
}
