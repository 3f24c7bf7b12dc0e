/**
 * What a diary answered, as the `cause` of a gateway error: the facts an operator needs from the log
 * (route, status, content type, body size), never the body itself, which may hold children's personal
 * data. Each adapter extends it with what its diary says about an error (МЭШ's `message`, Dnevnik.ru's
 * `type` and `description`, Eljur's `state` and `error`).
 */
import type { UpstreamResponse } from './transport.js';

/** Longest piece of a diary's own error text kept in a cause. */
export const MAX_PROVIDER_TEXT = 300;

/** The metadata of one answer, kept as the cause of the gateway error it became. */
export class UpstreamAnswer<Route extends string = string> extends Error {
  /** The route (method) the answer came from, as the adapter names it in messages. */
  readonly route: Route;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly bodyLength: number;

  /** `message` describes the answer in words of the adapter's own (never a piece of the body). */
  constructor(route: Route, response: UpstreamResponse, message: string) {
    super(message);
    this.name = new.target.name;
    this.route = route;
    this.status = response.status;
    this.contentType = response.headers['content-type'];
    this.bodyLength = response.body.length;
  }
}
