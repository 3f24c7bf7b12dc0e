/**
 * `npm run bench -- --profile`: the gateway runs with V8's `--cpu-prof`, and its profile is summarised
 * here by self time — per package or source folder, and per function — to show where the gateway's CPU
 * goes. Profiling slows the gateway down, so a profiled run's figures are not for citing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from './report.js';

/** A node of a V8 CPU profile (the fields read here). */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** A V8 CPU profile (`.cpuprofile`), the fields read here. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives: `node_modules/<package>`, `src/<folder>`, `adapters/<provider>`, or Node itself. */
export function areaOf(url: string): string {
  if (url === '') return '(V8: GC, native, idle)';
  if (url.startsWith('node:')) return 'node: core';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return `npm ${dependency[1]}`;
  const own = /\/dist\/((?:src|adapters|bench)\/[^/]+)/.exec(url);
  return own ? own[1]!.replace(/\.js$/, '') : url;
}

/**
 * Self time in ms per key, from the samples of a profile. The first and the last sample are left out: they
 * are the profiler's own start and stop (a warm-only profile's first sample is the inspector's `dispatch`
 * carrying every millisecond from the profile's start time, half a second in a smoke run), not the gateway's
 * work.
 */
export function selfTimes(profile: CpuProfile, keyOf: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map<string, number>();
  const last = profile.samples.length - 1;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (index === 0 || index === last || !node || node.callFrame.functionName === '(idle)') return;
    const key = keyOf(node);
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return times;
}

function top(times: Map<string, number>, count: number): [string, number][] {
  return [...times].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** Summarises every `.cpuprofile` in `directory` into two tables (by area, by function). */
export function summarizeProfiles(directory: string, count = 15): Table[] {
  const files = readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
  const tables: Table[] = [];
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    const byArea = selfTimes(profile, (node) => areaOf(node.callFrame.url));
    const total = [...byArea.values()].reduce((sum, ms) => sum + ms, 0);
    const share = (ms: number) => `${((ms / total) * 100).toFixed(1)}%`;
    tables.push({
      title: `Gateway CPU by area (self time, ${file})`,
      columns: ['area', 'self time', 'share'],
      rows: top(byArea, count).map(([area, ms]) => [area, `${Math.round(ms)} ms`, share(ms)]),
    });
    const byFunction = selfTimes(
      profile,
      (node) =>
        `${node.callFrame.functionName || '(anonymous)'} ${areaOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`,
    );
    tables.push({
      title: `Gateway CPU by function (self time, ${file})`,
      columns: ['function', 'self time', 'share'],
      rows: top(byFunction, count).map(([name, ms]) => [name, `${Math.round(ms)} ms`, share(ms)]),
    });
  }
  return tables;
}
