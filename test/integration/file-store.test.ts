/**
 * The file store on a real file system: the whole contract, then what only a file store promises —
 * surviving a restart, refusing a file it cannot read, one process per file (whatever path reaches it),
 * atomic replacement, quarantining malformed records, and no durable write for a pending login.
 */
import { spawn } from 'node:child_process';
import { link, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { createStore } from '../../src/store/create-store.js';
import { openFileStore, type FileStoreOptions } from '../../src/store/file-store.js';
import { StoreError } from '../../src/store/store-error.js';
import { CALENDAR_FEED_RETENTION_MS, GRANT_RETENTION_MS, type GatewayStore } from '../../src/store/store.js';
import { feedRecord } from '../contract/calendar-feed-contract.js';
import { sendRecord } from '../contract/message-send-contract.js';
import { webhookRecord } from '../contract/webhook-contract.js';
import { describeStoreContract, records, storeLink } from '../contract/store-contract.js';
import { captureLogs } from '../support/logs.js';
import { registerTeardown } from '../support/teardown.js';
import { tempDir } from '../support/temp-dir.js';

const logger = createLogger('silent');
/** The stores opened and not closed yet. */
const opened = new Set<GatewayStore>();

/** A store file path in a fresh temporary directory, one level below it (so the store must create it). */
async function storePath(): Promise<string> {
  return join(await tempDir('dg-file-store-'), 'data', 'store.json');
}

/** Closes a store once, whether a test closes it (a restart) or its teardown does. */
async function close(store: GatewayStore): Promise<void> {
  if (opened.delete(store)) await store.close();
}

/** Opens a file store, closed when the test ends if the test has not closed it. */
async function open(path: string, options: Partial<FileStoreOptions> = {}): Promise<GatewayStore> {
  const store = await openFileStore(path, { logger, ...options });
  opened.add(store);
  registerTeardown(() => close(store));
  return store;
}

/** Closes every store still open, as the process ending would (the test then opens the file again). */
async function closeAll(): Promise<void> {
  for (const store of [...opened]) await close(store);
}

describeStoreContract('file store', async () => open(await storePath()));

/** The StoreError a promise rejects with. */
async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('the file store across restarts', () => {
  it('should find everything again after a close and reopen', async () => {
    const path = await storePath();
    const now = Date.now();
    const first = await open(path);
    await first.putUser(records.user('u1'));
    await first.putSession({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
    await first.putProviderAccount(records.account('a1', 'u1', 100));
    await first.updateProviderCredentials('a1', 'v1.k.refreshed');
    await storeLink(first, records.link('a1', '100', { snilsHash: 'snils-hash-masha' }));
    await first.addMatchDecision(records.decision('u1', 'x|y'));
    await first.createGrant(records.grant('g1', 'u1', 1_000, { granteeUserId: 'u2', status: 'ACTIVE' }));
    await closeAll();

    const second = await open(path);
    expect(await second.getUser('u1')).toEqual(records.user('u1'));
    expect((await second.findUserByLogin(records.user('u1').login!.issuer, 'sub-u1'))?.id).toBe('u1');
    expect(await second.findSession('h1', now)).toEqual({ tokenHash: 'h1', userId: 'u1', expiresAt: now + 60_000 });
    expect(await second.listProviderAccounts('u1')).toEqual([
      records.account('a1', 'u1', 100, { sealedCredentials: 'v1.k.refreshed' }),
    ]);
    expect(await second.listStudentLinks('a1')).toEqual([records.link('a1', '100', { snilsHash: 'snils-hash-masha' })]);
    expect(await second.listMatchDecisions('u1')).toEqual([records.decision('u1', 'x|y')]);
    expect((await second.listGrantsByGrantee('u2')).map((grant) => grant.id)).toEqual(['g1']);
    expect((await second.findGrantByCodeHash('code-hash-g1'))?.id).toBe('g1');
  });

  it('should keep pending logins in memory only: never written, bounded, and gone after a restart', async () => {
    const path = await storePath();
    const now = Date.now();
    const store = await open(path, { maxPendingLogins: 50 });
    await store.putUser(records.user('u1'));
    const before = await stat(path);
    const written = await readFile(path, 'utf8');
    // As 200 anonymous GET /auth/login would: no write at all (issue 10, finding 5).
    for (let index = 0; index < 200; index += 1) {
      await store.putPendingLogin(records.pendingLogin(`login-${index}`, now + 60_000));
    }
    expect(await readFile(path, 'utf8')).toBe(written);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    expect(await store.takePendingLogin('login-149', now)).toBeNull();
    expect((await store.takePendingLogin('login-150', now))?.idHash).toBe('login-150');
    // A durable change writes the file without them.
    await store.putUser(records.user('u2'));
    expect(await readFile(path, 'utf8')).not.toContain('login-');
    await closeAll();
    const reopened = await open(path);
    expect(await reopened.takePendingLogin('login-199', now)).toBeNull();
  });

  it('should drop the pending logins an older gateway wrote into the file, rewriting it at once', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const pending = records.pendingLogin('old-login', Date.now() + 60_000);
    await writeFile(path, JSON.stringify({ ...EMPTY_DOCUMENT, pendingLogins: [pending] }));
    const store = await open(path);
    expect(await store.takePendingLogin('old-login', Date.now())).toBeNull();
    expect(await readFile(path, 'utf8')).not.toContain('old-login');
  });

  it('should have a change on disk by the time its promise resolves', async () => {
    const path = await storePath();
    const store = await open(path);
    await store.putUser(records.user('u1'));
    expect(await readFile(path, 'utf8')).toContain('"sub-u1"');
    await store.deleteProviderAccount('nothing');
    await store.putProviderAccount(records.account('a1', 'u1', 100));
    await store.deleteProviderAccount('a1');
    expect(await readFile(path, 'utf8')).not.toContain('"a1"');
  });

  it('should keep every change of a concurrent burst', async () => {
    const path = await storePath();
    const store = await open(path);
    const ids = Array.from({ length: 40 }, (_, index) => `u${index}`);
    await Promise.all(ids.map((id) => store.putUser(records.user(id))));
    await closeAll();
    const reopened = await open(path);
    for (const id of ids) expect((await reopened.getUser(id))?.id).toBe(id);
  });

  it('should create a missing directory and write the new store at once, readable by its owner only', async () => {
    const path = await storePath();
    await open(path);
    const document = JSON.parse(await readFile(path, 'utf8')) as { version: number; users: unknown[] };
    expect(document.version).toBe(4);
    expect(document.users).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('should drop expired sessions, and grants past their retention, from the file when it writes', async () => {
    const path = await storePath();
    let now = 10_000;
    const store = await open(path, { now: () => now });
    await store.putSession({ tokenHash: 'session-soon-gone', userId: 'u1', expiresAt: 20_000 });
    await store.putSession({ tokenHash: 'session-forever', userId: 'u1', expiresAt: null });
    await store.createGrant(records.grant('grant-revoked', 'u1', 1_000, { status: 'REVOKED', revokedAt: 15_000 }));
    await store.createGrant(records.grant('grant-expiring', 'u1', 1_000, { expiresAt: 16_000 }));
    await store.createGrant(records.grant('grant-kept', 'u1', 1_000));
    expect(await readFile(path, 'utf8')).toContain('session-soon-gone');
    now = 20_000;
    await store.putUser(records.user('u1'));
    let text = await readFile(path, 'utf8');
    expect(text).not.toContain('session-soon-gone');
    expect(text).toContain('session-forever');
    expect(text).toContain('grant-revoked');
    // Revoked or expired for longer than the retention: the grant, its invitee and code hash are gone.
    now = 16_000 + GRANT_RETENTION_MS;
    await store.putUser(records.user('u2'));
    text = await readFile(path, 'utf8');
    expect(text).not.toContain('grant-revoked');
    expect(text).not.toContain('grant-expiring');
    expect(text).toContain('grant-kept');
    expect((await store.listGrantsByOwner('u1')).map((grant) => grant.id)).toEqual(['grant-kept']);
  });

  it('should keep calendar feeds across a restart, and drop a revoked one past its retention when it writes', async () => {
    const path = await storePath();
    let now = 10_000;
    const store = await open(path, { now: () => now });
    await store.createCalendarFeed(feedRecord('feed-live', 'u1', 1_000), 20);
    await store.createCalendarFeed(feedRecord('feed-revoked', 'u1', 2_000, { revokedAt: 5_000 }), 20);
    await closeAll();
    const reopened = await open(path, { now: () => now });
    expect((await reopened.listCalendarFeeds('u1')).map((feed) => feed.id)).toEqual(['feed-revoked', 'feed-live']);
    expect(await reopened.findCalendarFeedByTokenHash('token-hash-feed-live')).toEqual(
      feedRecord('feed-live', 'u1', 1_000),
    );
    now = 5_000 + CALENDAR_FEED_RETENTION_MS;
    await reopened.putUser(records.user('u1'));
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('feed-revoked');
    expect(text).toContain('feed-live');
  });

  it('should read a store file of format version 1 (before calendar feeds) and write it again as version 4', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const before = { ...EMPTY_DOCUMENT, users: [records.user('u1')] };
    await writeFile(path, JSON.stringify(before));
    const logs = captureLogs();
    const store = await open(path, { logger: createLogger('info', logs.stream) });
    expect(await store.getUser('u1')).toEqual(records.user('u1'));
    expect(await store.listCalendarFeeds('u1')).toEqual([]);
    // Written again at once, in the current version, with everything it held.
    const written = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      ...before,
      version: 4,
      calendarFeeds: [],
      webhooks: [],
      pushSubscriptions: [],
      gatewaySecrets: [],
      messageSends: [],
    });
    expect(logs.text()).toContain('older format version');
    await store.createCalendarFeed(feedRecord('feed-1', 'u1', 1_000), 20);
    await closeAll();
    expect(await (await open(path)).listCalendarFeeds('u1')).toEqual([feedRecord('feed-1', 'u1', 1_000)]);
  });

  it('should read a store file of format version 2 (before webhooks) and write it again as version 4', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const before = {
      ...EMPTY_DOCUMENT,
      version: 2,
      users: [records.user('u1')],
      calendarFeeds: [feedRecord('feed-1', 'u1', 1_000)],
    };
    await writeFile(path, JSON.stringify(before));
    const store = await open(path);
    expect(await store.listWebhooks('u1')).toEqual([]);
    expect(await store.listCalendarFeeds('u1')).toEqual([feedRecord('feed-1', 'u1', 1_000)]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      ...before,
      version: 4,
      webhooks: [],
      pushSubscriptions: [],
      gatewaySecrets: [],
      messageSends: [],
    });
    await store.createWebhook(webhookRecord('whk_1', 'u1', 2_000), 10);
    await closeAll();
    expect(await (await open(path)).listWebhooks('u1')).toEqual([webhookRecord('whk_1', 'u1', 2_000)]);
  });

  it('should read a store file of format version 3 (before message sends) and write it again as version 4', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    // A grant of then, without scopes, and a webhook: version 3's collections.
    const before = {
      ...EMPTY_DOCUMENT,
      version: 3,
      users: [records.user('u1')],
      grants: [records.grant('g1', 'u1', 1_000)],
      calendarFeeds: [],
      webhooks: [webhookRecord('whk_1', 'u1', 2_000)],
      pushSubscriptions: [],
      gatewaySecrets: [{ name: 'web-push-vapid', sealed: 'v1.k.sealed', createdAt: 3_000 }],
    };
    await writeFile(path, JSON.stringify(before));
    const store = await open(path);
    expect(await store.getGrant('g1')).not.toHaveProperty('extraScopes');
    expect(await store.listWebhooks('u1')).toEqual([webhookRecord('whk_1', 'u1', 2_000)]);
    expect(await store.updateMessageSend('s1', (send) => send)).toBeNull();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ ...before, version: 4, messageSends: [] });
  });

  it('should keep message sends and grants with scopes across a restart', async () => {
    const path = await storePath();
    const now = Date.now();
    const store = await open(path);
    await store.claimMessageSend(sendRecord('s1', 'draft-a', now), now);
    const sent = await store.updateMessageSend('s1', (send) => ({ ...send, state: 'SENT' }));
    await store.claimMessageSend(sendRecord('s2', 'draft-b', now), now);
    await store.createGrant(records.grant('g1', 'u1', 1_000, { extraScopes: ['MESSAGES'] }));
    await closeAll();
    const reopened = await open(path);
    expect(await reopened.claimMessageSend(sendRecord('s1', 'draft-a', now + 1), now + 1)).toEqual(sent);
    expect(await reopened.updateMessageSend('s2', () => null)).toEqual(sendRecord('s2', 'draft-b', now));
    expect((await reopened.getGrant('g1'))?.extraScopes).toEqual(['MESSAGES']);
  });

  it('should drop expired message sends from the file when it writes', async () => {
    const path = await storePath();
    let now = 10_000;
    const store = await open(path, { now: () => now });
    await store.claimMessageSend(sendRecord('send-soon-gone', 'draft-a', 0, { expiresAt: 20_000 }), now);
    await store.claimMessageSend(sendRecord('send-kept', 'draft-a', 0, { expiresAt: 20_001 }), now);
    expect(await readFile(path, 'utf8')).toContain('send-soon-gone');
    now = 20_000;
    await store.putUser(records.user('u1'));
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('send-soon-gone');
    expect(text).toContain('send-kept');
    expect(await store.updateMessageSend('send-soon-gone', (send) => send)).toBeNull();
  });
});

