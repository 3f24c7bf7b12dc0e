/**
 * Each diary's deadline within a request: the tenant's own `deadlineMs` (`TENANTS_FILE`), else its diary's
 * `PROVIDER_DEADLINES_MS` entry, else none (the request's deadline bounds it, as it bounds everything).
 */
import type { ProviderDeadlines } from '../config/provider-deadlines.js';
import type { ProviderKind } from '../domain/model.js';
import type { Tenant } from './tenant.js';

/** What {@link diaryDeadlines} needs. */
export interface DiaryDeadlineOptions {
  /** The tenant an account's calls go to (`undefined`: not served; such calls fail before any wait). */
  tenantOf: (account: { provider: ProviderKind; tenant?: string | undefined }) => Tenant | undefined;
  /** `PROVIDER_DEADLINES_MS`. */
  providerDeadlinesMs: ProviderDeadlines;
  /** `REQUEST_DEADLINE_MS`: a diary's deadline never exceeds it. */
  requestDeadlineMs: number;
}

/**
 * A function giving an account's diary deadline in milliseconds, or `undefined` when the request's own
 * applies (none configured, or one not shorter than the request's).
 * @example
 * const deadlineOf = diaryDeadlines({ tenantOf, providerDeadlinesMs: { ELJUR: 3000 }, requestDeadlineMs: 8000 });
 * deadlineOf({ provider: 'ELJUR' }); // 3000
 */
export function diaryDeadlines(
  options: DiaryDeadlineOptions,
): (account: { provider: ProviderKind; tenant?: string | undefined }) => number | undefined {
  const { tenantOf, providerDeadlinesMs, requestDeadlineMs } = options;
  return (account) => {
    const ms = tenantOf(account)?.deadlineMs ?? providerDeadlinesMs[account.provider];
    // Checked at start (config and tenants); kept here too, so a list built elsewhere (the demo's) cannot
    // lengthen a request.
    return ms !== undefined && ms < requestDeadlineMs ? ms : undefined;
  };
}
