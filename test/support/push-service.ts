/**
 * A push service on loopback for tests (RFC 8030's "push resource"), and browsers subscribed to it: each
 * browser has a real P-256 key pair and authentication secret, and the service decrypts what it receives
 * as that browser would (RFC 8291, `aes128gcm`) and checks the VAPID signature against the key the browser
 * subscribed with (RFC 8292). Written here from the RFCs with node:crypto, sharing nothing with the
 * `web-push` library the gateway sends with, so a wrong encryption or signature cannot pass by agreement.
 */
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listeningServer } from './http-server.js';

/** A browser's subscription as `PushSubscription.toJSON()` gives it, with what decrypts its messages. */
export interface TestBrowser {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The notifications the push service accepted for this browser, decrypted, oldest first. */
  received: ReceivedPush[];
}

/** One notification as the push service received it. */
export interface ReceivedPush {
  /** The decrypted payload, parsed. */
  message: unknown;
  ttl: string | undefined;
  urgency: string | undefined;
  /** The VAPID `sub` claim. */
  subject: string;
  /** The VAPID public key the request carried (`k=`). */
  vapidPublicKey: string;
}

/** The push service and its browsers. */
export interface TestPushService {
  url: string;
  /** A new browser subscribed with `applicationServerKey` (the gateway's VAPID public key). */
  subscribe(applicationServerKey: string): TestBrowser;
  /**
   * The statuses the service answers the next requests for `browser` with, in order (then 201 again);
   * `'hang'` never answers. A refused request is not recorded as received.
   */
  answerNext(browser: TestBrowser, ...answers: (number | 'hang')[]): void;
  /** Every request that reached the service, accepted or not (browser id and status). */
  requests: { browserId: string; status: number | 'hang' }[];
  /** Requests that failed the checks (bad signature, undecryptable): the reason, for the test to show. */
  rejected: string[];
}

interface BrowserKeys {
  browser: TestBrowser;
  ecdh: ReturnType<typeof createECDH>;
  authSecret: Buffer;
  applicationServerKey: string;
  answers: (number | 'hang')[];
}

/** Starts a push service on a free loopback port (closed when the test file ends). */
export async function startPushService(): Promise<TestPushService> {
  const browsers = new Map<string, BrowserKeys>();
  const requests: TestPushService['requests'] = [];
  const rejected: string[] = [];
  const { url } = await listeningServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const id = /^\/push\/([\w-]+)$/.exec(request.url ?? '')?.[1] ?? '';
    const keys = browsers.get(id);
    if (!keys || request.method !== 'POST') return void response.writeHead(404).end();
    const answer = keys.answers.shift() ?? 201;
    requests.push({ browserId: id, status: answer });
    if (answer === 'hang') return;
    if (answer < 200 || answer >= 300) return void response.writeHead(answer, retryAfter(answer)).end();
    try {
      const vapid = checkVapid(request, url, keys.applicationServerKey);
      if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
      const plaintext = decrypt(body, keys.ecdh, keys.authSecret);
      keys.browser.received.push({
        message: JSON.parse(plaintext.toString('utf8')),
        ttl: request.headers.ttl as string | undefined,
        urgency: request.headers.urgency as string | undefined,
        ...vapid,
      });
      response.writeHead(201).end();
    } catch (error) {
      rejected.push((error as Error).message);
      response.writeHead(400).end();
    }
  }

  return {
    url,
    requests,
    rejected,
    subscribe(applicationServerKey) {
      const id = randomBytes(8).toString('hex');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const browser: TestBrowser = {
        id,
        endpoint: `${url}/push/${id}`,
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: authSecret.toString('base64url'),
        received: [],
      };
      browsers.set(id, { browser, ecdh, authSecret, applicationServerKey, answers: [] });
      return browser;
    },
    answerNext(browser, ...answers) {
      browsers.get(browser.id)!.answers.push(...answers);
    },
  };
}

const retryAfter = (status: number): Record<string, string> => (status === 429 ? { 'retry-after': '2' } : {});

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** RFC 8292: `Authorization: vapid t=<JWT>, k=<key>`; the JWT signed (ES256) by `k`, for this origin, not expired. */
function checkVapid(
  request: IncomingMessage,
  origin: string,
  applicationServerKey: string,
): { subject: string; vapidPublicKey: string } {
  const match = /^vapid t=([\w.-]+), k=([\w-]+)$/.exec(request.headers.authorization ?? '');
  if (!match) throw new Error('no VAPID authorization');
  const [, token, key] = match as unknown as [string, string, string];
  if (key !== applicationServerKey) throw new Error('VAPID key is not the one the browser subscribed with');
  const [header, claims, signature] = token.split('.') as [string, string, string];
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Error('VAPID signature does not verify');
  const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (payload.aud !== origin) throw new Error(`VAPID audience ${payload.aud} is not ${origin}`);
  if (payload.exp * 1000 < Date.now() || payload.exp * 1000 > Date.now() + 24 * 3_600_000)
    throw new Error('VAPID token expired or valid for more than 24 hours');
  return { subject: payload.sub, vapidPublicKey: key };
}

/** RFC 8291 / RFC 8188: one `aes128gcm` record, as the browser decrypts it. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (record.length > recordSize) throw new Error('more than one record');
  const shared = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('the last record lacks its padding delimiter');
  return padded.subarray(0, end);
}
