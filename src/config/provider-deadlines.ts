/**
 * Reading `PROVIDER_DEADLINES_MS`, each diary's own deadline within a request (see
 * `GatewayConfig.providerDeadlinesMs`): a slow diary is given up on at its own deadline, so it costs its
 * own lists only and the answer does not wait for `REQUEST_DEADLINE_MS`.
 */

/** The diaries a deadline may be given for (config imports no other room, so the list is its own). */
export const DEADLINE_PROVIDERS = ['MESH', 'DNEVNIK', 'ELJUR'] as const;

/** One of {@link DEADLINE_PROVIDERS}. */
export type DeadlineProvider = (typeof DEADLINE_PROVIDERS)[number];

/** The longest deadline anywhere in the configuration, as for `REQUEST_DEADLINE_MS`. */
export const MAX_DEADLINE_MS = 120_000;

/** A diary's deadline in milliseconds, by diary; a diary left out has the request's deadline. */
export type ProviderDeadlines = Readonly<Partial<Record<DeadlineProvider, number>>>;

const isProvider = (value: string): value is DeadlineProvider =>
  (DEADLINE_PROVIDERS as readonly string[]).includes(value);

/**
 * `ELJUR=3000,MESH=5000` → `{ ELJUR: 3000, MESH: 5000 }`. Empty entries (a trailing `,`) are skipped.
 * @throws Error naming the entry by position and its diary (never anything else) when one is malformed.
 * @example parseProviderDeadlines('ELJUR=3000') // { ELJUR: 3000 }
 */
export function parseProviderDeadlines(spec: string): ProviderDeadlines {
  const deadlines: Partial<Record<DeadlineProvider, number>> = {};
  spec.split(',').forEach((entry, index) => {
    if (!entry.trim()) return;
    const [name = '', value, ...rest] = entry.split('=').map((part) => part.trim());
    if (!isProvider(name))
      throw new Error(
        `entry ${index + 1} must start with a diary (${DEADLINE_PROVIDERS.join(', ')}), then =milliseconds`,
      );
    if (value === undefined || rest.length > 0 || !/^\d{1,6}$/.test(value))
      throw new Error(`entry ${index + 1} (${name}) needs whole milliseconds after =`);
    const ms = Number(value);
    if (ms < 1 || ms > MAX_DEADLINE_MS)
      throw new Error(`entry ${index + 1} (${name}) must be between 1 and ${MAX_DEADLINE_MS} ms`);
    if (deadlines[name] !== undefined) throw new Error(`${name} appears twice`);
    deadlines[name] = ms;
  });
  return deadlines;
}

/**
 * The problems of deadlines that exceed the request's (a diary cannot be given longer than the whole
 * request), each naming `variable` and the diary.
 */
export function deadlinesOverRequest(
  deadlines: ProviderDeadlines,
  requestDeadlineMs: number,
  variable = 'PROVIDER_DEADLINES_MS',
): string[] {
  return Object.entries(deadlines)
    .filter(([, ms]) => ms > requestDeadlineMs)
    .map(
      ([provider, ms]) =>
        `${variable}: ${provider}=${ms} is longer than REQUEST_DEADLINE_MS (${requestDeadlineMs}); a diary's deadline must be at most the request's`,
    );
}
