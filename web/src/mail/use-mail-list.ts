/**
 * A merged mail list as the view holds it: the first page on mount (and when the folder or the child
 * changes: the panel is mounted anew), more on «Показать ещё» from the last page's cursor, an item changed
 * in place (a message opened is read), and the first page read again when the change feed tells of new mail
 * (`refresh`: merged into what is shown, the depth loaded kept, `refreshFirstPage`). A failed first page is
 * the list's failure; a failed next page keeps what is shown, with the failure beside the button; a failed
 * refresh keeps what is shown, said nowhere (the mail is still in the diary, and the next change or folder
 * reads it).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLanguage } from '../i18n.js';
import { failureText } from '../manage/manage-wording.js';
import { appendPage, firstPage, patchItem, refreshFirstPage, type ConnectionPage, type PagedList } from './paging.js';

/** Where a list stands. */
export type MailListState<T extends { readonly id: string }> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | {
      readonly kind: 'ready';
      readonly list: PagedList<T>;
      /** Whether the next page is being read. */
      readonly loadingMore: boolean;
      /** Why the last «Показать ещё» failed, in the page's language. */
      readonly moreProblem: string | null;
      /** How many items the last «Показать ещё» added (said to screen readers); `null` before one. */
      readonly added: number | null;
    };

/** Reads one page after `after` (`null`: the first). */
export type PageReader<T> = (after: string | null, signal: AbortSignal) => Promise<ConnectionPage<T>>;

/** The list of `read`'s pages (the latest `read` is used: it may change with the page's language). */
export function useMailList<T extends { readonly id: string }>(
  read: PageReader<T>,
): {
  state: MailListState<T>;
  more: () => void;
  reload: () => void;
  refresh: () => void;
  patch: (id: string, change: Partial<T>) => void;
} {
  const language = useLanguage();
  const [state, setState] = useState<MailListState<T>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reader = useRef(read);
  reader.current = read;
  const controller = useRef<AbortController | null>(null);
  // The refresh under way: a newer one (another change came) or a reload replaces it.
  const refreshing = useRef<AbortController | null>(null);

  useEffect(() => {
    const current = new AbortController();
    controller.current?.abort();
    refreshing.current?.abort();
    controller.current = current;
    setState({ kind: 'loading' });
    reader.current(null, current.signal).then(
      (page) => setState({ kind: 'ready', list: firstPage(page), loadingMore: false, moreProblem: null, added: null }),
      (error: unknown) => {
        if (!current.signal.aborted) setState({ kind: 'failed', message: failureText(error, language) });
      },
    );
    return () => {
      current.abort();
      refreshing.current?.abort();
    };
  }, [generation, language]);

  // What is shown, for «Показать ещё» to read without waiting for a render; and whether it runs (a second
  // press before the next render must not ask twice).
  const shown = useRef(state);
  shown.current = state;
  const busy = useRef(false);

  const more = useCallback(() => {
    const before = shown.current;
    if (busy.current || before.kind !== 'ready' || !before.list.hasNextPage) return;
    busy.current = true;
    const signal = controller.current?.signal ?? new AbortController().signal;
    setState({ ...before, loadingMore: true, moreProblem: null });
    reader
      .current(before.list.endCursor, signal)
      .then(
        (page) =>
          setState((now) => {
            if (now.kind !== 'ready') return now;
            const list = appendPage(now.list, page);
            const added = list.items.length - now.list.items.length;
            return { kind: 'ready', list, loadingMore: false, moreProblem: null, added };
          }),
        (error: unknown) => {
          if (signal.aborted) return;
          const problem = failureText(error, language);
          setState((now) => (now.kind === 'ready' ? { ...now, loadingMore: false, moreProblem: problem } : now));
        },
      )
      .finally(() => {
        busy.current = false;
      });
  }, [language]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const refresh = useCallback(() => {
    const now = shown.current;
    // A first page still on its way may have been read before the new mail: read it again.
    if (now.kind === 'loading') return reload();
    if (now.kind !== 'ready') return;
    refreshing.current?.abort();
    const current = new AbortController();
    refreshing.current = current;
    reader.current(null, current.signal).then(
      (page) => {
        if (current.signal.aborted) return;
        setState((latest) =>
          latest.kind === 'ready' ? { ...latest, list: refreshFirstPage(latest.list, page) } : latest,
        );
      },
      () => undefined,
    );
  }, [reload]);
  const patch = useCallback(
    (id: string, change: Partial<T>) =>
      setState((previous) =>
        previous.kind === 'ready' ? { ...previous, list: patchItem(previous.list, id, change) } : previous,
      ),
    [],
  );
  return { state, more, reload, refresh, patch };
}
