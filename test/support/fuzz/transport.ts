/**
 * A fake `HttpTransport` for the adapter properties (issue 6): it answers each request with the route's
 * valid fixture, spoiled as the run's plan (`answers.ts`) says, and records what it served. No network,
 * so thousands of runs take seconds.
 */
import type { UpstreamScope } from '../../../src/domain/adapter.js';
import { UpstreamNetworkError, type HttpTransport, type UpstreamRequest } from '../../../src/upstream/transport.js';
import { VALID, type FuzzedAnswer, type WireWriter } from './answers.js';
import { createUpstreamScope } from '../../../src/upstream/request-scope.js';

/** Stands for a raw number in a payload until it is written, then is replaced by the number's text. */
const RAW_MARKER = '__fuzz_raw_number__';

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** True for a JSON object or array (a plain object, not a class instance such as a `LosslessNumber`). */
export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return (
    Array.isArray(value) ||
    (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
  );
}

/** Every leaf slot (primitives, and empty arrays and objects) of a payload, depth first. */
function leafSlots(root: unknown): Slot[] {
  const slots: Slot[] = [];
  const visit = (parent: Record<string, unknown> | unknown[], key: string | number, value: unknown) => {
    if (isContainer(value) && Object.keys(value).length > 0) walk(value);
    else slots.push({ parent, key });
  };
  const walk = (node: Record<string, unknown> | unknown[]) => {
    if (Array.isArray(node)) node.forEach((value, index) => visit(node, index, value));
    else for (const [key, value] of Object.entries(node)) visit(node, key, value);
  };
  if (isContainer(root)) walk(root);
  return slots;
}

/** Every object key of a payload (array elements excluded), depth first. */
function keySlots(root: unknown): { parent: Record<string, unknown>; key: string }[] {
  const slots: { parent: Record<string, unknown>; key: string }[] = [];
  const walk = (node: unknown) => {
    if (!isContainer(node)) return;
    if (Array.isArray(node)) node.forEach(walk);
    else
      for (const [key, value] of Object.entries(node)) {
        slots.push({ parent: node, key });
        walk(value);
      }
  };
  walk(root);
  return slots;
}

/** Every string value in a payload (keys excluded). */
export function stringValues(root: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') found.push(node);
    else if (isContainer(node)) Object.values(node).forEach(walk);
  };
  walk(root);
  return found;
}

/** The body of a spoiled answer and the strings it carries. */
function spoiledBody(fixture: unknown, answer: FuzzedAnswer, write: WireWriter): { body: string; values: string[] } {
  const { spoil } = answer;
  switch (spoil.kind) {
    case 'valid':
      return { body: write(fixture), values: stringValues(fixture) };
    case 'json':
      return { body: JSON.stringify(spoil.value), values: stringValues(spoil.value) };
    case 'truncated': {
      const whole = write(fixture);
      return { body: whole.slice(0, Math.floor(spoil.at * whole.length)), values: stringValues(fixture) };
    }
    case 'leaf': {
      const copy = structuredClone(fixture);
      const slots = leafSlots(copy);
      const replacement = 'raw' in spoil.value ? RAW_MARKER : spoil.value.json;
      let root = copy;
      const slot = slots[spoil.pick % Math.max(slots.length, 1)];
      if (slot) (slot.parent as Record<string | number, unknown>)[slot.key] = replacement;
      else root = replacement;
      const text = write(root);
      return {
        body: 'raw' in spoil.value ? text.replace(`"${RAW_MARKER}"`, spoil.value.raw) : text,
        values: stringValues(root),
      };
    }
    case 'edge': {
      // Each leaf keeps its type (a string stays a string, a number a number), so the schema lets it
      // through and the normaliser meets it.
      const copy = structuredClone(fixture);
      const slots = leafSlots(copy);
      const raws: string[] = [];
      for (const edit of spoil.edits) {
        const slot = slots[edit.pick % Math.max(slots.length, 1)];
        if (!slot) break;
        const parent = slot.parent as Record<string | number, unknown>;
        const original = parent[slot.key];
        // A number written as a string (Eljur's `"num": "1"`, a twin id) gets an edge number as a string.
        const digits = typeof original === 'string' && /^-?\d+(\.\d+)?$/.test(original);
        if (typeof original === 'number' || typeof original === 'bigint') {
          parent[slot.key] = `${RAW_MARKER}${raws.length}`;
          raws.push(edit.number);
        } else parent[slot.key] = typeof original === 'boolean' ? !original : digits ? edit.number : edit.text;
      }
      const text = raws.reduce((body, raw, index) => body.replace(`"${RAW_MARKER}${index}"`, raw), write(copy));
      return { body: text, values: stringValues(copy) };
    }
    case 'drop-key': {
      const copy = structuredClone(fixture);
      const slots = keySlots(copy);
      const slot = slots[spoil.pick % Math.max(slots.length, 1)];
      if (slot) delete slot.parent[slot.key];
      return { body: write(copy), values: stringValues(copy) };
    }
    case 'text':
    case 'html':
      return { body: spoil.text, values: [spoil.text] };
    case 'network':
      return { body: '', values: [] };
  }
}

/** What a fuzzed transport served during one run. */
export interface ServedLog {
  requests: UpstreamRequest[];
  /** Every string value of every body served, for the leak check. */
  values: string[];
}

/**
 * A transport answering request `i` with `answers[i]` (or the valid fixture once they run out), applied
 * to the fixture `fixtureFor` names for the request.
 */
export function fuzzedTransport(
  fixtureFor: (request: UpstreamRequest) => unknown,
  answers: readonly FuzzedAnswer[],
  write: WireWriter = (payload) => JSON.stringify(payload),
): { transport: HttpTransport; served: ServedLog } {
  const served: ServedLog = { requests: [], values: [] };
  const transport: HttpTransport = async (request) => {
    const answer = answers[served.requests.length] ?? VALID;
    served.requests.push(request);
    if (answer.spoil.kind === 'network') throw new UpstreamNetworkError(answer.spoil.failure, 'fuzzed network failure');
    const { body, values } = spoiledBody(fixtureFor(request), answer, write);
    served.values.push(...values);
    const headers: Record<string, string> = {};
    if (answer.contentType !== undefined) headers['content-type'] = answer.contentType;
    return { status: answer.status, headers, body };
  };
  return { transport, served };
}

/** The scope an adapter gets in a property run: a fresh memo and a signal that never fires. */
export function propertyScope(): UpstreamScope {
  return createUpstreamScope(new AbortController().signal);
}
