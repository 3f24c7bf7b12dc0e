/**
 * The settings view's two ways of talking to the gateway: a list it loads (and reloads after a change),
 * and an action the parent starts (disabled while it runs, its failure kept for the form that started it).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TypedDocumentNode } from '@diary-gateway/client';
import { clientFor } from '../data/api.js';
import { useLanguage } from '../i18n.js';
import { failureText } from './manage-wording.js';

/** Where a list's loading stands; a failed reload keeps the list shown before, with the failure beside it. */
export type LoadState<TData> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ready'; readonly data: TData; readonly problem: string | null };

/** A query without variables. */
type PlainQuery<TData> = TypedDocumentNode<TData, { [key: string]: never }>;

/**
 * Loads `document`, again whenever `revision` changes (a change made anywhere in the view) or on `reload`.
 * Answers in the page's language.
 */
export function useLoad<TData>(
  document: PlainQuery<TData>,
  revision: number,
): {
  state: LoadState<TData>;
  reload: () => void;
} {
  const language = useLanguage();
  const [state, setState] = useState<LoadState<TData>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    clientFor(language)
      .request(document, {}, { signal: controller.signal })
      .then(
        ({ data }) => setState({ kind: 'ready', data, problem: null }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = failureText(error, language);
          setState((previous) =>
            previous.kind === 'ready' ? { ...previous, problem: message } : { kind: 'failed', message },
          );
        },
      );
    return () => controller.abort();
  }, [document, language, revision, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}

/** One action's state: whether it runs, and why it failed last. */
export interface Action {
  readonly running: boolean;
  readonly error: string | null;
  /**
   * Runs `task` unless one is running; a failure is kept in `error` (in the page's language).
   * @returns whether it succeeded.
   */
  run(task: () => Promise<unknown>): Promise<boolean>;
  /** Forgets the last failure (the parent changed the form, or cancelled). */
  clear(): void;
}

/** An action the parent starts: one at a time, its failure kept beside the form that started it. */
export function useAction(): Action {
  const language = useLanguage();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The state above lags one render: a double click must not start the task twice.
  const busy = useRef(false);

  const run = useCallback(
    async (task: () => Promise<unknown>) => {
      if (busy.current) return false;
      busy.current = true;
      setRunning(true);
      setError(null);
      try {
        await task();
        return true;
      } catch (failure) {
        setError(failureText(failure, language));
        return false;
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [language],
  );
  const clear = useCallback(() => setError(null), []);
  return { running, error, run, clear };
}