const EMPTY_DOCUMENT = {
  version: 1,
  users: [],
  sessions: [],
  pendingLogins: [],
  accounts: [],
  studentLinks: [],
  matchDecisions: [],
  grants: [],
};

describe('the file store refusing to start', () => {
  it.each([
    ['not JSON', 'this is not json', 'STORE_FILE_UNREADABLE', /is not valid JSON/],
    ['cut short', '{"version":1,"users":[{"id":"u1","login":null', 'STORE_FILE_UNREADABLE', /is not valid JSON/],
    ['a JSON array', '[]', 'STORE_FILE_UNREADABLE', /does not hold a JSON object/],
    [
      'a collection that is not a list',
      JSON.stringify({ ...EMPTY_DOCUMENT, users: { id: 'u1' } }),
      'STORE_FILE_UNREADABLE',
      /users: /,
    ],
    ['a collection missing', JSON.stringify({ version: 1, users: [] }), 'STORE_FILE_UNREADABLE', /sessions/],
    [
      'a newer format version',
      JSON.stringify({ version: 5, users: [] }),
      'STORE_FILE_VERSION',
      /format version 5; this gateway reads version 1 or 2 or 3 or 4/,
    ],
    [
      'version 4 without its message sends',
      JSON.stringify({
        ...EMPTY_DOCUMENT,
        version: 4,
        calendarFeeds: [],
        webhooks: [],
        pushSubscriptions: [],
        gatewaySecrets: [],
      }),
      'STORE_FILE_UNREADABLE',
      /messageSends/,
    ],
    [
      'version 3 without its webhooks',
      JSON.stringify({ ...EMPTY_DOCUMENT, version: 3, calendarFeeds: [], pushSubscriptions: [], gatewaySecrets: [] }),
      'STORE_FILE_UNREADABLE',
      /webhooks/,
    ],
    [
      'version 2 without its calendar feeds',
      JSON.stringify({ ...EMPTY_DOCUMENT, version: 2 }),
      'STORE_FILE_UNREADABLE',
      /calendarFeeds/,
    ],
    ['no format version', JSON.stringify({ users: [] }), 'STORE_FILE_VERSION', /no format version/],
  ])('should refuse a file holding %s, and leave it untouched', async (_name, content, code, message) => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    const error = await storeError(openFileStore(path, { logger }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
    expect(await readFile(path, 'utf8')).toBe(content);
    // It let go of the lock: once the file is moved away, the store starts empty.
    await rm(path);
    const store = await open(path);
    expect(await store.getUser('u1')).toBeNull();
  });

  it('should not show the file content in its message', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      '{"version":1,"users":[{"id":"u1","login":null,"phoneHash":"secret-phone-hash"}],"sessions":"token-hash-secret"}',
    );
    const error = await storeError(openFileStore(path, { logger }));
    expect(error.message).not.toContain('secret');
  });
});

