/**
 * Reading the container files as Docker and Compose read them, for tests that check what they promise
 * (this machine cannot build images or run compose): the Dockerfile's instructions by stage, with `ARG`
 * defaults substituted into `FROM`; compose.yaml with its YAML merge keys (`<<: *anchor`) resolved, each
 * service's environment as a map and its published ports as numbers; and .dockerignore's patterns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The repository's root. */
export const REPOSITORY = join(import.meta.dirname, '..', '..');

/** One instruction: its keyword (upper case) and its arguments as written (continuations joined). */
export interface Instruction {
  keyword: string;
  args: string;
}

/** One build stage: its base image (ARGs substituted), its name, its instructions after `FROM`. */
export interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions: comments and blank lines dropped, `\`-continued lines joined. */
export function dockerInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (continued) continue;
    const [keyword = '', ...rest] = pending.trim().split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' ') });
    pending = '';
  }
  return instructions;
}

/** The Dockerfile's stages, in order; `ARG`s declared before the first `FROM` are substituted into `FROM`. */
export function dockerStages(text: string): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of dockerInstructions(text)) {
    if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name = '', value = ''] = instruction.args.split('=');
      globalArgs.set(name, value);
    } else if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args
        .replace(/\$\{(\w+)\}/g, (_all, arg: string) => globalArgs.get(arg) ?? '')
        .split(' ');
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The arguments of every instruction of `stage` with `keyword`. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);
}

/** `ENV` settings of a stage (`KEY=value` pairs, several per line), the last one winning. */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const args of argsOf(stage, 'ENV'))
    for (const pair of args.split(' ')) {
      const at = pair.indexOf('=');
      if (at > 0) env.set(pair.slice(0, at), pair.slice(at + 1));
    }
  return env;
}

/** The JSON (exec) form of `CMD` and of `HEALTHCHECK … CMD`: the argument vector. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

/** A service of compose.yaml, as the tests read it. */
export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  network_mode?: string;
  healthcheck?: { test: string[] };
}

/** compose.yaml with merge keys resolved. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Parses compose YAML text as Compose does (YAML 1.1 merge keys included). */
export function parseCompose(text: string): ComposeFile {
  return parseYaml(text, { merge: true }) as ComposeFile;
}

/** Reads a file of the repository. */
export function repositoryFile(path: string): string {
  return readFileSync(join(REPOSITORY, path), 'utf8');
}

/** A service's environment as strings, as the container sees it. */
export function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]));
}

/** The host ports a service publishes, each with its container port (`4010-4014:4010-4014` spelled out). */
export function publishedPorts(service: ComposeService): { host: number; container: number }[] {
  return (service.ports ?? []).flatMap((spec) => {
    const [host = '', container = ''] = spec.split(':').slice(-2);
    const [hostFirst, hostLast = hostFirst] = host.split('-').map(Number);
    const [containerFirst] = container.split('-').map(Number);
    return Array.from({ length: hostLast! - hostFirst! + 1 }, (_unused, offset) => ({
      host: hostFirst! + offset,
      container: containerFirst! + offset,
    }));
  });
}

/** Where a bind mount of `service` puts `containerPath` from, relative to the repository (or `null`). */
export function mountedFrom(service: ComposeService, containerPath: string): string | null {
  for (const volume of service.volumes ?? []) {
    const [source = '', target] = volume.split(':');
    if (target === containerPath && source.startsWith('./')) return source.slice(2);
  }
  return null;
}
