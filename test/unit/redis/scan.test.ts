import { describe, expect, it } from 'vitest';
import { escapeGlob } from '../../../src/redis/scan.js';

describe('escapeGlob', () => {
  it.each([
    ['dg:store:account:', 'dg:store:account:'],
    ['a*b?c', 'a\\*b\\?c'],
    ['tenant[1]:', 'tenant\\[1\\]:'],
    ['back\\slash', 'back\\\\slash'],
  ])('should make %s a literal of a MATCH pattern', (text, escaped) => {
    expect(escapeGlob(text)).toBe(escaped);
  });
});
