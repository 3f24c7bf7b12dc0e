/**
 * What this browser remembers of its push subscription at the gateway (its id and label, in
 * `localStorage`): small and free of the client, so the page's header can tell at sign-out whether this
 * device has notifications on without loading the settings' chunk.
 */
import { browserStorage } from '../i18n.js';

const STORAGE_KEY = 'dg-push-subscription';

/** What this browser remembers of its subscription at the gateway. */
export interface Remembered {
  readonly id: string;
  readonly label: string | null;
}

/** This browser's subscription as the gateway knows it; `null` when none is remembered. */
export function rememberedSubscription(): Remembered | null {
  try {
    const parsed = JSON.parse(browserStorage()?.getItem(STORAGE_KEY) ?? 'null') as Partial<Remembered> | null;
    return typeof parsed?.id === 'string'
      ? { id: parsed.id, label: typeof parsed.label === 'string' ? parsed.label : null }
      : null;
  } catch {
    return null;
  }
}

/** Remembers (or, with `null`, forgets) this browser's subscription. */
export function remember(value: Remembered | null): void {
  try {
    if (value) browserStorage()?.setItem(STORAGE_KEY, JSON.stringify(value));
    else browserStorage()?.removeItem(STORAGE_KEY);
  } catch {
    // Not remembered: turning off still unsubscribes the browser; the gateway's list offers «Отключить».
  }
}
