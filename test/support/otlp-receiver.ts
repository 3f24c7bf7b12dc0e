/**
 * A local OTLP/HTTP receiver for trace tests: a loopback `node:http` server that takes what an exporter
 * POSTs to `/v1/traces` in OTLP/JSON (what `@opentelemetry/exporter-trace-otlp-http` sends), decodes it
 * into flat spans, and answers 200 as a collector does. Closed by itself when the test (or file) ends.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { listeningServer } from './http-server.js';

/** An OTLP/JSON attribute value (`AnyValue`). */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}

interface KeyValue {
  key: string;
  value: AnyValue;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
}

interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}

/** OTLP's `SpanKind` numbers. */
export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

/** OTLP's status codes: unset, ok, error. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/** One span as received, with its attributes and its resource's read into plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** `null` for the root of what the exporter sent (it may still have a remote parent elsewhere: see `parentSpanId`). */
  parentSpanId: string | null;
  name: string;
  kind: number;
  /** Nanoseconds since the epoch, as a bigint (OTLP/JSON sends a decimal string). */
  start: bigint;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
  scope: string;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** The base URL, as `OTEL_EXPORTER_OTLP_ENDPOINT` takes it. */
  url: string;
  /** Every span received so far, oldest first by start time. */
  spans(): ReceivedSpan[];
  /** How many export requests arrived (any path). */
  requests(): number;
  /** Every export body received, as text: to check that something is in no span at all. */
  text(): string;
  /** The headers of each export request, in arrival order. */
  headers(): IncomingHttpHeaders[];
}

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const headers: IncomingHttpHeaders[] = [];
  let requests = 0;
  const { url } = await listeningServer((req, res) => {
    requests += 1;
    headers.push(req.headers);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      bodies.push(body.toString('utf8'));
      received.push(...decodeExport(JSON.parse(bodies.at(-1)!) as ExportRequest));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return {
    url,
    spans: () => [...received].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)),
    requests: () => requests,
    text: () => bodies.join('\n'),
    headers: () => [...headers],
  };
}

function decodeExport(request: ExportRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
    const resourceAttributes = attributesOf(resource?.attributes);
    return (scopeSpans ?? []).flatMap(({ scope, spans }) =>
      (spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ? span.parentSpanId : null,
        name: span.name,
        kind: span.kind,
        start: BigInt(span.startTimeUnixNano),
        attributes: attributesOf(span.attributes),
        status: {
          code: span.status?.code ?? STATUS_CODE.unset,
          ...(span.status?.message ? { message: span.status.message } : {}),
        },
        resource: resourceAttributes,
        scope: scope?.name ?? '',
      })),
    );
  });
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return null;
}

/** The spans of one trace, and helpers to walk its tree. */
export class TraceTree {
  readonly spans: readonly ReceivedSpan[];
  private readonly byId: ReadonlyMap<string, ReceivedSpan>;

  constructor(
    all: readonly ReceivedSpan[],
    readonly traceId: string,
  ) {
    this.spans = all.filter((span) => span.traceId === traceId);
    this.byId = new Map(this.spans.map((span) => [span.spanId, span]));
  }

  /** The span's parent within this trace, or `null` (a root, or a parent elsewhere). */
  parentOf(span: ReceivedSpan): ReceivedSpan | null {
    return span.parentSpanId === null ? null : (this.byId.get(span.parentSpanId) ?? null);
  }

  /** The span's ancestors, nearest first. */
  ancestorsOf(span: ReceivedSpan): ReceivedSpan[] {
    const ancestors: ReceivedSpan[] = [];
    for (let parent = this.parentOf(span); parent !== null; parent = this.parentOf(parent)) ancestors.push(parent);
    return ancestors;
  }

  /** The spans whose parent is `span`. */
  childrenOf(span: ReceivedSpan): ReceivedSpan[] {
    return this.spans.filter((candidate) => candidate.parentSpanId === span.spanId);
  }

  /** The span tree as indented lines (`name [kind] key=value…`), for a failing test's message and for docs. */
  render(describe: (span: ReceivedSpan) => string = (span) => span.name): string {
    const lines: string[] = [];
    const walk = (span: ReceivedSpan, depth: number) => {
      lines.push(`${'  '.repeat(depth)}${describe(span)}`);
      for (const child of this.childrenOf(span)) walk(child, depth + 1);
    };
    for (const root of this.spans.filter((span) => this.parentOf(span) === null)) walk(root, 0);
    return lines.join('\n');
  }
}
