/**
 * What machine and code a run measured: printed above the tables and stored in the JSON, because
 * absolute figures from a shared 2-core VM mean little without it (benchmarking.md §8, §8.5).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** The machine and build a run measured. */
export interface MachineDescription {
  /** Logical CPUs the OS reports (`nproc`). */
  nproc: number;
  /** `model name` from /proc/cpuinfo (or Node's view of it elsewhere). */
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  /** Kernel release, from `uname -r`. */
  kernel: string;
  /** `git rev-parse HEAD`, with `-dirty` when the work tree has changes. */
  gitSha: string;
  /** ISO time the run started. */
  timestamp: string;
  /** Whether `taskset` pinned the gateway to its own core. */
  pinned: boolean;
  /**
   * CPU used by other processes (the bench's own are not running yet, or any more), % of all cores,
   * sampled for two seconds before and after the run: a shared machine makes absolute figures noisy.
   */
  foreignCpuPercent: { before: number | null; after: number | null };
}

/** Busy and total jiffies of all CPUs from /proc/stat; `null` off Linux. */
function cpuJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const values = fields.map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of all cores busy over the next `ms`, %; `null` off Linux. */
export async function machineBusyPercent(ms = 2000): Promise<number | null> {
  const before = cpuJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuJiffies();
  if (!before || !after || after.total === before.total) return null;
  return ((after.busy - before.busy) / (after.total - before.total)) * 100;
}

function run(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((each) => each.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: fall through to Node's view.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function gitSha(): string {
  const sha = run('git', ['rev-parse', 'HEAD']) ?? 'unknown';
  const dirty = spawnSync('git', ['diff', '--quiet', 'HEAD'], { stdio: 'ignore' }).status === 1;
  const untracked = (run('git', ['ls-files', '--others', '--exclude-standard']) ?? '') !== '';
  return dirty || untracked ? `${sha}-dirty` : sha;
}

/** Describes this machine and checkout. */
export function describeMachine(pinned: boolean, now: Date = new Date()): MachineDescription {
  return {
    nproc: Number(run('nproc', [])) || cpus().length,
    cpuModel: cpuModel(),
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: run('uname', ['-r']) ?? 'unknown',
    gitSha: gitSha(),
    timestamp: now.toISOString(),
    pinned,
    foreignCpuPercent: { before: null, after: null },
  };
}
