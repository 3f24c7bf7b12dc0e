/**
 * Plain text from what Dnevnik.ru's notices and comments carry, which the school's editors may write as
 * HTML: tags dropped, `<br>` and block ends as line breaks, entities decoded, blank runs folded. The gateway
 * emits plain text only (`src/domain/messaging.ts`). The reading itself is shared by every diary
 * (`src/upstream/html-text.ts`); this module bounds it and cuts previews as Dnevnik.ru's lists need.
 */
import { htmlToText } from '../../src/upstream/html-text.js';

/** Longest text read: a notice longer than this is cut (the school board's notices are a few paragraphs). */
export const MAX_TEXT_LENGTH = 20_000;

/** Longest preview, in characters. */
export const PREVIEW_LENGTH = 200;

/**
 * The plain text of a diary's text, or `null` when nothing is left. Line breaks are kept (at most one
 * empty line in a row); spaces within a line are folded.
 *
 * @example
 * plainText('<p>Собрание&nbsp;в&nbsp;четверг</p><p>в 18:00</p>'); // 'Собрание в четверг\nв 18:00'
 */
export function plainText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = htmlToText(value.slice(0, MAX_TEXT_LENGTH));
  return text === '' ? null : text;
}

/** The start of a plain text on one line, at most {@link PREVIEW_LENGTH} characters (cut with «…»). */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= PREVIEW_LENGTH ? line : `${line.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
}