describe('the file store lock', () => {
  it('should refuse a second opener while the first has the file, and let it in after close', async () => {
    const path = await storePath();
    const first = await open(path);
    expect((await readFile(`${path}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    const error = await storeError(openFileStore(path, { logger }));
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toContain(`pid ${process.pid}`);
    await first.putUser(records.user('u1'));
    await first.close();
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    const second = await open(path);
    expect((await second.getUser('u1'))?.id).toBe('u1');
  });

  it('should refuse a lock held by another live process', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    registerTeardown(() => holder.kill('SIGKILL'));
    await writeFile(`${path}.lock`, `${holder.pid}\n`);
    const error = await storeError(openFileStore(path, { logger }));
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toContain(`process ${holder.pid} has it open`);
  });

  it('should take over the lock of a process that is gone', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(`${path}.lock`, `${gone.pid}\n`);
    const logs = captureLogs();
    const store = await open(path, { logger: createLogger('warn', logs.stream) });
    expect((await readFile(`${path}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    expect(logs.text()).toContain('taking over the lock');
    await store.putUser(records.user('u1'));
  });

  it('should reject changes after close', async () => {
    const path = await storePath();
    const store = await open(path);
    await store.close();
    const error = await storeError(store.putUser(records.user('u1')));
    expect(error.code).toBe('STORE_CLOSED');
  });
});

describe('the file store refusing a linked STORE_FILE (issue 10, finding 8)', () => {
  it('should refuse a store file that is a symbolic link, naming the setting, and leave both files untouched', async () => {
    const path = await storePath();
    const real = join(dirname(dirname(path)), 'real-store.json');
    const first = await open(real);
    await first.putUser(records.user('u1'));
    await mkdir(dirname(path), { recursive: true });
    await symlink(real, path);
    const error = await storeError(openFileStore(path, { logger }));
    expect(error.code).toBe('STORE_FILE_LINKED');
    expect(error.message).toContain(`STORE_FILE=${path} is a symbolic link`);
    expect(error.message).toMatch(/get around its lock/);
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    await first.putUser(records.user('u2'));
    expect(await readFile(path, 'utf8')).toContain('"u2"');
  });

  it('should refuse a store file with a second hard link, naming the setting and the count', async () => {
    const path = await storePath();
    const store = await open(path);
    await store.putUser(records.user('u1'));
    await closeAll();
    const twin = join(dirname(path), 'twin.json');
    await link(path, twin);
    for (const name of [path, twin]) {
      const error = await storeError(openFileStore(name, { logger }));
      expect(error.code).toBe('STORE_FILE_LINKED');
      expect(error.message).toContain(`STORE_FILE=${name} has 2 hard links`);
    }
    await rm(twin);
    expect((await (await open(path)).getUser('u1'))?.id).toBe('u1');
  });

  it('should lock the real path, so a directory reached through a symbolic link meets the same lock', async () => {
    const path = await storePath();
    await open(path);
    const alias = join(dirname(dirname(path)), 'alias');
    await symlink(dirname(path), alias);
    const error = await storeError(openFileStore(join(alias, 'store.json'), { logger }));
    expect(error.code).toBe('STORE_LOCKED');
    expect(error.message).toContain(`pid ${process.pid}`);
  });
});

describe('the file store quarantining malformed records (issue 10, finding 9)', () => {
  it('should open with the good records, move each bad one to a 0600 quarantine file, and log where it was but not what', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    const secret = 'Секретова Тайна Ивановна';
    const badGrant = {
      ...records.grant('g-bad', 'u1', 2_000),
      status: 'MAYBE',
      invitee: { kind: 'FULL_NAME', fullName: secret },
    };
    const badLink = {
      ...records.link('a1', '200'),
      snapshot: { ...records.link('a1', '200').snapshot, provider: 'ICQ' },
    };
    await writeFile(
      path,
      JSON.stringify({
        ...EMPTY_DOCUMENT,
        users: [records.user('u1'), { id: 'u-bad', displayName: secret }],
        accounts: [records.account('a1', 'u1', 100)],
        studentLinks: [records.link('a1', '100'), badLink],
        grants: [records.grant('g1', 'u1', 1_000), badGrant, 'not even an object'],
      }),
    );
    const logs = captureLogs();
    const store = await open(path, { logger: createLogger('warn', logs.stream) });

    expect((await store.getUser('u1'))?.id).toBe('u1');
    expect(await store.getUser('u-bad')).toBeNull();
    expect(await store.listStudentLinks('a1')).toEqual([records.link('a1', '100')]);
    expect((await store.listGrantsByOwner('u1')).map((grant) => grant.id)).toEqual(['g1']);

    const quarantined = (await readdir(dirname(path))).filter((name) => name.startsWith('store.json.quarantine-'));
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatch(/^store\.json\.quarantine-\d{4}-\d{2}-\d{2}T[\d-]+Z\.json$/);
    const quarantinePath = join(dirname(path), quarantined[0]!);
    expect((await stat(quarantinePath)).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(await readFile(quarantinePath, 'utf8')) as {
      records: { collection: string; index: number; record: unknown }[];
    };
    expect(kept.records.map(({ collection, index }) => [collection, index])).toEqual([
      ['users', 1],
      ['studentLinks', 1],
      ['grants', 1],
      ['grants', 2],
    ]);
    expect(kept.records[2]!.record).toEqual(badGrant);

    // The store file no longer holds them: a second start has nothing to quarantine.
    expect(await readFile(path, 'utf8')).not.toContain(secret);
    const log = logs.text();
    expect(log).toContain('quarantine');
    expect(log).toContain('"collection":"grants","index":2');
    expect(log).toContain('"field":"snapshot.provider"');
    expect(log).not.toContain(secret);
    expect(log).not.toContain('MAYBE');
    expect(log).not.toContain('ICQ');
    await closeAll();
    await open(path);
    expect((await readdir(dirname(path))).filter((name) => name.includes('quarantine'))).toHaveLength(1);
  });
});

describe('the file store writing atomically', () => {
  it('should leave no temporary files behind, and clear those of a crashed writer', async () => {
    const path = await storePath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp-deadbeef0000`, '{"version":1,"users":[');
    const store = await open(path);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.putUser(records.user(`u${index}`))));
    expect((await readdir(dirname(path))).sort()).toEqual(['store.json', 'store.json.lock']);
    await closeAll();
    expect(await readdir(dirname(path))).toEqual(['store.json']);
  });

  it('should undo and reject changes it could not write, and write again once it can', async () => {
    const path = await storePath();
    const store = await open(path);
    await store.putUser(records.user('u1'));
    // The directory vanishing makes the temporary file impossible to create (works as root too, unlike chmod).
    await rm(dirname(path), { recursive: true });
    const error = await storeError(
      Promise.all([store.putUser(records.user('u2')), store.putUser(records.user('u1', { displayName: 'lost' }))]),
    );
    expect(error.code).toBe('STORE_WRITE_FAILED');
    expect(await store.getUser('u2')).toBeNull();
    expect((await store.getUser('u1'))?.displayName).toBe(records.user('u1').displayName);

    await mkdir(dirname(path), { recursive: true });
    await store.putUser(records.user('u3'));
    await closeAll();
    const reopened = await open(path);
    expect((await reopened.getUser('u1'))?.id).toBe('u1');
    expect(await reopened.getUser('u2')).toBeNull();
    expect((await reopened.getUser('u3'))?.id).toBe('u3');
  });

  it('should write a file that is a complete document at every moment a reader looks', async () => {
    const path = await storePath();
    const store = await open(path);
    const writes = Promise.all(Array.from({ length: 30 }, (_, index) => store.putUser(records.user(`u${index}`))));
    const reads: unknown[] = [];
    for (let index = 0; index < 30; index += 1) reads.push(JSON.parse(await readFile(path, 'utf8')));
    await writes;
    expect(reads.every((document) => (document as { version: number }).version === 4)).toBe(true);
  });
});

describe('createStore', () => {
  it('should open the file store the configuration names', async () => {
    const path = await storePath();
    const config = loadConfig({ STORE: 'file', STORE_FILE: path });
    const first = await createStore(config, { logger });
    await first.store.putUser(records.user('u1'));
    await first.close();
    const second = await createStore(config, { logger });
    expect((await second.store.getUser('u1'))?.id).toBe('u1');
    await second.close();
  });

  it('should open a memory store for STORE=memory, and warn that it forgets', async () => {
    const logs = captureLogs();
    const opened = await createStore(loadConfig({ STORE: 'memory' }), { logger: createLogger('warn', logs.stream) });
    await opened.store.putUser(records.user('u1'));
    expect((await opened.store.getUser('u1'))?.id).toBe('u1');
    expect(logs.text()).toContain('STORE=memory');
    await opened.close();
  });
});
