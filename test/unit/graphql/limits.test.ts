import { getIntrospectionQuery, parse, validate, type GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { QueryTooComplexError } from '../../../src/errors/gateway-error.js';
import { aliasLimitRule } from '../../../src/graphql/limits/alias-limit.js';
import { costLimitRule } from '../../../src/graphql/limits/cost-limit.js';
import { depthLimitRule } from '../../../src/graphql/limits/depth-limit.js';
import { createQueryLimitRules } from '../../../src/graphql/limits/index.js';
import { fragmentMemo } from '../../../src/graphql/limits/walk.js';
import { createSchema } from '../../../src/graphql/schema.js';

const schema = createSchema();
const WEEK = 'from: "2026-11-23", to: "2026-11-29"';

/** Runs one rule with a limit of 0 (or 1 for depth) and reads back the figure it measured. */
function measured(rule: typeof depthLimitRule, query: string, limit = 0): number {
  const errors = validate(schema, parse(query), [rule(limit)]);
  if (errors.length === 0) return limit;
  return (errors[0]!.originalError as QueryTooComplexError).actual;
}

function refusal(rule: ReturnType<typeof depthLimitRule>, query: string): GraphQLError | undefined {
  return validate(schema, parse(query), [rule])[0];
}

describe('depthLimitRule', () => {
  it.each([
    ['{ viewer { id } }', 2],
    ['{ viewer { students { grades(' + WEEK + ') { value { raw } } } } }', 5],
    ['{ viewer { students { schedule(' + WEEK + ') { absence { lesson { subject { name } } } } } } }', 7],
    ['{ viewer { ...V } } fragment V on Viewer { students { school { name } } }', 4],
    ['{ viewer { students { ... on Student { school { name } } } } }', 4],
    ['{ __typename viewer { __typename } }', 1],
    ['{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', 0],
  ])('should measure %s as %i deep', (query, depth) => {
    expect(measured(depthLimitRule, query, 0)).toBe(depth);
  });

  it('should refuse a query deeper than the limit with an exact message and QUERY_TOO_COMPLEX', () => {
    const error = refusal(depthLimitRule(3), '{ viewer { students { school { name } } } }');
    expect(error?.message).toBe(
      'The query nests fields 4 levels deep; the gateway accepts at most 3. Ask for fewer nested fields, or split the query.',
    );
    expect(error?.originalError).toBeInstanceOf(QueryTooComplexError);
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 3, actual: 4 });
  });

  it('should accept a query exactly at the limit', () => {
    expect(refusal(depthLimitRule(4), '{ viewer { students { school { name } } } }')).toBeUndefined();
  });
});

describe('costLimitRule', () => {
  it.each([
    ['a scalar under an object', '{ viewer { id } }', 2],
    ['a list of students', '{ viewer { students { id } } }', 1 + (1 + 10 * 1)],
    [
      'grades in the students list',
      '{ viewer { students { grades(' + WEEK + ') { id } } } }',
      1 + (1 + 10 * (1 + 10 * 1)),
    ],
    [
      'two fields per grade',
      '{ viewer { students { grades(' + WEEK + ') { id weight } } } }',
      1 + (1 + 10 * (1 + 10 * 2)),
    ],
    [
      'a fragment like the same fields inline',
      '{ viewer { students { ...S } } } fragment S on Student { id fullName }',
      1 + (1 + 10 * 2),
    ],
    ['an inline fragment', '{ viewer { students { ... on Student { id } } } }', 12],
    ['introspection, free', '{ __schema { types { name fields { name } } } }', 0],
  ])('should estimate %s', (_name, query, cost) => {
    expect(measured(costLimitRule, query)).toBe(cost);
  });

  it('should refuse a query costing more than the limit with an exact message and QUERY_TOO_COMPLEX', () => {
    const error = refusal(costLimitRule(100), '{ viewer { students { grades(' + WEEK + ') { id } } } }');
    expect(error?.message).toBe(
      "The query's estimated cost is 112; the gateway accepts at most 100. Every field costs 1 and everything under a " +
        'list 10 times as much: ask for fewer fields inside lists, or split the query.',
    );
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 100, actual: 112 });
  });
});

describe('aliasLimitRule', () => {
  const aliases = (count: number) =>
    `{ viewer { students { ${Array.from({ length: count }, (_, i) => `w${i}: grades(${WEEK}) { id }`).join(' ')} } } }`;

  it.each([
    ['no alias', '{ viewer { id } }', 0],
    ['three aliases', aliases(3), 3],
    [
      'an aliased fragment spread twice',
      '{ viewer { a: students { ...S } b: students { ...S } } } fragment S on Student { x: id }',
      4,
    ],
  ])('should count %s', (_name, query, count) => {
    expect(measured(aliasLimitRule, query)).toBe(count);
  });

  it('should refuse more aliases than the limit with an exact message and QUERY_TOO_COMPLEX', () => {
    const error = refusal(aliasLimitRule(15), aliases(16));
    expect(error?.message).toBe(
      'The query uses 16 aliases; the gateway accepts at most 15. Ask for each field once, or split the query.',
    );
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', maximum: 15, actual: 16 });
  });

  it('should measure a fragment once however often it is spread (a "fragment bomb" stays cheap to check)', () => {
    // F0 holds one alias; each Fi spreads F(i-1) twice, so F30 stands for 2^30 aliases.
    const fragments = ['fragment F0 on Student { a: id }'];
    for (let i = 1; i <= 30; i++) fragments.push(`fragment F${i} on Student { ...F${i - 1} ...F${i - 1} }`);
    const query = `{ viewer { students { ...F30 } } } ${fragments.join(' ')}`;
    expect(measured(aliasLimitRule, query)).toBe(2 ** 30);
  });

  it('should not loop on a fragment cycle, which graphql-js reports itself', () => {
    const query =
      '{ viewer { students { ...A } } } fragment A on Student { x: id ...B } fragment B on Student { y: id ...A }';
    const errors = validate(schema, parse(query), [aliasLimitRule(0), depthLimitRule(1), costLimitRule(1)]);
    expect(errors.map((error) => (error.originalError as QueryTooComplexError).limit)).toEqual([
      'aliases',
      'depth',
      'cost',
    ]);
  });
});

describe('fragmentMemo', () => {
  it('should measure each fragment once and reuse the figure', () => {
    const memo = fragmentMemo(0);
    const measure = vi.fn(() => 7);
    expect([memo('F', measure), memo('F', measure), memo('G', measure)]).toEqual([7, 7, 7]);
    expect(measure).toHaveBeenCalledTimes(2);
  });

  it('should count a fragment met again while it is being measured as empty', () => {
    const memo = fragmentMemo(0);
    expect(memo('A', () => 1 + memo('A', () => 100))).toBe(1);
  });
});

describe('createQueryLimitRules', () => {
  it("should let an IDE's introspection query through the default limits", () => {
    const rules = createQueryLimitRules({ maxDepth: 10, maxCost: 30_000, maxAliases: 15 });
    expect(validate(schema, parse(getIntrospectionQuery()), rules)).toEqual([]);
  });
});
