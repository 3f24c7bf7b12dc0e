/**
 * `Cache-Control: no-store` on every GraphQL answer: answers carry a family's data and must not be kept
 * by a browser or a proxy. Apollo's default cache-control plugin wrote this header, but it also hooks
 * every resolved field (`willResolveField`), which makes Apollo wrap every resolver of the schema, the
 * default ones included; on a dashboard of thousands of fields that cost about a sixth of the gateway's
 * CPU. The gateway sets no cache hints, so with that plugin disabled this one writes the same header.
 */
import type { ApolloServerPlugin } from '@apollo/server';

/** The header value Apollo's plugin wrote for an answer without cache hints. */
export const NO_STORE = 'no-store';

/**
 * Sets `cache-control: no-store` on every answer Apollo sends, unless something upstream of it already
 * chose a `cache-control` (nothing in the gateway does; the header is then left to whoever set it).
 */
export function noStorePlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', NO_STORE);
        },
      };
    },
  };
}
