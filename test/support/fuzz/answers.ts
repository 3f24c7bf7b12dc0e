/**
 * What a fuzzed diary answers (issue 6): the generated plan of one property run. Each request gets a
 * status, a content type and a "spoil" of the route's valid fixture: arbitrary JSON, the fixture cut
 * short, a leaf replaced, a leaf given an edge value of its own type, a key dropped, plain text, an HTML
 * page, or a network failure. `transport.ts` applies the plan; `checks.ts` judges the outcome.
 */
import fc from 'fast-check';
import type { NetworkFailure } from '../../../src/upstream/transport.js';

/** A number written as raw JSON text (`1e400`, `-0`, a 20-digit integer): no JS value round-trips to it. */
interface RawNumber {
  raw: string;
}

/** What replaces one leaf of a fixture. */
export type LeafValue = { json: unknown } | RawNumber;

/** How one answer departs from the route's valid fixture. */
export type Spoil =
  | { kind: 'valid' }
  | { kind: 'json'; value: unknown }
  | { kind: 'truncated'; at: number }
  | { kind: 'leaf'; pick: number; value: LeafValue }
  | { kind: 'edge'; edits: EdgeEdit[] }
  | { kind: 'drop-key'; pick: number }
  | { kind: 'text'; text: string }
  | { kind: 'html'; text: string }
  | { kind: 'network'; failure: NetworkFailure };

/** One leaf given an edge value of its own type: `text` if it is a string, `number` if a number. */
export interface EdgeEdit {
  pick: number;
  text: string;
  number: string;
}

/** One generated answer: a status, a content type and how the body is spoiled. */
export interface FuzzedAnswer {
  status: number;
  contentType: string | undefined;
  spoil: Spoil;
}

/** How an adapter's diary serialises payloads (`JSON.stringify`, or Dnevnik.ru's lossless writer). */
export type WireWriter = (payload: unknown) => string;

/** Numbers whose text matters: overflow, underflow, negative zero, integers past 2^53 and 2^64. */
const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0.1e1',
  '9007199254740993',
  '18446744073709551616',
  '-1',
  '1.5',
  '0',
];

/** Strings a normaliser parses (dates, times, marks, numbers) at and past their edges. */
const EDGE_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '2147483648',
  '18446744073709551616',
  'null',
  'NaN',
  'Infinity',
  '1e400',
  '2025-02-30',
  '2025-13-01',
  '2025-09-15T25:61:00',
  '2025-09-15 23:59:60',
  '25:61',
  '23:59:60',
  '24:00',
  '9999-12-31T23:59:59+14:00',
  '0000-00-00',
  '20250230',
  '2025-09-15T08:30:00+99:99',
  '08:30 - ',
  '99:99 - 99:99',
  '5/',
  '/5',
  '3/5/7',
  '１２',
  '½',
];

/** Any value made JSON-safe: what `JSON.stringify` keeps of it (`undefined` becomes `null`). */
const jsonSafeAnything = fc.anything().map((value) => {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
});

const leafValue: fc.Arbitrary<LeafValue> = fc.oneof(
  fc.jsonValue().map((json) => ({ json })),
  jsonSafeAnything.map((json) => ({ json })),
  fc.constantFrom(...EDGE_STRINGS).map((json) => ({ json })),
  fc.constantFrom(...RAW_NUMBERS).map((raw) => ({ raw })),
);

const htmlPage = fc.oneof(
  fc.constantFrom(
    '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>Технические работы</h1></body></html>',
    '<html><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>',
    '  <HTML><BODY>Server Error in Application</BODY></HTML>',
  ),
  fc.string({ unit: 'grapheme' }).map((text) => `<html><body>${text}</body></html>`),
);

/**
 * Up to six leaves replaced by values of their own type: an edge string for a string, an edge number
 * for a number. Several at once, since a payload has a hundred leaves and one of them matters.
 */
