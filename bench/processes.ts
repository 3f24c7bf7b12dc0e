/**
 * The bench's child processes: each one a compiled `dist/bench/*.js` entry, started on its own core
 * with `taskset` (benchmarking.md §8.1: the system under test alone on core 1, load generator and
 * simulators on core 0), spoken to over Node's IPC channel, and measured from `/proc` (CPU time, RSS)
 * so the measuring never runs inside the measured process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two roles of the machine's cores. */
export type CoreRole = 'system-under-test' | 'load-and-simulators';

/** How processes are pinned on this machine. */
export interface Pinning {
  /** `taskset` exists and the machine has at least two cores. */
  enabled: boolean;
  /** Why pinning is off, printed once. */
  note: string | null;
}

/** Decides whether pinning is possible here; never throws. */
export function detectPinning(cores: number): Pinning {
  const taskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  if (taskset.error || taskset.status !== 0) {
    return {
      enabled: false,
      note: '`taskset` is not installed (util-linux): processes are NOT pinned; gateway and load share every core.',
    };
  }
  if (cores < 2)
    return { enabled: false, note: `only ${cores} core: processes are NOT pinned; gateway and load share it.` };
  return { enabled: true, note: null };
}

const CORE_OF: Record<CoreRole, string> = { 'system-under-test': '1', 'load-and-simulators': '0' };

/** Pins this (the orchestrating) process and all its threads to the load core. */
export function pinSelf(pinning: Pinning): void {
  if (pinning.enabled)
    spawnSync('taskset', ['-a', '-p', '-c', CORE_OF['load-and-simulators'], String(process.pid)], { stdio: 'ignore' });
}

/** A running bench child. */
export interface BenchChild {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Sends a request and resolves with the child's reply to it. */
  call<T>(message: Record<string, unknown>): Promise<T>;
  /** Asks the child to exit and waits for it. */
  stop(): Promise<void>;
}

/** Options of {@link startChild}. */
export interface StartChildOptions {
  name: string;
  /** Compiled entry file, relative to `dist/bench/`. */
  entry: string;
  role: CoreRole;
  pinning: Pinning;
  /** Passed to the child as `BENCH_OPTIONS` (JSON). */
  options: unknown;
  /** Folder the child's stdout and stderr go to (`<name>.log`). */
  logDirectory: string;
  /** Extra `node` flags, for example `--expose-gc`. */
  nodeFlags?: string[];
  /** How long the child may take to say it is ready. @default 60000 */
  readyTimeoutMs?: number;
}

/** A message from a child: `ready`, or the reply to request `id`. */
interface ChildMessage {
  type?: string;
  id?: number;
  ok?: boolean;
  value?: unknown;
  error?: string;
}

/**
 * Starts a child (`node dist/bench/<entry>`) pinned to its core, and waits for its `{ type: 'ready' }`
 * message; resolves with the child and that message.
 */
export async function startChild<Ready>(options: StartChildOptions): Promise<{ child: BenchChild; ready: Ready }> {
  const script = join(import.meta.dirname, options.entry);
  const node = [process.execPath, ...(options.nodeFlags ?? []), script];
  const [command, ...args] = options.pinning.enabled ? ['taskset', '-c', CORE_OF[options.role], ...node] : node;
  const log = openSync(join(options.logDirectory, `${options.name}.log`), 'a');
  const child = spawn(command!, args, {
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', BENCH_OPTIONS: JSON.stringify(options.options) },
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms`)),
      options.readyTimeoutMs ?? 60_000,
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message as Ready);
      } else if (message.type === 'reply' && typeof message.id === 'number') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`${options.name}: ${message.error ?? 'failed'}`));
      }
    });
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const error = new Error(
        `${options.name} exited (code ${code}, signal ${signal}); see its log in ${options.logDirectory}`,
      );
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });

  const handle: BenchChild = {
    name: options.name,
    process: child,
    pid: child.pid ?? -1,
    call<T>(message: Record<string, unknown>) {
      if (exited) return Promise.reject(new Error(`${options.name} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...message, id });
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
  return { child: handle, ready: await ready };
}

/**
 * For child entries: answers the parent's requests with `handler` (each request's `id` is echoed), and
 * exits on SIGTERM after `onExit`.
 */
export function serveParent(
  handler: (message: Record<string, unknown>) => Promise<unknown>,
  onExit: () => Promise<void>,
): void {
  process.on('message', (message: Record<string, unknown>) => {
    const id = message.id;
    handler(message).then(
      (value) => process.send?.({ type: 'reply', id, ok: true, value }),
      (error: unknown) =>
        process.send?.({ type: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // `void`: the process exits in `finally` however `onExit` ended, so no rejection is left to handle.
  process.once('SIGTERM', () => {
    void onExit().finally(() => process.exit(0));
  });
  // Without a parent (it crashed) there is nobody to measure for: leave.
  process.once('disconnect', () => {
    void onExit().finally(() => process.exit(0));
  });
}

/** Reads the options the parent passed in `BENCH_OPTIONS`. */
export function childOptions<T>(): T {
  const raw = process.env.BENCH_OPTIONS;
  if (!raw) throw new Error('BENCH_OPTIONS is not set: bench child processes are started by bench/main.ts');
  return JSON.parse(raw) as T;
}

/** Kernel clock ticks per second, the unit of `/proc/<pid>/stat` CPU times (100 on nearly every Linux). */
const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat`; `null` off Linux. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return (user + system) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Resident set size of a process in MiB, from `/proc/<pid>/status`; `null` off Linux. */
export function rssMiB(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((each) => each.startsWith('VmRSS:'));
    const kib = Number(line?.split(/\s+/)[1]);
    return Number.isFinite(kib) ? kib / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; resolves with the peak seen. */
export function sampleRss(pid: number, intervalMs = 200): { stop(): number | null } {
  let peak: number | null = rssMiB(pid);
  const timer = setInterval(() => {
    const now = rssMiB(pid);
    if (now !== null && (peak === null || now > peak)) peak = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = rssMiB(pid);
      if (last !== null && (peak === null || last > peak)) peak = last;
      return peak;
    },
  };
}
