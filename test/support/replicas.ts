/**
 * Gateway replicas as operators run them: separate `node` processes of `src/main.ts` (through tsx, as the
 * sources are), each on a port chosen beforehand, all configured alike by the environment a test hands in
 * (one Redis, one issuer, one tenants file). Not in-process gateways: a replica shares nothing with
 * another but what goes through Redis, and can be killed (`SIGKILL`, a crash) or stopped (`SIGTERM`, a
 * rolling restart) like a real one.
 *
 * Every replica started is killed when the test (or file) that started it ends (teardown.ts), pass or
 * fail, and stops by itself should the test process die without teardown (replica-orphan-guard.ts).
 * What a replica prints is kept (the last {@link OUTPUT_LIMIT_CHARS} characters) and shown when it fails
 * to start, so a failure names its cause.
 *
 * Why tsx rather than a build in a globalSetup: measured on this 2-core machine, a replica is ready about
 * 2.5–4.4 s after spawning either way (compiled: 2.3–3.3 s), and `tsc -p tsconfig.build.json` costs 20 s
 * before the first one; the three replicas start in parallel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPorts } from './free-ports.js';
import { registerTeardown } from './teardown.js';

/** The repository's root, where `src/main.ts` and `node_modules/tsx` are. */
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const ORPHAN_GUARD = fileURLToPath(new URL('./replica-orphan-guard.ts', import.meta.url));

/** How much of a replica's output is kept for failure messages. */
export const OUTPUT_LIMIT_CHARS = 64 * 1024;
/**
 * How long a replica may take to answer `/readyz`. Generous on purpose: three replicas compile their
 * sources at once on two cores while the rest of the suite runs beside them.
 */
const READY_TIMEOUT_MS = 90_000;
/** Variables of the test process a replica inherits: what node needs to run, nothing of the gateway's. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'NODE_EXTRA_CA_CERTS', 'SYSTEMROOT'];

/** One running (or stopped) gateway process. */
export interface Replica {
  /** A short name for messages (`A`, `B`, `C`). */
  readonly name: string;
  /** `http://127.0.0.1:<port>`: where it listens, before and after a restart. */
  readonly url: string;
  /** Whether its process is running. */
  running(): boolean;
  /** What it printed on stdout and stderr, the last {@link OUTPUT_LIMIT_CHARS} characters. */
  output(): string;
  /** Kills it with `SIGKILL`, as a crash or an OOM kill would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Stops it with `SIGTERM` (the gateway's graceful shutdown); resolves with its exit code. */
  stop(): Promise<number | null>;
  /**
   * Starts it again on the same port and waits until it is ready: with the same environment, or with
   * `changed` variables over it from then on (one replica redeployed with another setting).
   */
  start(changed?: Readonly<Record<string, string>>): Promise<void>;
}

/** How one replica is started. */
export interface ReplicaOptions {
  name: string;
  /** Its port, chosen beforehand (see {@link freeLoopbackPorts}) so that others can be told its URL. */
  port: number;
  /**
   * The gateway's variables (`DEMO`, `STORE`, Redis, secrets, issuer, tenants file…); `HOST` and `PORT`
   * are set here. Nothing else of the test process's environment reaches it but {@link INHERITED}.
   */
  environment: Readonly<Record<string, string>>;
}

/** Starts a replica and waits until `/readyz` answers 200; it is killed when done (see the module comment). */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const url = `http://127.0.0.1:${options.port}`;
  const environment: Record<string, string> = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) environment[name] = process.env[name];
  const address = { HOST: '127.0.0.1', PORT: String(options.port) };
  Object.assign(environment, options.environment, address);
  let output = '';
  let child: ChildProcess | null = null;

  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS);
  };
  const running = () => child !== null && child.exitCode === null && child.signalCode === null;
  const ended = async (process: ChildProcess) => {
    if (process.exitCode === null && process.signalCode === null) await once(process, 'exit');
  };
  const signal = async (name: NodeJS.Signals): Promise<number | null> => {
    const current = child;
    if (!current) return null;
    if (running()) current.kill(name);
    await ended(current);
    return current.exitCode;
  };

  const start = async (changed: Readonly<Record<string, string>> = {}) => {
    if (running()) throw new Error(`replica ${options.name} is already running`);
    Object.assign(environment, changed, address);
    output += `\n--- replica ${options.name} starting ---\n`;
    const started = spawn(process.execPath, ['--import', 'tsx', '--import', ORPHAN_GUARD, 'src/main.ts'], {
      cwd: REPOSITORY,
      env: environment,
      // stdin stays open and unused: its end tells an orphaned replica to stop (replica-orphan-guard.ts).
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout.on('data', keep);
    started.stderr.on('data', keep);
    started.once('error', (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
    await waitUntilReady(options.name, url, started, () => output);
  };

  registerTeardown(() => signal('SIGKILL'));
  await start();
  return {
    name: options.name,
    url,
    running,
    output: () => output,
    kill: async () => void (await signal('SIGKILL')),
    stop: () => signal('SIGTERM'),
    start,
  };
}

/** Polls `/readyz` until it answers 200; fails with the replica's output when it exits or takes too long. */
async function waitUntilReady(name: string, url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const failure = (why: string) => new Error(`replica ${name} (${url}) ${why}. Its output:\n${output()}`);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw failure(`exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const response = await fetch(`${url}/readyz`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet: ask again below.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw failure(`was not ready within ${READY_TIMEOUT_MS} ms`);
}

/**
 * Starts one replica per name, in parallel, all with `environment` (or each with what it gives for the
 * replica's name), on `ports` (chosen beforehand when the caller must tell others the replicas' URLs
 * first), else on free ports; see {@link startReplica}.
 */
export async function startReplicas(
  names: readonly string[],
  environment: Readonly<Record<string, string>> | ((name: string) => Readonly<Record<string, string>>),
  ports?: readonly number[],
): Promise<Replica[]> {
  const chosen = ports ?? (await freeLoopbackPorts(names.length));
  const of = typeof environment === 'function' ? environment : () => environment;
  return Promise.all(names.map((name, index) => startReplica({ name, port: chosen[index]!, environment: of(name) })));
}
