import { describe, expect, expectTypeOf, it } from 'vitest';
import { KNOWN_ERROR_CODES } from '../../../client/src/errors.js';
import type { GatewayErrorCode } from '../../../src/errors/gateway-error.js';
import { PERSISTED_QUERY_NOT_ALLOWED } from '../../../src/server/persisted-operations.js';

/**
 * The client package cannot import the gateway (it ships on its own), so it keeps its own list of the
 * codes a family app branches on. This keeps the two from drifting apart: a code the gateway gains must be
 * added to the client's list (tsc fails this file otherwise), and the client lists no code the gateway
 * never sends besides its own two.
 */
describe("the client's list of error codes", () => {
  it('names every code the gateway sends', () => {
    expectTypeOf<GatewayErrorCode>().toExtend<(typeof KNOWN_ERROR_CODES)[number]>();
    // Besides GatewayErrorCode: the persisted-operations refusal, and Apollo's own PERSISTED_QUERY_NOT_FOUND.
    expect(KNOWN_ERROR_CODES).toContain(PERSISTED_QUERY_NOT_ALLOWED);
    expect(KNOWN_ERROR_CODES).toContain('PERSISTED_QUERY_NOT_FOUND');
  });

  it('has no duplicates', () => {
    expect(new Set(KNOWN_ERROR_CODES).size).toBe(KNOWN_ERROR_CODES.length);
  });
});
