/**
 * Lossless JSON for Dnevnik.ru. Its ids are 64-bit (`2421882773904846063` > 2^53), and `JSON.parse`
 * rounds such a number before any code can see it; some ids (the context's `groupIds`, a schedule
 * lesson's `subjectId`) come with no `_str` twin to fall back on. So every answer is read with each JSON
 * number handed over as a `LosslessNumber` holding its source text; the payload schemas turn ids into
 * strings from that text and only genuine quantities (weights, lesson numbers) into JS numbers.
 *
 * `lossless-json`'s parser is JavaScript, several times slower than the native `JSON.parse`. So an answer
 * is parsed natively and each number is then given its source text, read from the answer in order (see
 * {@link parseLosslessJson}); `lossless-json` reads what that cannot prove it reads the same.
 */
import { LosslessNumber, parse, stringify } from 'lossless-json';

/**
 * Parses JSON keeping every number's source text (`LosslessNumber`). Throws `SyntaxError` on broken JSON
 * and on an object with a repeated key holding different values.
 *
 * Equal to `lossless-json`'s `parse` on every input. The answer is parsed natively; outside its strings,
 * its number literals, in order, are the numbers of the parsed value in document order, so each number
 * becomes a `LosslessNumber` of its own literal. That order holds unless an object repeats a key (then
 * the text has more colons outside strings, one per member, than the value has members) or has a key
 * starting with a digit (JavaScript lists integer keys first); in those cases, and for text that is not
 * JSON, `lossless-json` decides, as it always did.
 */
export function parseLosslessJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parse(text);
  }
  const structure = scanStructure(text);
  const walk: SourceWalk = { literals: structure.literals, next: 0, members: 0, inOrder: true };
  const converted = withLosslessNumbers(value, walk);
  const exact = walk.inOrder && walk.next === walk.literals.length && walk.members === structure.colons;
  return exact ? converted : parse(text);
}

/** The state of one walk: the number literals in document order, and what was met. */
interface SourceWalk {
  literals: readonly string[];
  next: number;
  members: number;
  /** False once a key starting with a digit was met: the value's key order may not be the text's. */
  inOrder: boolean;
}

/** What lies outside the strings of a JSON text: its number literals in order, and its colons. */
interface Structure {
  literals: string[];
  colons: number;
}

const COLON = 58;
const MINUS = 45;
const BACKSLASH = 92;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A character that continues a number literal: a digit, `.`, `e`, `E`, `+` or `-`. */
function continuesNumber(code: number): boolean {
  return isDigit(code) || code === 46 || code === 101 || code === 69 || code === 43 || code === MINUS;
}

/** True when the quote at `at` is escaped: an odd run of backslashes stands before it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * Scans a text `JSON.parse` accepted, jumping over each string with `indexOf` (strings are most of an
 * answer, and nothing in them counts), reading the number literals and colons between them.
 */
function scanStructure(text: string): Structure {
  const structure: Structure = { literals: [], colons: 0 };
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('"', at);
    const end = open === -1 ? text.length : open;
    for (let index = at; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code === COLON) structure.colons++;
      else if (code === MINUS || isDigit(code)) {
        let last = index + 1;
        while (last < end && continuesNumber(text.charCodeAt(last))) last++;
        structure.literals.push(text.slice(index, last));
        index = last - 1;
      }
    }
    if (open === -1) break;
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
    // Parsed JSON closes every string; `text.length` ends the scan should that ever not hold.
    at = close === -1 ? text.length : close + 1;
  }
  return structure;
}

/** Replaces every number of a parsed value, in document order, by the `LosslessNumber` of its literal (in place). */
function withLosslessNumbers(value: unknown, walk: SourceWalk): unknown {
  if (typeof value === 'number') {
    const literal = walk.literals[walk.next++];
    // A literal short: the text was not what the walk assumed; the caller will not use this value.
    return literal === undefined ? value : new LosslessNumber(literal);
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = withLosslessNumbers(value[index], walk);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    walk.members++;
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) walk.inOrder = false;
    const item = record[key];
    if (typeof item === 'object' || typeof item === 'number') record[key] = withLosslessNumbers(item, walk);
  }
  return record;
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
