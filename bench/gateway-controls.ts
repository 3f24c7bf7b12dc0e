/**
 * What the orchestrator can ask of the gateway process besides its memory: a warm-only CPU profile (V8's
 * profiler started and stopped around the warm rounds through `node:inspector`, so the profile holds the
 * warm path alone) and the family structure prefetch (issue 15) for chosen families.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** A profiler of this process, started and stopped on request. */
export interface PhaseProfiler {
  start(): Promise<void>;
  /** Stops the profile and writes it to `file` (a `.cpuprofile` any V8 tool reads). */
  stop(file: string): Promise<void>;
}

/** Creates the profiler; the inspector session opens on the first start. */
export function createPhaseProfiler(): PhaseProfiler {
  let session: Session | null = null;
  return {
    async start() {
      if (session) throw new Error('the phase profiler is already running');
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      // 1 ms, as `--cpu-prof` samples by default: the two kinds of profile compare.
      await session.post('Profiler.setSamplingInterval', { interval: 1000 });
      await session.post('Profiler.start');
    },
    async stop(file) {
      if (!session) throw new Error('the phase profiler is not running');
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      session = null;
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

/** The gateway's structure prefetch (issue 15), when the build has it. */
export type PrefetchStructure = (userId: string) => Promise<void>;

/**
 * The gateway object's `prefetchStructure(userId)`, or `null` when this build does not have it yet (the
 * bench then primes the structure with a GraphQL query instead; see `scenarios/cold.ts`).
 */
export function prefetchOf(gateway: object): PrefetchStructure | null {
  const candidate = (gateway as { prefetchStructure?: unknown }).prefetchStructure;
  return typeof candidate === 'function' ? (candidate.bind(gateway) as PrefetchStructure) : null;
}
