import fc from 'fast-check';
import { isLosslessNumber, parse } from 'lossless-json';
import type * as losslessJson from 'lossless-json';
import { describe, expect, it, vi } from 'vitest';
import { parseLosslessJson } from '../../../adapters/dnevnik/json.js';

// The JavaScript parser, watched: most answers must not need it.
vi.mock('lossless-json', async (importOriginal) => {
  const original = await importOriginal<typeof losslessJson>();
  return { ...original, parse: vi.fn(original.parse) };
});

/** The outcome of a parse: its value, or that it threw a SyntaxError. */
function outcome(read: () => unknown): { value: unknown } | { threw: string } {
  try {
    return { value: read() };
  } catch (error) {
    return { threw: error instanceof SyntaxError ? 'SyntaxError' : String(error) };
  }
}

function expectSameAsLossless(text: string): void {
  expect(outcome(() => parseLosslessJson(text))).toStrictEqual(outcome(() => parse(text)));
}

/** Integers of every size, as JSON writes them (above 2^53 too). */
const integerText = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String);
/** Number literals JSON allows that read back from a JS number as other digits: fractions, exponents, -0. */
const inexactText = fc.constantFrom('1.0', '1e3', '2E+2', '-0', '0.5', '1.5e-7', '-0.0', '12345678901234567');
const stringText = fc.string({ unit: 'binary' }).map((value) => JSON.stringify(value));
/** A string holding what looks like numbers and members: digits, dots, colons, escapes. */
const trickyStringText = fc
  .array(fc.constantFrom('1', '.', 'e', ':', '\\"', '\\\\', '-0', '"', '9999999999999999', ' '), { maxLength: 12 })
  .map((parts) => JSON.stringify(parts.join('')));

const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    integerText,
    inexactText,
    stringText,
    trickyStringText,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(
        fc.tuple(
          fc.oneof(stringText, trickyStringText, fc.constantFrom('"id"', '"__proto__"', '"1"', '"07"')),
          tie('value'),
        ),
        {
          maxLength: 5,
        },
      )
      .map((members) => `{${members.map(([key, item]) => `${key}: ${item}`).join(',')}}`),
  ),
})).value;

describe('parseLosslessJson', () => {
  it('should read every JSON text exactly as lossless-json does', () => {
    fc.assert(fc.property(jsonText, expectSameAsLossless), { numRuns: 5_000 });
  });

  it('should read every text, valid or not, as lossless-json does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          jsonText.map((text) => text.slice(1)),
        ),
        expectSameAsLossless,
      ),
      {
        numRuns: 5_000,
      },
    );
  });

  it.each([
    ['a repeated key with different values', '{"id":1,"id":2}'],
    ['a repeated key with equal values', '{"id":1,"id":1}'],
    ['a repeated key holding a big id', '{"id":2421882773904846063,"id":2421882773904846063}'],
    ['an id above 2^53', '{"id":2421882773904846063}'],
    ['a negative zero', '[-0]'],
    ['an integer written with a fraction', '{"id":1.0}'],
    ['a colon inside a string', '{"a:b":1}'],
    ['an escaped quote before a number', '{"a\\"":1,"b":[2,3]}'],
    ['a __proto__ member', '{"__proto__":{"x":1}}'],
    ['integer keys, which JavaScript lists first', '{"b":1,"2":2,"1":[3,4]}'],
    ['big ids beside fractions and exponents', '{"id":2421882773904846063,"w":1.50,"e":-2E+3,"z":-0}'],
  ])('should read %s as lossless-json does', (_name, text) => {
    expectSameAsLossless(text);
  });

  it('should hand every number over as a LosslessNumber with its source digits', () => {
    const value = parseLosslessJson('{"id":1000002283077,"list":[0,-7,{"n":42}]}') as {
      id: unknown;
      list: [unknown, unknown, { n: unknown }];
    };
    expect([value.id, ...value.list.slice(0, 2), value.list[2].n].every(isLosslessNumber)).toBe(true);
    expect(String(value.id)).toBe('1000002283077');
  });

  it('should parse an answer natively, big ids and whatever its strings hold included', () => {
    const text =
      '{"items":[{"id":2421882773904846063,"w":1.25,"number":3,"title":"Тема: 2.5e3, -0 и \\"12345678901234567\\""}]}';
    vi.mocked(parse).mockClear();
    const read = parseLosslessJson(text);
    expect(vi.mocked(parse)).not.toHaveBeenCalled();
    expect(read).toStrictEqual(parse(text));
  });
});
