/**
 * The input caps table against the schema: every free-text input has a cap, each cap is stated in its
 * field's description, and the check refuses one character past the cap (with the input's name) while
 * the cap itself passes — on small schemas executed by graphql-js, so each rule is seen on its own.
 */
import {
  buildSchema,
  getNamedType,
  graphql,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyInputLimits, checkLength, INPUT_LIMITS } from '../../../src/graphql/input-limits.js';
import { createSchema, readTypeDefs } from '../../../src/graphql/schema.js';
import { BadUserInputError } from '../../../src/errors/gateway-error.js';
import { DateScalar, DateTimeScalar } from '../../../src/graphql/scalars.js';

/** Every `String`/`ID` argument and input field of a schema, keyed as INPUT_LIMITS keys them. */
function freeTextInputs(schema: GraphQLSchema): Map<string, GraphQLArgument | GraphQLInputField> {
  const found = new Map<string, GraphQLArgument | GraphQLInputField>();
  const isFreeText = (input: GraphQLArgument | GraphQLInputField) =>
    ['String', 'ID'].includes(getNamedType(input.type).name);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args)
          if (isFreeText(argument)) found.set(`${type.name}.${field.name}(${argument.name})`, argument);
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (isFreeText(field)) found.set(`${type.name}.${field.name}`, field);
    }
  }
  return found;
}

describe('INPUT_LIMITS and the schema', () => {
  const sdl = buildSchema(readTypeDefs().join('\n'));
  const inputs = freeTextInputs(sdl);

  it('should cap exactly the free-text inputs of the schema', () => {
    expect([...inputs.keys()].sort()).toEqual(Object.keys(INPUT_LIMITS).sort());
  });

  it.each(Object.entries(INPUT_LIMITS))('should state the cap of %s (%i) in its description', (key, max) => {
    expect(inputs.get(key)?.description ?? '').toMatch(
      // The cap as a number, or with a thousands separator as the schema's prose writes it ("2,048").
      new RegExp(`\\bat most (?:${max}|${max.toLocaleString('en-US')}) characters\\b`, 'i'),
    );
  });

  it('should build the gateway schema with every cap in place', () => {
    expect(() => createSchema()).not.toThrow();
  });
});

describe('applyInputLimits', () => {
  const SDL = `
    input Person { name: String!, nicknames: [String!], age: Int }
    type Query {
      greet(name: String, person: Person, people: [Person!], count: Int): String
    }
  `;
  const LIMITS = { 'Query.greet(name)': 5, 'Person.name': 3, 'Person.nicknames': 4 };

  function limited(limits: Record<string, number> = LIMITS): GraphQLSchema {
    const schema = buildSchema(SDL);
    schema.getQueryType()!.getFields().greet!.resolve = () => 'hello';
    return applyInputLimits(schema, limits);
  }

  async function greet(variables: Record<string, unknown>) {
    const schema = limited();
    const query =
      'query($name: String, $person: Person, $people: [Person!]) { greet(name: $name, person: $person, people: $people) }';
    const result = await graphql({ schema, source: query, variableValues: variables });
    const error = result.errors?.[0]?.originalError;
    return { data: result.data?.greet ?? null, error: error instanceof BadUserInputError ? error : (error ?? null) };
  }

  it('should refuse a schema whose free-text input has no cap, naming it', () => {
    const { 'Person.nicknames': _dropped, ...withoutOne } = LIMITS;
    expect(() => applyInputLimits(buildSchema(SDL), withoutOne)).toThrow(
      /^Person\.nicknames takes free text but has no length limit/,
    );
  });

  it('should refuse a cap that names no input, so the table cannot go stale', () => {
    expect(() => applyInputLimits(buildSchema(SDL), { ...LIMITS, 'Query.greet(nom)': 5 })).toThrow(
      'INPUT_LIMITS names inputs the schema does not have: Query.greet(nom).',
    );
  });

  it.each([
    ['an argument', { name: 'abcde' }],
    ['a field of an input', { person: { name: 'abc' } }],
    ['a list inside an input', { person: { name: 'a', nicknames: ['abcd', 'wxyz'] } }],
    ['an input inside a list', { people: [{ name: 'abc' }, { name: 'xyz' }] }],
    ['no value at all', {}],
  ])('should accept %s at its cap', async (_what, variables) => {
    expect(await greet(variables)).toEqual({ data: 'hello', error: null });
  });

  it.each([
    ['an argument', { name: 'abcdef' }, 'name', 5],
    ['a field of an input', { person: { name: 'abcd' } }, 'name', 3],
    ['a list inside an input', { person: { name: 'a', nicknames: ['abcd', 'vwxyz'] } }, 'nicknames', 4],
    ['an input inside a list', { people: [{ name: 'abc' }, { name: 'wxyz' }] }, 'name', 3],
  ])('should refuse %s one past its cap, naming it', async (_what, variables, argument, max) => {
    const { data, error } = await greet(variables);
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).toExtensions()).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect((error as BadUserInputError).message).toBe(
      `${argument} may be at most ${max} characters; this one has ${max + 1}.`,
    );
  });
});

describe('checkLength', () => {
  it('should never repeat the text it refuses (it may be a password or a SNILS)', () => {
    const secret = 'hunter2-hunter2';
    const error = (() => {
      try {
        checkLength('password', secret, 8);
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(error?.message).toBe('password may be at most 8 characters; this one has 15.');
  });

  it('should count UTF-16 code units, as JavaScript clients do: an emoji outside the BMP is two', () => {
    expect(() => checkLength('fullName', '😀😀', 4)).not.toThrow();
    expect(() => checkLength('fullName', '😀😀😀', 5)).toThrow(BadUserInputError);
  });
});

describe('Date and DateTime, which have no entry because their scalars take only their own shapes', () => {
  it.each([
    ['Date', DateScalar],
    ['DateTime', DateTimeScalar],
  ])('should refuse a long %s without repeating it, and quote a short one', (_name, scalar) => {
    expect(() => scalar.parseValue(`2026-09-01${' '.repeat(100_000)}`)).toThrow(
      /; got a value of 100012 characters\.$/,
    );
    expect(() => scalar.parseValue('2026-13-01')).toThrow(/; got "2026-13-01"\.$/);
  });
});
