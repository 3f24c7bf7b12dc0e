/**
 * Child process (core 0): the change scenarios' subscribers (issue 16). Opens graphql-ws sockets to the
 * gateway, one `changes` subscription each, as apps do (`graphql-transport-ws`, the `graphql-ws` client that
 * Apollo's and urql's links use), and records when each message arrived, so delivery is timed outside the
 * gateway's process.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { childOptions, serveParent } from './processes.js';

/** What the parent passes at start (nothing yet: each `open` says where). */
export type SubscribersOptions = Record<string, never>;

/** One change as a subscriber received it. */
export interface ReceivedChange {
  /** Index of the socket (the order of `tokens` in `open`). */
  socket: number;
  /** Arrival, epoch ms (this machine's clock, shared by every bench process). */
  at: number;
  kind: string;
  /** The mark's comment: the tag the bench entered it with. */
  tag: string | null;
  detectedAt: string;
}

/** An `open` request: one socket per token, each with one subscription. */
export interface OpenRequest {
  /** The gateway's origin (`http://…`). */
  url: string;
  /** The session token of each socket (a token may appear several times: several devices of one family). */
  tokens: string[];
  /**
   * Where each subscription starts: a cursor of the viewer's feed (the changes kept after it come first), or
   * `null` for the changes appended from now on.
   */
  since: string | null;
  /**
   * Resolve only once every socket has received a first change: its subscription is then live (the feed
   * must hold a change after `since`, which a subscription delivers at once).
   */
  awaitFirst: boolean;
  timeoutMs: number;
}

/** How an `open` went. */
export interface OpenOutcome {
  opened: number;
  /** Sockets that closed or failed before being ready, by close code or error. */
  failures: Record<string, number>;
  ms: number;
}

/** The subscription every socket runs: the viewer's changes, each with what identifies it. */
export const CHANGES_SUBSCRIPTION =
  'subscription($since: Cursor) { changes(since: $since) { id kind detectedAt cursor ... on GradeChange { grade { comment } } } }';

/** Sockets opened at once: a crowd of apps reconnecting, not a single burst of a thousand upgrades. */
const OPEN_BATCH = 50;

interface ChangeMessage {
  changes: { kind: string; detectedAt: string; grade?: { comment: string | null } };
}

const clients: Client[] = [];
const received: ReceivedChange[] = [];

/**
 * Opens socket number `socket` with `token` and its subscription; resolves `true` when connected (with
 * `awaitFirst`, when told a first change), `false` when it closed, failed or timed out first.
 */
function openOne(
  request: Omit<OpenRequest, 'tokens'>,
  token: string,
  socket: number,
  failures: Record<string, number>,
): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean, why?: string) => {
      if (settled) return;
      settled = true;
      if (why) failures[why] = (failures[why] ?? 0) + 1;
      resolve(ok);
    };
    const client = createClient({
      url: `${request.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          if (!request.awaitFirst) settle(true);
        },
        closed: (event) => settle(false, `closed ${(event as { code?: number }).code ?? '?'}`),
        error: (error) => settle(false, `socket error ${describe(error)}`),
      },
    });
    clients.push(client);
    client.subscribe<ChangeMessage>(
      { query: CHANGES_SUBSCRIPTION, variables: { since: request.since } },
      {
        next: ({ data, errors }) => {
          if (errors || !data) return settle(false, `errors ${String(errors?.[0]?.extensions?.code)}`);
          received.push({
            socket,
            at: Date.now(),
            kind: data.changes.kind,
            tag: data.changes.grade?.comment ?? null,
            detectedAt: data.changes.detectedAt,
          });
          settle(true);
        },
        error: (error) => settle(false, `subscription error ${describe(error)}`),
        complete: () => settle(false, 'completed'),
      },
    );
    setTimeout(() => settle(false, 'timeout'), request.timeoutMs).unref();
  });
}

async function open(request: OpenRequest): Promise<OpenOutcome> {
  const started = Date.now();
  const failures: Record<string, number> = {};
  let opened = 0;
  const from = clients.length;
  for (let batch = 0; batch < request.tokens.length; batch += OPEN_BATCH) {
    const outcomes = await Promise.all(
      request.tokens
        .slice(batch, batch + OPEN_BATCH)
        .map((token, offset) => openOne(request, token, from + batch + offset, failures)),
    );
    opened += outcomes.filter(Boolean).length;
  }
  return { opened, failures, ms: Date.now() - started };
}

/** Resolves when `count` sockets have received the change tagged `tag`, or after `timeoutMs`; with how many did. */
async function waitFor(tag: string, count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const seen = () => new Set(received.filter((each) => each.tag === tag).map((each) => each.socket)).size;
  while (seen() < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return seen();
}

/** A failure in a few words: a close code, a GraphQL error's code, or an error's name. */
function describe(error: unknown): string {
  if (Array.isArray(error)) return String((error[0] as { extensions?: { code?: unknown } })?.extensions?.code);
  if (error && typeof error === 'object' && 'code' in error) return `code ${String(error.code)}`;
  return error instanceof Error ? error.name : typeof error;
}

/** Closes every socket (graphql-ws completes its subscriptions and closes with 1000). */
function disposeAll(): void {
  for (const client of clients.splice(0)) void client.dispose();
}

childOptions<SubscribersOptions>();
serveParent(
  async (message) => {
    switch (message.type) {
      case 'open':
        return open(message.request as OpenRequest);
      case 'received': {
        const list = [...received];
        if (message.clear) received.length = 0;
        return list;
      }
      case 'wait':
        return waitFor(String(message.tag), Number(message.count), Number(message.timeoutMs));
      case 'close':
        disposeAll();
        received.length = 0;
        return null;
      default:
        throw new Error(`unknown request ${String(message.type)}`);
    }
  },
  async () => disposeAll(),
);
process.send?.({ type: 'ready' });
