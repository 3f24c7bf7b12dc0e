/**
 * Sending a message once. Each draft gets a client key when it is started and sends it with every attempt, so
 * the gateway sends the draft at most once (docs/messages.md, "Sending once"): a second press while the first
 * is on its way joins it rather than sending again, and a retry after a lost answer is answered with the
 * first send's result. Only when the gateway said for sure that nothing was sent (the diary refused, a field
 * was wrong) does the draft take a new key, so the parent can correct it and send again.
 */

/** The characters a key is made of (`SendMessageInput.clientKey`: `A-Z a-z 0-9 _ -`). */
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** How long a key is: 22 characters of 64 (132 bits), within the gateway's 8–64. */
export const CLIENT_KEY_LENGTH = 22;

/** A new client key from the browser's cryptographic random numbers. */
export function newClientKey(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const bytes = random(new Uint8Array(CLIENT_KEY_LENGTH));
  // 256 is a multiple of 64: every character is equally likely.
  return Array.from(bytes, (byte) => KEY_ALPHABET[byte % KEY_ALPHABET.length]).join('');
}

/**
 * Codes that say nothing was sent: the gateway or the diary refused the request, or the gateway turned it
 * away before doing anything. After any other failure (no answer, a timeout, a diary that did not say) the
 * message may have gone, so the key is kept: a retry is then answered from the first send, never sent twice.
 */
const NOTHING_SENT: ReadonlySet<string> = new Set([
  'PROVIDER_REFUSED',
  'BAD_USER_INPUT',
  'NOT_SUPPORTED_BY_PROVIDER',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'PROVIDER_AUTH_FAILED',
  'REQUEST_TOO_LARGE',
  'RATE_LIMITED',
  'SERVER_BUSY',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_ALLOWED',
]);

/** Whether a send that failed with `code` surely sent nothing (the draft may then take a new key). */
export function nothingSent(code: string | null): boolean {
  return code !== null && NOTHING_SENT.has(code);
}

/** The `code` of a failure (`DiaryClientError.code`), or `null` for anything without one. */
export function failureCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** One draft's sending: its key, and each attempt made with it. */
export interface Draft {
  /** The key the next attempt sends. */
  readonly key: string;
  /**
   * Runs `send` with the draft's key. While an attempt is on its way, another call joins it (a double press
   * sends once). A failure that surely sent nothing gives the draft a new key for the next attempt.
   */
  send<T>(send: (clientKey: string) => Promise<T>): Promise<T>;
}

/** A new draft, its key made by `makeKey`. */
export function createDraft(makeKey: () => string = () => newClientKey()): Draft {
  let key = makeKey();
  let inFlight: Promise<unknown> | null = null;
  return {
    get key() {
      return key;
    },
    send<T>(send: (clientKey: string) => Promise<T>): Promise<T> {
      if (inFlight) return inFlight as Promise<T>;
      const attempt = send(key).then(
        (result) => {
          inFlight = null;
          return result;
        },
        (error: unknown) => {
          inFlight = null;
          if (nothingSent(failureCode(error))) key = makeKey();
          throw error;
        },
      );
      inFlight = attempt;
      return attempt;
    },
  };
}
