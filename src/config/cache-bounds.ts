/** Default bounds of the in-process cache tier, shared by the environment's defaults and the tier itself. */

/**
 * `CACHE_MAX_ENTRIES`' default: packed entries are small (≈ 1.8 KiB for the bench family's), so the byte bound
 * below is the one that should bind; this one only stops a flood of tiny entries (≈ 9,000 bench families).
 */
export const DEFAULT_CACHE_MAX_ENTRIES = 150_000;

/**
 * `CACHE_MAX_BYTES`' default: 256 MiB, about 8,000–10,000 families of the bench's dashboard (≈ 25–30 KiB packed
 * each, docs/performance.md).
 */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 2 ** 20;
