/**
 * The `graphql-transport-ws` protocol at `/graphql`, spoken by hand over a raw WebSocket so that every
 * close code the server can send is reached: 4400 (a message that is not the protocol's), 4401 (subscribing
 * before the acknowledgement), 4403 (no valid credential), 4406 (another subprotocol), 4408 (no
 * `connection_init` in time), 4409 (a subscription id used twice), 4429 (a second `connection_init`), 4500
 * (the gateway failed, without saying how), 1009 (a message over 64 KiB) and 1001 (the gateway going away);
 * and the upgrade's own refusals (another path: 404; an address over its allowance: 429).
 */
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../src/server/subscriptions.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { registerTeardown } from '../support/teardown.js';

/** A raw socket: the messages it received and how it closed. */
interface RawSocket {
  ws: WebSocket;
  messages: { type: string; id?: string; payload?: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** The next message of `type` (already received or still to come). */
  next(type: string): Promise<{ type: string; id?: string; payload?: unknown }>;
}

/** Opens a socket; `protocol: null` asks for no subprotocol at all. */
function open(target: TestGateway, options: { protocol?: string | null; path?: string } = {}): Promise<RawSocket> {
  const url = `${target.url.replace('http', 'ws')}${options.path ?? '/graphql'}`;
  const protocol = options.protocol === undefined ? 'graphql-transport-ws' : options.protocol;
  const ws = protocol === null ? new WebSocket(url) : new WebSocket(url, protocol);
  registerTeardown(() => ws.terminate());
  const messages: RawSocket['messages'] = [];
  const waiting: { type: string; resolve: (message: RawSocket['messages'][number]) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as RawSocket['messages'][number];
    messages.push(message);
    for (const waiter of waiting.filter((entry) => entry.type === message.type)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
        next: (type) =>
          new Promise((found) => {
            const already = messages.find((message) => message.type === type);
            if (already) found(already);
            else waiting.push({ type, resolve: found });
          }),
      }),
    );
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A socket past `connection_init` with the demo parent's token. */
async function acknowledged(target: TestGateway): Promise<RawSocket> {
  const socket = await open(target);
  socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${target.gateway.demo!.token}` } });
  await socket.next('connection_ack');
  return socket;
}

const SUBSCRIBE = (id: string) => ({ id, type: 'subscribe', payload: { query: 'subscription { changes { id } }' } });

describe('the subscription protocol’s close codes', () => {
  it('should close with 4400 a message that is not the protocol’s', async () => {
    const target = await startTestGateway();
    for (const message of ['not json', '{"type":"hello"}', JSON.stringify({ type: 'subscribe', id: 1 })]) {
      const socket = await acknowledged(target);
      socket.send(message);
      expect((await socket.closed).code).toBe(4400);
    }
  });

  it('should close with 4401 a subscription sent before the acknowledgement', async () => {
    const target = await startTestGateway();
    const socket = await open(target);
    socket.send(SUBSCRIBE('1'));
    expect(await socket.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
  });

  it('should close with 4403 a connection without a valid credential, and with an oversized one', async () => {
    const target = await startTestGateway();
    for (const payload of [
      undefined,
      { authorization: 'Bearer nope' },
      { authorization: 7 },
      { authorization: 'x'.repeat(5000) },
    ]) {
      const socket = await open(target);
      socket.send({ type: 'connection_init', ...(payload ? { payload } : {}) });
      expect((await socket.closed).code).toBe(4403);
    }
  });

  it('should close with 4406 a socket without the protocol, and refuse to agree on another one', async () => {
    const target = await startTestGateway();
    const socket = await open(target, { protocol: null });
    expect(await socket.closed).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
    // subscriptions-transport-ws's subprotocol: the server picks none, so such a client gives up at once.
    await expect(open(target, { protocol: 'graphql-ws' })).rejects.toThrow('Server sent no subprotocol');
  });

  it('should close with 4408 a socket that never sends connection_init', async () => {
    const target = await startTestGateway();
    const socket = await open(target);
    expect(await socket.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('should close with 4409 a second subscription under an id still running', async () => {
    const target = await startTestGateway();
    const socket = await acknowledged(target);
    socket.send(SUBSCRIBE('same'));
    socket.send(SUBSCRIBE('same'));
    expect(await socket.closed).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
  });

  it('should close with 4429 a second connection_init', async () => {
    const target = await startTestGateway();
    const socket = await acknowledged(target);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${target.gateway.demo!.token}` } });
    expect(await socket.closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
  });

  it('should close with 4500 when the gateway fails, saying nothing of the failure', async () => {
    const memory = createMemoryStore();
    let failing = false;
    const store = new Proxy(memory, {
      get(target, property) {
        if (property === 'findSession' && failing)
          return () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379 session:3f9a secret detail'));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const target = await startTestGateway({}, undefined, { store });
    const printed = vi.spyOn(console, 'error');
    registerTeardown(() => printed.mockRestore());
    failing = true;
    const socket = await open(target);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${target.gateway.demo!.token}` } });
    expect(await socket.closed).toEqual({ code: 4500, reason: 'Internal server error' });
    expect(target.logs()).not.toContain('secret detail');
    expect(target.logs()).toContain('a subscription step failed');
    expect(JSON.stringify(printed.mock.calls.map((call) => call.map(String)))).not.toContain('secret detail');
  });

  it(`should close with 1009 a message over ${MAX_MESSAGE_BYTES / 1024} KiB`, async () => {
    const target = await startTestGateway();
    const socket = await acknowledged(target);
    socket.send({
      ...SUBSCRIBE('big'),
      payload: { query: `subscription { changes { id } } #${'x'.repeat(MAX_MESSAGE_BYTES)}` },
    });
    expect((await socket.closed).code).toBe(1009);
  });

  it('should close every socket with 1001 when the gateway goes away', async () => {
    const target = await startTestGateway();
    const socket = await acknowledged(target);
    socket.send(SUBSCRIBE('live'));
    await target.gateway.close();
    expect(await socket.closed).toEqual({ code: 1001, reason: 'Going away' });
  });
});

describe('the upgrade', () => {
  it('should refuse another path with 404, and an address over its allowance with 429', async () => {
    const target = await startTestGateway({ ADDRESS_RATE_LIMIT_PER_MINUTE: '2' });
    await expect(open(target, { path: '/subscriptions' })).rejects.toThrow('HTTP 404');
    await open(target);
    await open(target);
    await expect(open(target)).rejects.toThrow('HTTP 429');
  });
});
