/**
 * The journal of the diary calls a cached result was built from, so that a refresh can ask the diary again
 * and, when every answer is byte for byte what it was, keep the result it holds instead of decoding and
 * normalising the same answers again (issue 15: a revalidated dashboard spent most of its CPU on that).
 *
 * What a result depends on, and how each part is captured:
 *
 * - **the answers**: every GET the adapter makes while building the result goes through
 *   {@link journaledTransport}, the outermost layer of each diary's transport, which notes the request and a
 *   digest of the answer's bytes in the journal of the work it runs in (an `AsyncLocalStorage`, like
 *   `link-attempt.ts`: adapters know nothing of it). One answer often feeds several results through the
 *   request's memo (a Dnevnik.ru month of day schedules builds grades, homework, lessons and attendance):
 *   the memo runs each load in a journal of its own and hands it to every caller ({@link journalMemoLoad});
 * - **the structure read through the cache** (periods, subjects, work types): each read notes the copy's
 *   key and fetch time ({@link noteStructureRead}), never its calls, which are the structure entry's own;
 * - **the clock**: adapters read "today" in the school's zone; every school's midnight falls on a UTC quarter
 *   hour, so a journal is only replayed within the quarter hour it was built in ({@link RENEWAL_SLOT_MS});
 * - **the inputs**: the account (its credentials too: a new token is a new request) and the child as the
 *   loader passed them, as a digest ({@link journalInputs}).
 *
 * A journal that cannot vouch for its result is *abandoned*: a call that failed, an answer that was not 2xx,
 * any call that is not a GET (a token refresh, a sign-in: never replayed), or a memo load it joined that was
 * abandoned. An abandoned journal keeps no calls.
 *
 * Replaying ({@link replayJournal}) sends the journal's requests again, each at most once per request
 * ({@link Replays}), and compares digests. When one differs the result is built as usual, and the adapter's
 * calls are answered from the replayed answers ({@link journaledTransport}), so a changed answer costs one call,
 * not two.
 *
 * The journal lives in this process only, beside the in-process cache entry (`src/cache/packed-entry.ts`), never
 * serialised, logged or sent to Redis. It keeps no credentials either: each request is noted with the account's
 * credential values masked (`maskSecrets`), and filled in again from the account when replayed — the journal is
 * only replayed for the same credentials (they are among its inputs). A call made with any other token (after a
 * refresh, which is a POST) belongs to an abandoned journal, which keeps nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { hash } from 'node:crypto';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from './transport.js';

/**
 * A journal is replayed only within the UTC quarter hour it was built in: every school's midnight falls on a
 * quarter hour (UTC offsets are whole quarter hours), so "today" in any zone is the same for the whole slot.
 */
export const RENEWAL_SLOT_MS = 15 * 60_000;

/** Bytes a journal is counted for beyond its calls (the object, its arrays), for the cache's byte bound. */
const JOURNAL_OVERHEAD_BYTES = 120;

/**
 * Strings that many kept calls repeat — an account's masked headers (a diary sends the same ones on every call)
 * and the keys of the structure copies its reads used — held once: each journal keeps a reference, not a copy (a
 * family's journals held several KiB of the same strings). Only what a closed journal keeps enters it: its calls'
 * credential values are masked. Bounded: past {@link POOL_MAX} strings (a few per account, of about a hundred
 * bytes: 2 MB at most) it starts again, which costs only sharing.
 */
const pool = new Map<string, string>();
const POOL_MAX = 16_384;

function pooled(text: string): string {
  const kept = pool.get(text);
  if (kept !== undefined) return kept;
  if (pool.size >= POOL_MAX) pool.clear();
  pool.set(text, text);
  return text;
}

/** One GET as it was sent (credential values masked), the transport it went through, and a digest of its answer. */
export class JournaledCall {
  constructor(
    /** The URL, masked. */
    readonly url: string,
    /** The headers as JSON, masked (pooled once the journal is closed: see {@link pooled}). */
    readonly headers: string,
    readonly route: string | undefined,
    /** SHA-1 of the answer's bytes (base64). */
    readonly digest: string,
    /** The transport the call went through (the diary's, under the journal layer), to send it again. */
    readonly transport: HttpTransport,
  ) {}

