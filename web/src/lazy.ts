/**
 * Parts of the page loaded after the first paint (`import()`, a chunk of their own): the settings, the mail
 * and each card's remarks and signature. A part's loader is called once for the page's life, whoever asks
 * first; every component that asks for it renders again once it is in. A chunk that could not be loaded
 * (offline, a new build replaced it) is said as `failed`, so the page can say so rather than stay blank.
 */
import { useEffect, useState } from 'preact/hooks';

/** Where a lazy part stands: loading, its module, or `failed`. */
export type LazyState<T> =
  { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly module: T } | { readonly kind: 'failed' };

const loads = new Map<() => Promise<unknown>, Promise<unknown>>();
const ready = new Map<() => Promise<unknown>, unknown>();

/** The module `load` brings, loading it on first use; `load` must be a module-level constant (its identity is the key). */
export function useLazy<T>(load: () => Promise<T>): LazyState<T> {
  const [state, setState] = useState<LazyState<T>>(() =>
    ready.has(load) ? { kind: 'ready', module: ready.get(load) as T } : { kind: 'loading' },
  );
  useEffect(() => {
    if (state.kind === 'ready') return;
    let current = true;
    let loading = loads.get(load) as Promise<T> | undefined;
    if (!loading) {
      loading = load().then((module) => {
        ready.set(load, module);
        return module;
      });
      // A failed load may be asked again (the next view opened): not kept.
      loading.catch(() => loads.delete(load));
      loads.set(load, loading);
    }
    loading.then(
      (module) => current && setState({ kind: 'ready', module }),
      () => current && setState({ kind: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [load, state.kind]);
  return state;
}
