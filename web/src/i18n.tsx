/**
 * The page's two languages. Russian comes first (the families read it); English is one press away and
 * remembered in this browser. Each component keeps its own words beside it as `{ ru, en }` and picks them
 * with {@link useText}, so a section's text is read and changed where the section is.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** A language the page speaks. */
export type Language = 'ru' | 'en';

/** The same words in both languages. */
export interface Bilingual<T> {
  readonly ru: T;
  readonly en: T;
}

/** The language of the page now; {@link LanguageProvider} gives it. */
export const LanguageContext = createContext<Language>('ru');

/** The page's language now. */
export function useLanguage(): Language {
  return useContext(LanguageContext);
}

/** `text` in the page's language now. */
export function useText<T>(text: Bilingual<T>): T {
  return text[useLanguage()];
}

const STORAGE_KEY = 'dg-language';

/** This browser's `localStorage`, or `null` where reading it is refused (private mode, blocked cookies). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The language this browser chose before, else Russian. */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | null): Language {
  try {
    return storage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru';
  } catch {
    // Storage can be refused (private mode, blocked cookies): Russian, as for a first visit.
    return 'ru';
  }
}

/** Remembers `language` in this browser, where storage is allowed. */
export function rememberLanguage(storage: Pick<Storage, 'setItem'> | null, language: Language): void {
  try {
    storage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered: the page still switches now.
  }
}

/** The BCP 47 tag used to format numbers and dates in `language`. */
export function localeOf(language: Language): string {
  return language === 'ru' ? 'ru-RU' : 'en-GB';
}