  /** The GET's identity, its URL and headers in one string: equal identities are the same call. */
  get identity(): string {
    return identityOf(this.url, this.headers);
  }

  /** This call with `secrets` masked in it (itself when none occurs). */
  masked(secrets: Secrets): JournaledCall {
    const url = maskSecrets(this.url, secrets);
    const headers = maskSecrets(this.headers, secrets);
    if (url === this.url && headers === this.headers) return this;
    return new JournaledCall(url, headers, this.route, this.digest, this.transport);
  }

  /** This call with its headers the pooled string (itself when they are). */
  pooled(): JournaledCall {
    const headers = pooled(this.headers);
    return headers === this.headers
      ? this
      : new JournaledCall(this.url, headers, this.route, this.digest, this.transport);
  }
}

/** The answers of one request's replays, by call identity, shared by every result the request refreshes. */
export type Replays = Map<string, Promise<UpstreamResponse>>;

/** What a result was built from (see the module comment). */
export class CallJournal {
  private readonly calls = new Map<string, JournaledCall>();
  private readonly structure = new Map<string, number>();
  private abandoned = false;

  /**
   * @param inputs digest of the loader's inputs ({@link journalInputs})
   * @param builtAt epoch ms the result's build started (its quarter hour is the one it may be replayed in)
   * @param secretsDigest digest of the credential values its calls are masked of ({@link secretsDigestOf}): a
   *   replay fills in other values only if they digest the same
   */
  constructor(
    readonly inputs: string,
    readonly builtAt: number,
    readonly secretsDigest = '',
  ) {}

  /** Notes a call the result was built from. */
  record(call: JournaledCall): void {
    if (!this.abandoned) this.calls.set(call.identity, call);
  }

  /** Notes the fetch time of a structure copy the result was built with. */
  dependOnStructure(key: string, fetchedAt: number): void {
    if (!this.abandoned) this.structure.set(key, fetchedAt);
  }

  /** This journal cannot vouch for its result (see the module comment): it forgets its calls. */
  abandon(): void {
    this.abandoned = true;
    this.calls.clear();
    this.structure.clear();
  }

  /**
   * Takes in what a memo load, shared with other results, was built from. `secrets` are this journal's: a load
   * started by work outside any journal (the profile read) noted its calls unmasked, and they are masked here.
   */
  absorb(other: CallJournal, secrets: Secrets = []): void {
    if (other.abandoned) return this.abandon();
    for (const call of other.calls.values()) this.record(call.masked(secrets));
    for (const [key, fetchedAt] of other.structure) this.dependOnStructure(key, fetchedAt);
  }

  /** True when the result can be renewed by replaying: nothing abandoned it and it made at least one call. */
  get replayable(): boolean {
    return !this.abandoned && this.calls.size > 0;
  }

  /** The calls noted so far. */
  callList(): JournaledCall[] {
    return [...this.calls.values()];
  }

  /**
   * The journal as it is kept beside a cached copy, once the copy is built: arrays, not the maps a build needs
   * (a family keeps a few dozen of them); `null` when it is not {@link replayable}.
   */
  close(): ClosedJournal | null {
    return this.replayable
      ? new ClosedJournal(
          this.inputs,
          this.builtAt,
          // Masked by now (the build's own secrets, and again as memo loads were taken in): pooled, like the
          // structure keys and the secrets' digest, which every copy of the account repeats.
          this.callList().map((call) => call.pooled()),
          [...this.structure.entries()].map(([key, fetchedAt]) => [pooled(key), fetchedAt] as const),
          pooled(this.secretsDigest),
        )
      : null;
  }
}

/** What a cached copy was built from, as kept beside it (see {@link CallJournal}); implements `EntryBasis`. */
export class ClosedJournal {
  constructor(
    /** Digest of the build's inputs. */
    readonly inputs: string,
    /** Epoch ms (the cache's clock) the build started. */
    readonly builtAt: number,
    /** The calls to replay: at least one. */
    readonly calls: readonly JournaledCall[],
    /** The structure copies the build read: cache key and fetch time. */
    readonly structure: readonly (readonly [key: string, fetchedAt: number])[],
    /** Digest of the credential values its calls are masked of ({@link secretsDigestOf}). */
    readonly secretsDigest = '',
  ) {}