const edgeSpoil = fc.record({
  kind: fc.constant('edge' as const),
  edits: fc.array(
    fc.record({
      pick: fc.noBias(fc.nat()),
      text: fc.oneof(fc.constantFrom(...EDGE_STRINGS), fc.string({ unit: 'grapheme' })),
      number: fc.oneof(
        fc.constantFrom(...RAW_NUMBERS),
        fc.integer().map(String),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      ),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'valid' as const }) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => ({ kind: 'json' as const, value })) },
  {
    weight: 1,
    arbitrary: fc
      .double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
      .map((at) => ({ kind: 'truncated' as const, at })),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('leaf' as const), pick: fc.noBias(fc.nat()), value: leafValue }),
  },
  { weight: 4, arbitrary: edgeSpoil },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop-key' as const), pick: fc.noBias(fc.nat()) }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary' })).map((text) => ({ kind: 'text' as const, text })),
  },
  { weight: 1, arbitrary: htmlPage.map((text) => ({ kind: 'html' as const, text })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<NetworkFailure>(
        'connect-timeout',
        'headers-timeout',
        'body-timeout',
        'aborted',
        'connection',
        'too-large',
      )
      .map((failure) => ({ kind: 'network' as const, failure })),
  },
);

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json',
  'text/plain',
  'text/html; charset=utf-8',
  undefined,
];

/**
 * One answer: mostly 200, else one of `statuses`; mostly the JSON content type; any spoil. The content
 * type is drawn independently of the body, since proxies lie about it.
 */
export function fuzzedAnswer(statuses: readonly number[]): fc.Arbitrary<FuzzedAnswer> {
  return fc.record({
    status: fc.oneof(
      { weight: 5, arbitrary: fc.constant(200) },
      { weight: 2, arbitrary: fc.constantFrom(...statuses) },
    ),
    contentType: fc.oneof(
      { weight: 4, arbitrary: fc.constant(CONTENT_TYPES[0]) },
      { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    spoil,
  });
}

/** A request the plan leaves alone: the valid fixture, 200, JSON. */
export const VALID: FuzzedAnswer = { status: 200, contentType: CONTENT_TYPES[0], spoil: { kind: 'valid' } };

/**
 * The answers of one run, in request order; requests past the end get the valid fixture with 200. Each
 * run draws how rarely it spoils an answer: a run that spoils one answer in ten gets past the first
 * calls and feeds a broken payload to a normaliser deep in a method, one that spoils every answer
 * tests the error paths. `maxValidWeight` suits the number of calls a method makes: 2 where it makes
 * two or three, 9 where it makes twenty.
 */
export function fuzzedAnswers(
  statuses: readonly number[],
  options: { maxValidWeight?: number } = {},
): fc.Arbitrary<FuzzedAnswer[]> {
  return fc
    .integer({ min: 0, max: options.maxValidWeight ?? 9 })
    .chain((validWeight) =>
      fc.array(
        fc.oneof(
          { weight: validWeight, arbitrary: fc.constant(VALID) },
          { weight: 1, arbitrary: fuzzedAnswer(statuses) },
        ),
        { maxLength: 16 },
      ),
    );
}

/**
 * The answers of a run aimed at the normalisers: every answer is a 200 with JSON whose shape mostly
 * survives the schema (a leaf keeps its type, a key goes missing, a leaf turns `null`), so the broken
 * values reach the code that parses dates, times, marks and ids.
 */
export function normaliserAnswers(): fc.Arbitrary<FuzzedAnswer[]> {
  const shaped = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'valid' as const }) },
    { weight: 6, arbitrary: edgeSpoil },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop-key' as const), pick: fc.noBias(fc.nat()) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('leaf' as const),
        pick: fc.noBias(fc.nat()),
        value: fc.constant({ json: null }),
      }),
    },
  );
  return fc.array(
    shaped.map((spoil): FuzzedAnswer => ({ ...VALID, spoil })),
    { maxLength: 24 },
  );
}
