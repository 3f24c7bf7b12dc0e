/**
 * Credentials read back from the store reach headers only when a header can carry them. Linking refuses a
 * malformed token, but a stored one may predate that check (or come from a diary): the adapter must refuse
 * it as PROVIDER_AUTH_FAILED for that account alone — the parent's cue to link again — and never hand it
 * to the transport, where it would fail locally. Also: a Dnevnik.ru token endpoint answering with a
 * token no header can carry is a broken answer, not a token to store.
 */
import { describe, expect, it, vi } from 'vitest';
import { createDnevnikAdapter } from '../../../adapters/dnevnik/index.js';
import { createMeshAdapter } from '../../../adapters/mesh/index.js';
import type { ProviderAccount } from '../../../src/domain/adapter.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';
import type { UpstreamRequest, UpstreamResponse } from '../../../src/upstream/transport.js';

/** A transport that records requests and answers each with `answer` (a 500 when none is given). */
function recordingTransport(
  answer: (request: UpstreamRequest) => UpstreamResponse = () => ({ status: 500, headers: {}, body: '' }),
) {
  return vi.fn(async (request: UpstreamRequest) => answer(request));
}

const BROKEN_TOKENS = ['abc\r\ndef', 'token\r\nX-Injected: 1', 'nul\u0000', 'with space', 'токен'];

describe('МЭШ: a stored token a header cannot carry', () => {
  it.each(BROKEN_TOKENS)('should refuse %j as PROVIDER_AUTH_FAILED without calling МЭШ', async (token) => {
    const transport = recordingTransport();
    const mesh = createMeshAdapter({
      transport,
      hosts: { schoolBaseUrl: 'https://school.example', aclBaseUrl: 'https://acl.example' },
    });
    const account: ProviderAccount = { id: 'acc_1', provider: 'MESH', credentials: { token } };
    const error = await mesh.fetchProfile(account, createUpstreamScope()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', provider: 'MESH' });
    expect((error as Error).message).toBe(
      'МЭШ refused the linked account (the stored access token is malformed); sign in to it again.',
    );
    expect((error as Error).message).not.toContain(token);
    expect(transport).not.toHaveBeenCalled();
  });
});

describe('Dnevnik.ru: a stored token a header cannot carry', () => {
  it.each(BROKEN_TOKENS)('should refuse %j as PROVIDER_AUTH_FAILED without calling Dnevnik.ru', async (accessToken) => {
    const transport = recordingTransport();
    const dnevnik = createDnevnikAdapter({ transport, baseUrl: 'https://api.example' });
    const account: ProviderAccount = { id: 'acc_2', provider: 'DNEVNIK', credentials: { accessToken } };
    const error = await dnevnik.fetchProfile(account, createUpstreamScope()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH_FAILED', provider: 'DNEVNIK' });
    expect((error as Error).message).not.toContain(accessToken);
    expect(transport).not.toHaveBeenCalled();
  });

  it('should refuse a token endpoint answer whose access token a header cannot carry, as PROVIDER_BAD_RESPONSE', async () => {
    const transport = recordingTransport(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: 'issued\r\nX-Injected: 1', refreshToken: 'r1', expiresIn: 3600 }),
    }));
    const dnevnik = createDnevnikAdapter({
      transport,
      baseUrl: 'https://api.example',
      clientId: 'id',
      clientSecret: 'secret',
    });
    const error = await dnevnik
      .signIn({ provider: 'DNEVNIK', code: 'c0de' }, createUpstreamScope())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      provider: 'DNEVNIK',
      message:
        'Dnevnik.ru sent an answer the gateway cannot read: authorizations: the access token holds characters a header cannot carry.',
    });
    expect(transport).toHaveBeenCalledTimes(1);
  });
});
