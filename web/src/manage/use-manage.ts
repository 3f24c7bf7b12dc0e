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

/** `client.request` for a document whose variables are a type parameter (its rest-tuple type cannot be spread then). */
type RequestWithVariables = <TData>(
  document: TypedDocumentNode<TData, never>,
  variables: object,
  options: { signal: AbortSignal },
) => Promise<{ data: TData }>;

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
};
/**
 * Loads `document` with `variables`, again when they change (compared as JSON), when `revision` changes or on
 * `reload`; `null` variables wait (nothing is asked, the state stays `loading`).
 */
export function useLoad<TData, TVariables extends object>(
  document: TypedDocumentNode<TData, TVariables>,
  revision: number,
  variables: TVariables | null,
): {
  state: LoadState<TData>;
  reload: () => void;
};
export function useLoad<TData>(
  document: TypedDocumentNode<TData, never>,
  revision: number,
  variables: object | null = {},
): {
  state: LoadState<TData>;
  reload: () => void;
} {
  const language = useLanguage();
  const [state, setState] = useState<LoadState<TData>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);
  const shownKey = useRef(key);

  useEffect(() => {
    // Other variables are another list: what was shown for the old ones goes (a reload keeps it).
    if (shownKey.current !== key) setState({ kind: 'loading' });
    shownKey.current = key;
    if (key === null) return;
    const controller = new AbortController();
    const client = clientFor(language);
    const request = client.request.bind(client) as unknown as RequestWithVariables;
    request(document, JSON.parse(key) as object, { signal: controller.signal }).then(
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
  }, [document, language, revision, generation, key]);

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
