/** The diaries' names as families know them, in both languages. */
import type { ProviderKind } from '@diary-gateway/client';
import { codeText, type CodeWords } from './format.js';
import type { Language } from './i18n.js';

const NAMES: CodeWords<ProviderKind> = {
  MESH: { ru: 'МЭШ', en: 'MESH' },
  DNEVNIK: { ru: 'Дневник.ру', en: 'Dnevnik.ru' },
  ELJUR: { ru: 'ЭлЖур', en: 'Eljur' },
};

/** The diary's short name in `language` (an unknown kind, from a newer gateway, is shown as sent). */
export function providerName(provider: string, language: Language): string {
  return codeText(NAMES, provider, language);
}
