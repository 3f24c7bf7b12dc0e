/**
 * The Eljur adapter's calls with an account's token: each data call runs once per request (`scope.once`)
 * with the session's token, signing in first when the token is missing or about to lapse, and once more
 * when Eljur refuses it; `read` also reports what drifted in a tolerantly decoded answer to the call's scope.
 */
import type { ProviderAccount, UpstreamScope } from '../../src/domain/adapter.js';
import { reportedValue, type Decoded } from '../../src/upstream/tolerant-decode.js';
import { readStructure } from '../../src/upstream/structure.js';
import { canSignIn, readCredentials, type EljurSessions } from './access-token.js';
import type { EljurClientContext, EljurEndpoint } from './client.js';
import { EljurTokenRefusedError, refusedDespiteFreshToken } from './errors.js';

/** One data call of an account, with a token. */
export type EljurCall = <T>(
  account: ProviderAccount,
  scope: UpstreamScope,
  key: string,
  run: (context: EljurClientContext) => Promise<T>,
) => Promise<T>;

/** The calls of the adapter. */
export interface EljurCalls {
  /** Runs one data call once per request, with the session's token; re-signs in once if Eljur refuses it. */
  call: EljurCall;
  /**
   * A data call whose answer is decoded tolerantly: the memo keeps the answer with what drifted in it,
   * and every call reports that drift to its own `scope`, so each result built from it carries the warning.
   */
  read: <T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<Decoded<T>>,
  ) => Promise<T>;
  /**
   * `read` of a structure answer (`getperiods`): through the gateway's cache on the long structure windows
   * (`UpstreamScope.structure`), the decoded answer kept with its drift, which is reported on every read.
   */
  readStructure: <T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<Decoded<T>>,
  ) => Promise<T>;
}

/** Creates the calls over the adapter's sessions and the endpoint of each account. */
export function createEljurCalls(
  sessions: EljurSessions,
  endpointFor: (account: ProviderAccount, scope: UpstreamScope) => EljurEndpoint,
): EljurCalls {
  function call<T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<T>,
  ): Promise<T> {
    const withToken = (token: string) => run({ ...endpointFor(account, scope), token });
    return scope.once(`${account.id}:eljur:${key}`, async () => {
      const session = await sessions.current(account, scope);
      try {
        return await withToken(session.token);
      } catch (error) {
        if (!(error instanceof EljurTokenRefusedError)) throw error;
        if (session.fresh) throw refusedDespiteFreshToken(error);
        if (!canSignIn(readCredentials(account.credentials))) throw error;
      }
      const renewed = await sessions.renewed(account, scope);
      try {
        return await withToken(renewed.token);
      } catch (error) {
        throw error instanceof EljurTokenRefusedError ? refusedDespiteFreshToken(error) : error;
      }
    });
  }

  async function read<T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<Decoded<T>>,
  ): Promise<T> {
    return reportedValue(await call(account, scope, key, run), scope);
  }

  async function readStructureAnswer<T>(
    account: ProviderAccount,
    scope: UpstreamScope,
    key: string,
    run: (context: EljurClientContext) => Promise<Decoded<T>>,
  ): Promise<T> {
    const answer = await readStructure(scope, account, `eljur:${key}`, (s) => call(account, s, key, run));
    return reportedValue(answer, scope);
  }

  return { call, read, readStructure: readStructureAnswer };
}
