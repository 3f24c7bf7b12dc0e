/**
 * A request id on every request: the client's `X-Request-Id` when it is well-formed (a proxy or an app
 * that already tags its calls keeps its id end to end), else a new UUID. It goes back in the `X-Request-Id`
 * header of every answer, in `extensions.requestId` of every error, and in every log line written while
 * the request is served (src/logging/request-context.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { currentRequestId } from '../logging/request-context.js';

/** The header, as sent back. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * What is accepted from a client: 1–128 letters, digits and `.`, `_`, `-`, `:` (UUIDs, ULIDs, AWS and
 * Heroku ids, W3C trace ids). Anything else — too long, spaces, quotes, control characters — could spoil a
 * log line or a header, so a new id is made instead.
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request with `headers`: the client's when well-formed (the first, if repeated), else new. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  const first = Array.isArray(given) ? given[0] : given;
  return first !== undefined && WELL_FORMED.test(first) ? first : randomUUID();
}

/** `extensions` with the current request's id added (unchanged outside a request). */
export function withRequestId<T extends Record<string, unknown>>(extensions: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId === undefined ? extensions : { ...extensions, requestId };
}

/** Apollo plugin: `extensions.requestId` on every error of the answer, after every other plugin's change. */
export function requestIdPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors) return;
          result.errors = result.errors.map((error) => ({
            ...error,
            extensions: withRequestId(error.extensions ?? {}),
          }));
        },
      };
    },
  };
}
