import { describe, expect, it } from 'vitest';
import { ProviderBadResponseError } from '../../src/errors/gateway-error.js';
import { UpstreamNetworkError, type UpstreamRequest } from '../../src/upstream/transport.js';
import {
  fuzzedTransport,
  leakedPiece,
  modelProblems,
  violation,
  type FuzzedAnswer,
  type ServedLog,
} from '../support/fuzz/index.js';

// The fuzzing harness checks itself: a property is only as good as its ability to fail.
const request: UpstreamRequest = { method: 'GET', url: new URL('https://diary.test/route'), headers: {} };
const FIXTURE = { payload: [{ id: 7, name: 'Иванова Мария Олеговна', flag: true, date: '2025-09-15' }] };
const served = (values: string[]): ServedLog => ({ requests: [], values });
const answer = (spoil: FuzzedAnswer['spoil'], status = 200): FuzzedAnswer => ({
  status,
  contentType: 'application/json',
  spoil,
});

async function bodyOf(spoil: FuzzedAnswer['spoil']): Promise<string> {
  const { transport } = fuzzedTransport(() => FIXTURE, [answer(spoil)]);
  return (await transport(request)).body;
}

describe('the fuzzing harness', () => {
  it.each([
    ['a TypeError', { ok: false, error: new TypeError('x is undefined') } as const, /non-GatewayError/],
    ['an array where a profile was due', { ok: true, value: [] } as const, /other than a profile/],
  ])('should flag %s', (_name, outcome, expected) => {
    expect(violation(outcome, 'profile', [], served([]))).toMatch(expected);
  });

  it('should flag a message quoting 13 characters of a served value or any secret, and allow 12', () => {
    const error = (message: string) => ({ ok: false, error: new ProviderBadResponseError('MESH', message) }) as const;
    expect(violation(error('marks: Иванова Мария'), 'array', [], served(['Иванова Мария Олеговна']))).toMatch(
      /quotes "Иванова Мария"/,
    );
    expect(violation(error('marks: Иванова Мари'), 'array', [], served(['Иванова Мария Олеговна']))).toBeNull();
    expect(leakedPiece('token tok-1 refused', ['tok-1'], [])).toBe('tok-1');
  });

  it('should flag what the schema’s scalars would refuse in a resolved model', () => {
    expect(
      modelProblems([
        {
          weight: Number.NaN,
          date: '2025-02-30',
          startsAt: '2025-09-15T08:30:00',
          number: 2 ** 31,
          ok: { date: null },
        },
      ]),
    ).toEqual([
      '(result).0.weight: NaN',
      '(result).0.date: not a date',
      '(result).0.startsAt: not a datetime with offset',
      '(result).0.number: not an Int',
    ]);
  });

  it('should spoil bodies as asked: cut short, a raw number for a leaf, a leaf of its own type, a key dropped', async () => {
    const whole = JSON.stringify(FIXTURE);
    expect(await bodyOf({ kind: 'truncated', at: 0.5 })).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(await bodyOf({ kind: 'leaf', pick: 0, value: { raw: '1e400' } })).toBe(
      whole.replace('"id":7', '"id":1e400'),
    );
    expect(
      await bodyOf({
        kind: 'edge',
        edits: [
          { pick: 1, text: '', number: '0' },
          { pick: 2, text: '', number: '0' },
        ],
      }),
    ).toBe(whole.replace('"Иванова Мария Олеговна"', '""').replace('true', 'false'));
    expect(await bodyOf({ kind: 'drop-key', pick: 4 })).toBe(whole.replace(',"date":"2025-09-15"', ''));
  });

  it('should fail a request with the network failure asked for, and answer past the plan with the valid fixture', async () => {
    const { transport, served: log } = fuzzedTransport(
      () => FIXTURE,
      [answer({ kind: 'network', failure: 'body-timeout' })],
    );
    await expect(transport(request)).rejects.toBeInstanceOf(UpstreamNetworkError);
    expect(await transport(request)).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(FIXTURE),
    });
    expect(log.requests).toHaveLength(2);
  });
});
