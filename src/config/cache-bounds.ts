/** Default bounds of the in-process cache tier, shared by the environment's defaults and the tier itself. */

/** `CACHE_MAX_ENTRIES`' default. */
export const DEFAULT_CACHE_MAX_ENTRIES = 20_000;

/**
 * `CACHE_MAX_BYTES`' default: 256 MiB, about 10,000 families of the bench's dashboard (≈ 25 KiB packed each,
 * docs/performance.md), so with the default entry bound (≈ 1,250 such families) the entries bind first.
 */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 2 ** 20;
