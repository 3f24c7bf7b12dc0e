/**
 * Lossless JSON for Dnevnik.ru. Its ids are 64-bit (`2421882773904846063` > 2^53), and `JSON.parse`
 * rounds such a number before any code can see it; some ids (the context's `groupIds`, a schedule
 * lesson's `subjectId`) come with no `_str` twin to fall back on. So every answer is parsed with
 * `lossless-json`, which hands each JSON number over as a `LosslessNumber` holding its source text; the
 * payload schemas turn ids into strings from that text and only genuine quantities (weights, lesson
 * numbers) into JS numbers.
 */
import { parse, stringify } from 'lossless-json';

/**
 * Parses JSON keeping every number's source text (`LosslessNumber`). Throws `SyntaxError` on broken JSON
 * and on an object with a repeated key holding different values.
 */
export function parseLosslessJson(text: string): unknown {
  return parse(text);
}

/**
 * Writes JSON in which `bigint` and `LosslessNumber` values appear as bare integer literals, the way the
 * API sends ids (used by tests that build wire payloads).
 */
export function stringifyLosslessJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('stringifyLosslessJson: the value has no JSON form.');
  return text;
}