  /**
   * Rough bytes this journal keeps alive, for the in-process cache's byte bound: the calls are shared with the
   * other copies built on the same answers, so each copy counts its references and the call's strings once more.
   */
  get approxBytes(): number {
    let bytes = JOURNAL_OVERHEAD_BYTES + this.inputs.length + this.secretsDigest.length;
    // The headers are pooled (shared by every call of the account): counted as a reference.
    for (const call of this.calls) bytes += 56 + call.url.length;
    for (const [key] of this.structure) bytes += 40 + key.length;
    return bytes;
  }
}

/** The journal work runs in, the replays of its request, and the credential values its requests are masked of. */
interface JournalContext {
  journal: CallJournal;
  replays: Replays;
  secrets: Secrets;
}

/**
 * An account's credential values, longest first (a value inside another is masked after it), each at least
 * {@link MIN_SECRET_LENGTH} characters: tokens and passwords, not short ids.
 */
export type Secrets = readonly string[];

/** Shorter credential values are not masked: ids and flags, which an URL may hold by coincidence too. */
const MIN_SECRET_LENGTH = 8;

/** The credential values of an account to mask in its journals (see {@link Secrets}). */
export function secretsOf(credentials: Readonly<Record<string, string>>): Secrets {
  return Object.values(credentials)
    .filter((value) => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

/**
 * Digest of an account's credential values, so a replay that has only the account (the answer cache's renewal of
 * a kept answer's copies, which runs no loader and has no inputs) fills a journal's masks with the values it was
 * masked of. SHA-1 as a fingerprint: kept in this process only, like the inputs' digest, which covers them too.
 */
export function secretsDigestOf(secrets: Secrets): string {
  return hash('sha1', JSON.stringify(secrets), 'base64');
}

/** `text` with each of `secrets` replaced by a mark of its position (`\u0000` never occurs in an identity). */
function maskSecrets(text: string, secrets: Secrets): string {
  let masked = text;
  secrets.forEach((secret, index) => {
    if (masked.includes(secret)) masked = masked.split(secret).join(`\u0000${index}\u0000`);
  });
  return masked;
}

/** `masked` with each mark replaced by the secret at its position again. */
function unmaskSecrets(masked: string, secrets: Secrets): string {
  let text = masked;
  secrets.forEach((secret, index) => {
    const mark = `\u0000${index}\u0000`;
    if (text.includes(mark)) text = text.split(mark).join(secret);
  });
  return text;
}

const current = new AsyncLocalStorage<JournalContext | undefined>();

/** The replays of work outside any request's journals: none (it is never added to). */
const NO_REPLAYS: Replays = new Map();

/**
 * Runs `build` with every diary call it makes noted in `journal` (with `secrets` masked), answered from `replays`
 * where one matches.
 */
export function journaling<T>(
  journal: CallJournal,
  replays: Replays,
  build: () => Promise<T>,
  secrets: Secrets = [],
): Promise<T> {
  return current.run({ journal, replays, secrets }, build);
}

/** Runs `work` outside any journal (a structure read's own calls belong to the structure entry). */
export function outsideJournal<T>(work: () => Promise<T>): Promise<T> {
  return current.run(undefined, work);
}

/** Notes, in the journal the caller runs in (if any), the structure copy `key` fetched at `fetchedAt`. */
export function noteStructureRead(key: string, fetchedAt: number): void {
  current.getStore()?.journal.dependOnStructure(key, fetchedAt);
}

/** A memo load as the request memo keeps it: its promise and the journal of the calls it made. */
export interface MemoSlot<T> {
  promise: Promise<T>;
  journal: CallJournal;
}

/**
 * Starts a memo load in a journal of its own, which every caller inside a journal absorbs through
 * {@link joinMemoSlot}: a load shared by several results, or first started by work that keeps no journal (the
 * profile read, a session lookup), still tells each result built on it what it called.
 */
export function journalMemoLoad<T>(load: () => Promise<T>): MemoSlot<T> {
  const context = current.getStore();
  const own = new CallJournal(context?.journal.inputs ?? '', context?.journal.builtAt ?? 0);
  // Outside a request's journals there are no replays to answer from.
  const inside = { journal: own, replays: context?.replays ?? NO_REPLAYS, secrets: context?.secrets ?? [] };
  return { promise: current.run(inside, load), journal: own };
}

/** A caller's view of a memo load: once it settles, the caller's journal (if any) takes in what it was built from. */
export function joinMemoSlot<T>(slot: MemoSlot<T>): Promise<T> {
  const context = current.getStore();
  if (!context) return slot.promise;
  const { journal } = context;
  return slot.promise.finally(() => journal.absorb(slot.journal, context.secrets));
}

/**
 * Digest of what a loader hands the adapter besides the answers: the account (credentials included, so a new
 * token makes a new journal) and the child and range. SHA-1 as a fingerprint: never stored outside this process.
 */
export function journalInputs(parts: readonly unknown[]): string {
  return hash('sha1', JSON.stringify(parts), 'base64');
}

/**
 * The identity of a GET: its URL and headers as JSON (the headers carry the token on МЭШ and Dnevnik.ru); a URL
 * holds no line break (it is percent-encoded), so the two parts never run into each other.
 */
function identityOf(url: string, headers: string): string {
  return `${url}\n${headers}`;
}

/** The GET a journaled call was made of, with `secrets` filled in, to send again. */
function requestOf(call: JournaledCall, secrets: Secrets, signal: AbortSignal | undefined): UpstreamRequest {
  return {
    method: 'GET',
    url: new URL(unmaskSecrets(call.url, secrets)),
    headers: JSON.parse(unmaskSecrets(call.headers, secrets)) as Record<string, string>,
    signal,
    ...(call.route === undefined ? {} : { route: call.route }),
  };
}

/** A digest of an answer's bytes: the transport's own when it made one (from the raw bytes), else of the text. */
function digestOf(response: UpstreamResponse): string {
  return response.digest ?? hash('sha1', response.body, 'base64');
}

function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * The journal layer over a diary's transport (the outermost one, so a replay goes through the breakers, the
 * rate limit, the metrics and the traces like any call). Outside a journal it only passes the call on.
 */
export function journaledTransport(transport: HttpTransport): HttpTransport {
  return async (request) => {
    const context = current.getStore();
    if (!context) return transport(request);
    const { journal, replays, secrets } = context;
    if (request.method !== 'GET') {
      journal.abandon();
      return transport(request);
    }
    const url = maskSecrets(request.url.toString(), secrets);
    const headers = maskSecrets(JSON.stringify(request.headers), secrets);
    const identity = identityOf(url, headers);
    let response: UpstreamResponse;
    try {
      // A replay of this very call, made for this request's renewal check, answers it: one call, not two.
      response = await (replays.get(identity) ?? transport(request));
    } catch (error) {
      journal.abandon();
      throw error;
    }
    if (!isSuccess(response.status)) journal.abandon();
    else {
      journal.record(new JournaledCall(url, headers, request.route, digestOf(response), transport));
    }
    return response;
  };
}

/**
 * Sends the journal's calls again (each at most once per request: `replays` keeps their answers) and tells
 * whether every answer is 2xx with the bytes it had. A call that fails is an answer that changed: the caller
 * builds the result as usual, and the adapter then meets the same failure (from `replays`) and handles it as
 * its own.
 */
export async function replayJournal(
  journal: ClosedJournal,
  replays: Replays,
  signal?: AbortSignal,
  secrets: Secrets = [],
): Promise<boolean> {
  const verdicts = journal.calls.map(async (call) => {
    let pending = replays.get(call.identity);
    if (!pending) {
      pending = call.transport(requestOf(call, secrets, signal));
      replays.set(call.identity, pending);
    }
    try {
      const response = await pending;
      return isSuccess(response.status) && digestOf(response) === call.digest;
    } catch {
      return false;
    }
  });
  const answers = await Promise.all(verdicts);
  return answers.every(Boolean);
}
