/** The warning a client sees when a route that only enriches a list failed: see {@link ProviderSideAnswerError}. */
import type { SideAnswerFailure } from '../domain/model.js';
import { PROVIDER_NAMES, ProviderError } from './gateway-error.js';

/**
 * A warning beside data, not a failure of the list: a route that only enriches it failed (МЭШ's `schedule`,
 * which numbers lessons and names their teachers), so the list is served without what that route gives.
 * Its code is the failure's own (`PROVIDER_UNAVAILABLE`, `PROVIDER_TIMEOUT`, `PROVIDER_AUTH_FAILED`);
 * `route` and `missing` (the fields left null, as `Type.field`) tell it from a failure of the whole list.
 */
export class ProviderSideAnswerError extends ProviderError {
  readonly route: string;
  readonly missing: readonly string[];

  constructor(failure: SideAnswerFailure) {
    const { provider, route, code, missing } = failure;
    super(
      code,
      provider,
      `${PROVIDER_NAMES[provider]} did not serve one of its routes (${route}); the rest is shown without ` +
        `${missing.join(', ')}.`,
    );
    this.route = route;
    this.missing = missing;
  }

  override toExtensions(): Record<string, unknown> {
    return { code: this.code, provider: this.provider, route: this.route, missing: [...this.missing] };
  }
}
