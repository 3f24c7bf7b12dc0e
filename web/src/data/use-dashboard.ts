/**
 * Loads the dashboard (every child with today's and tomorrow's lessons, homework, grades of the year,
 * averages, attendance and freshness) and reloads it on demand. A diary that fails leaves its lists short
 * and says so in `errors` and in each child's `freshness`; only an answer with no data at all is an error
 * of the page.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DashboardDocument, type DashboardQuery, type DiaryGraphqlError } from '@diary-gateway/client';
import { dashboardRange, type DashboardRange } from '../dates.js';
import type { Language } from '../i18n.js';
import { clientFor } from './api.js';

/** Where the dashboard's loading stands. */
export type DashboardState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string; readonly code: string | null }
  | {
      readonly kind: 'ready';
      readonly data: DashboardQuery;
      readonly errors: readonly DiaryGraphqlError[];
      readonly range: DashboardRange;
      /** When this answer arrived (the phone's clock). */
      readonly receivedAt: Date;
    };

/** One dashboard request: when it started (its dates) and its answer. */
interface DashboardRequest {
  readonly language: Language;
  readonly range: DashboardRange;
  readonly answer: Promise<{ data: DashboardQuery; errors: readonly DiaryGraphqlError[] }>;
}

let prefetched: DashboardRequest | null = null;

/**
 * Starts loading the dashboard at once, beside the session check rather than after it: a signed-in parent
 * then waits for one round trip instead of two. The first {@link useDashboard} in the same language takes
 * this answer; for a visitor who is not signed in it is an `UNAUTHENTICATED` refusal nobody reads.
 */
export function prefetchDashboard(language: Language): void {
  prefetched = requestDashboard(language, new AbortController().signal);
  // Read later, or never (not signed in): not an unhandled rejection either way.
  prefetched.answer.catch(() => undefined);
}

function requestDashboard(language: Language, signal: AbortSignal): DashboardRequest {
  const range = dashboardRange(new Date());
  return { language, range, answer: clientFor(language).request(DashboardDocument, { ...range }, { signal }) };
}

/** The prefetched request when it fits `language`, taken once; else a new one. */
function takeRequest(language: Language, signal: AbortSignal): DashboardRequest {
  const ready = prefetched;
  prefetched = null;
  return ready?.language === language ? ready : requestDashboard(language, signal);
}

/** The dashboard's state, a `reload` (after a change the parent made, or on request), and whether one runs. */
export function useDashboard(language: Language): {
  state: DashboardState;
  reload: () => void;
  reloading: boolean;
} {
  const [state, setState] = useState<DashboardState>({ kind: 'loading' });
  const [reloading, setReloading] = useState(false);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const attempt = ++latest.current;
    const controller = new AbortController();
    const { range, answer } = takeRequest(language, controller.signal);
    setReloading(true);
    answer
      .then(
        ({ data, errors }) => {
          if (attempt !== latest.current) return;
          setState({ kind: 'ready', data, errors, range, receivedAt: new Date() });
        },
        (error: unknown) => {
          if (attempt !== latest.current || controller.signal.aborted) return;
          const code = (error as { code?: unknown }).code;
          setState((previous) =>
            // A failed reload keeps what is on the screen: never a blank page for a passing failure.
            previous.kind === 'ready'
              ? previous
              : {
                  kind: 'failed',
                  message: error instanceof Error ? error.message : String(error),
                  code: typeof code === 'string' ? code : null,
                },
          );
        },
      )
      .finally(() => {
        if (attempt === latest.current) setReloading(false);
      });
    return () => controller.abort();
  }, [language, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload, reloading };
}
