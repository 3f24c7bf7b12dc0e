/**
 * What the simulated sign-in remembers: the pending authorizations (a browser on the sign-in pages), the
 * one-time codes they end in, and the tokens the exchanges mint — mos.ru tokens (Moscow's token endpoint)
 * and fresh МЭШ tokens, which the data routes accept for the account beside its seed token.
 *
 * Lifetimes: a pending authorization and a code live 10 minutes (the simulator's clock), a mos.ru token an
 * hour (`expires_in` of СУДИР, providers.md §8.1 "Lifetimes"). A pending authorization is locked after
 * five wrong passwords. The pending authorizations and codes are the kit's {@link PendingBook}s; every
 * book and map is capped, oldest first out, so a client hammering the pages cannot make the simulator grow
 * without bound.
 */
import { randomBytes } from 'node:crypto';
import { PendingBook, type FailureOutcome, type Pending } from '../../simulation/pending.js';
import type { SeedAccount } from '../../simulation/seed.js';

/** Which sign-in an instance serves: login.mos.ru (Moscow) or a regional node's Gosuslugi redirect. */
export type MeshSignInKind = 'mos-ru' | 'regional';

/** `expires_in` of a mos.ru access token, in seconds. */
export const MOS_TOKEN_TTL_SECONDS = 3600;
/** Entries kept per map. */
const CAP = 10_000;

/** What a browser on the sign-in pages asked for, between the authorize request and the redirect back. */
export interface AuthorizationRequest {
  redirectUri: string;
  /** The client's `state`, echoed back unchanged (`null` when mos.ru was asked without one). */
  state: string | null;
  /** PKCE S256 challenge (mos.ru); `null` on a regional node. */
  codeChallenge: string | null;
}

/** A pending authorization: its `id` is what the pages carry (`bo`), never the raw parameters. */
export type PendingAuthorization = Pending<AuthorizationRequest>;

/** What a one-time code was issued for. */
export interface IssuedCode extends AuthorizationRequest {
  account: SeedAccount;
}

function secret(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}

/** Sets `key` in a capped map, dropping the oldest entry when full. */
function capped<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= CAP) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

/** The sign-in's memory (see the module comment). */
export class SignInBook {
  private readonly pendings: PendingBook<AuthorizationRequest>;
  private readonly codes: PendingBook<IssuedCode>;
  private readonly mosTokens = new Map<string, { account: SeedAccount; issuedAt: number }>();
  /** Fresh МЭШ tokens minted by the exchanges, by token. */
  readonly meshTokens = new Map<string, SeedAccount>();

  /** `now` is the simulator's clock, so a test can step past the lifetimes. */
  constructor(private readonly now: () => Date) {
    this.pendings = new PendingBook(now, { capacity: CAP });
    this.codes = new PendingBook(now, { capacity: CAP, idPrefix: 'code-' });
  }

  private time(): number {
    return this.now().getTime();
  }

  /** Opens a pending authorization for a browser that passed the authorize checks. */
  open(request: AuthorizationRequest): PendingAuthorization {
    return this.pendings.open(request);
  }

  /** The pending authorization `id` names, unless it is unknown, locked or older than 10 minutes. */
  pending(id: string | null): PendingAuthorization | undefined {
    return this.pendings.live(id);
  }

  /** Counts a wrong password; the fifth locks the pending authorization. */
  fail(pending: PendingAuthorization): FailureOutcome {
    return this.pendings.fail(pending);
  }

  /** Ends a pending authorization without a code (the parent cancelled). */
  close(pending: PendingAuthorization): void {
    this.pendings.close(pending);
  }

  /** Ends a pending authorization with a fresh single-use code for the account that signed in. */
  issueCode(pending: PendingAuthorization, account: SeedAccount): string {
    this.pendings.close(pending);
    const { redirectUri, state, codeChallenge } = pending;
    return this.codes.open({ account, redirectUri, state, codeChallenge }).id;
  }

  /**
   * Takes a code: it is spent by this call whatever happens next (a replay, even after a refused exchange,
   * finds nothing); `undefined` when unknown, spent or older than 10 minutes.
   */
  redeemCode(code: string | null): IssuedCode | undefined {
    return this.codes.take(code);
  }

  /** Mints mos.ru tokens for an account (Moscow's token endpoint). */
  issueMosTokens(account: SeedAccount): { accessToken: string; refreshToken: string } {
    const accessToken = secret('mos-access');
    capped(this.mosTokens, accessToken, { account, issuedAt: this.time() });
    return { accessToken, refreshToken: secret('mos-refresh') };
  }

  /** The account of a mos.ru access token, unless it is unknown or older than an hour. */
  accountOfMosToken(token: string): SeedAccount | undefined {
    const issued = this.mosTokens.get(token);
    if (!issued || this.time() - issued.issuedAt > MOS_TOKEN_TTL_SECONDS * 1000) return undefined;
    return issued.account;
  }

  /** Mints a fresh МЭШ token (and a refresh token no route takes yet) that the data routes accept. */
  issueMeshTokens(account: SeedAccount): { token: string; refreshToken: string } {
    const token = secret('mesh-sim');
    capped(this.meshTokens, token, account);
    return { token, refreshToken: secret('mesh-sim-refresh') };
  }
}
