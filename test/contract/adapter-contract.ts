/**
 * The adapter contract, as a suite every `ProviderAdapter` must pass over its own diary's simulator on
 * real loopback HTTP: signing in, the profile, every list over a range, every error class, and renewing
 * an expired token where the diary can. The scenarios are written once; a {@link ContractDiary} says how
 * to start one diary's simulator and adapter, what a parent types to link it, which of its fault modes
 * stands for "down", and what the diary does not carry (`Unsupported`). The expected values come from
 * the seed family the simulator serves, never from the adapter.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SeedAccount, SeedFamily } from '../../adapters/simulation/seed.js';
import type { SimulatorHandle } from '../../adapters/simulation/serve.js';
import type {
  LinkCredentials,
  ProviderAccount,
  ProviderAdapter,
  ProviderCredentials,
} from '../../src/domain/adapter.js';
import type { ProviderKind, ProviderStudent } from '../../src/domain/model.js';
import { generateDemoFamily } from '../../src/demo/generate-family.js';
import { createRequestScope } from '../../src/upstream/request-scope.js';
import { closedPortUrl, providerRejection } from '../support/rejection.js';
import {
  childrenOf,
  expectWellFormed,
  holderOf,
  holderRow,
  studentRows,
  studentsOf,
  type Expect,
  type Unsupported,
} from './adapter-expectations.js';
import { describeListContract } from './adapter-lists.js';
import { describeMessagingContract } from './adapter-messaging.js';

/** What a contract adapter is built with beyond the simulator it talks to. */
export interface AdapterHooks {
  onCredentialsRefreshed?: (accountId: string, credentials: ProviderCredentials) => Promise<void>;
  /** Where the adapter reaches the diary. @default the simulator's url */
  url?: string;
}

/** One diary's simulator, running, and how to reach it. */
export interface RunningDiary {
  simulator: SimulatorHandle<string>;
  adapter(hooks?: AdapterHooks): ProviderAdapter;
  /** The credentials the gateway keeps for a seed account; `renewable`: with what renews an expired token. */
  credentials(account: SeedAccount, renewable: boolean): ProviderCredentials;
  /** What a parent types to link the account. */
  link(account: SeedAccount): LinkCredentials;
  /** What a parent types that the diary refuses (a wrong password, an unknown token or code). */
  refusedLink(account: SeedAccount): LinkCredentials;
}

/** One diary under the contract. */
export interface ContractDiary {
  provider: ProviderKind;
  start(family: SeedFamily, now: () => Date): Promise<RunningDiary>;
  /** The access token in stored credentials. */
  tokenOf(credentials: ProviderCredentials): string | undefined;
  /** Whether an expired token is renewed (a refresh token, the stored password) instead of refused. */
  renews: boolean;
  /** The fault mode that stands for "the diary is down", and the status it answers with. */
  down: { mode: string; status: number };
  /** The status with which the diary refuses a token it does not accept. */
  refusedStatus: number;
  unsupported: readonly Unsupported[];
  /** Whether the adapter reads messages, notices or signatures (`ProviderAdapter.messaging`). */
  messaging: boolean;
}

/** The fields of what a parent types that are secrets: no error may quote them. */
const SECRET_FIELDS = ['token', 'accessToken', 'code', 'password'];

const CONTRACT_TODAY = '2026-11-23';
const NOW = new Date(`${CONTRACT_TODAY}T09:00:00Z`);
/** A token no diary issued. */
const UNKNOWN_TOKEN = 'contract-unknown-token';
/** A short range, for the scenarios about failures. */
const WEEK = { from: '2026-11-16', to: CONTRACT_TODAY };

/** The demo family, plus accounts the contract may spoil: one that renews, one that cannot, a stranger's. */
function contractFamily(provider: ProviderKind) {
  const generated = generateDemoFamily({ today: CONTRACT_TODAY });
  const parent = generated.accounts.find((account) => account.provider === provider)!;
  const spare = (name: string, index: number, childKeys: string[]): SeedAccount => ({
    ...parent,
    profileId: parent.profileId + 9_000 + index,
    token: `contract-${name}-token`,
    ...(parent.refreshToken ? { refreshToken: `contract-${name}-refresh` } : {}),
    ...(parent.login ? { login: `contract-${name}` } : {}),
    childKeys,
  });
  const accounts = {
    parent,
    renewing: spare('renewing', 1, parent.childKeys),
    stranded: spare('stranded', 2, parent.childKeys),
    stranger: spare('stranger', 3, []),
  };
  const family: SeedFamily = {
    ...generated,
    accounts: [...generated.accounts, accounts.renewing, accounts.stranded, accounts.stranger],
  };
  return { family, accounts };
}

/** Declares the contract's scenarios for one diary. */
export function describeAdapterContract(diary: ContractDiary): void {
  const { provider } = diary;
  const { family, accounts } = contractFamily(provider);
  const on: Expect = { provider, lacks: (what) => diary.unsupported.includes(what), today: CONTRACT_TODAY };
  const shown = childrenOf(family, provider, accounts.parent.childKeys);
  const secrets = [
    UNKNOWN_TOKEN,
    ...family.accounts.flatMap((account) => [account.token, account.refreshToken, account.password]),
  ];
  const scope = () => createRequestScope(15_000);
  let running: RunningDiary;
  const linked = (account: SeedAccount, renewable = false): ProviderAccount => ({
    id: `contract-${account.profileId}`,
    provider,
    credentials: running.credentials(account, renewable),
  });
  const rejection = (promise: Promise<unknown>) => providerRejection(promise, provider, secrets);
  const students = new Map<string, ProviderStudent>();
  /** The first child the account shows, as its profile gives it. */
  const firstStudent = () => students.get(String(shown[0]!.studentId))!;

  describe(`${provider} adapter contract, over its simulator`, () => {
    beforeAll(async () => {
      running = await diary.start(family, () => NOW);
      const profile = await running.adapter().fetchProfile(linked(accounts.parent), scope());
      for (const student of profile.students) students.set(student.externalId, student);
    });
    afterAll(async () => {
      await running.simulator.dispose();
    });
    afterEach(() => {
      running.simulator.setFault('none');
      running.simulator.setLatency(0);
    });

    it('should link with what a parent types, and read the holder and children with what it keeps', async () => {
      const credentials = await running.adapter().signIn(running.link(accounts.parent), scope());
      expect(Object.values(credentials).every((value) => typeof value === 'string' && value !== '')).toBe(true);
      const profile = await running.adapter().fetchProfile({ id: 'contract-link', provider, credentials }, scope());
      expectWellFormed(profile, provider);
      expect(holderOf(profile)).toEqual(holderRow(family.parent, on));
      expect(studentsOf(profile.students)).toEqual(studentRows(shown, on));
    });

    it('should refuse what the diary refuses, as PROVIDER_AUTH_FAILED quoting none of it', async () => {
      const input = running.refusedLink(accounts.parent);
      const adapter = running.adapter();
      const linking = adapter
        .signIn(input, scope())
        .then((credentials) => adapter.fetchProfile({ id: 'contract-refused', provider, credentials }, scope()));
      const error = await rejection(linking);
      expect(error.code).toBe('PROVIDER_AUTH_FAILED');
      for (const [field, value] of Object.entries(input))
        if (SECRET_FIELDS.includes(field)) expect(error.message).not.toContain(value);
    });

    describeListContract(diary, {
      family,
      shown,
      on,
      range: { from: '2026-09-01', to: '2026-11-30' },
      read: () => ({ adapter: running.adapter(), account: linked(accounts.parent), students, scope }),
    });

    describeMessagingContract(diary, {
      shown,
      today: CONTRACT_TODAY,
      read: () => ({ adapter: running.adapter(), account: linked(accounts.parent), students, scope }),
      simulator: () => running.simulator,
    });

    describe('errors', () => {
      const grades = (account = linked(accounts.parent)) =>
        running.adapter().fetchGrades(account, firstStudent(), WEEK, scope());

      it(`should answer PROVIDER_UNAVAILABLE while the diary is down (${diary.down.mode}: ${diary.down.status})`, async () => {
        running.simulator.setFault(diary.down.mode);
        expect(await rejection(grades())).toMatchObject({
          code: 'PROVIDER_UNAVAILABLE',
          upstreamStatus: diary.down.status,
        });
      });

      it('should answer PROVIDER_UNAVAILABLE when the diary cannot be reached', async () => {
        const unreachable = running.adapter({ url: await closedPortUrl() });
        const error = await rejection(unreachable.fetchProfile(linked(accounts.parent), scope()));
        expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_UNAVAILABLE', undefined]);
      });

      it('should answer PROVIDER_BAD_RESPONSE to an answer that is not JSON (malformed)', async () => {
        running.simulator.setFault('malformed');
        expect(await rejection(grades())).toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', upstreamStatus: 200 });
      });

      it(`should answer PROVIDER_AUTH_FAILED to a token the diary does not know (${diary.refusedStatus})`, async () => {
        const unknown = { ...accounts.parent, token: UNKNOWN_TOKEN };
        const error = await rejection(grades(linked(unknown)));
        expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', diary.refusedStatus]);
      });

      it('should answer PROVIDER_TIMEOUT when the diary is slower than the request deadline', async () => {
        running.simulator.setLatency(500);
        const error = await rejection(running.adapter().fetchProfile(linked(accounts.parent), createRequestScope(50)));
        expect(error.code).toBe('PROVIDER_TIMEOUT');
      });

      it('should show another family’s account none of the children, and refuse to read them (403)', async () => {
        const stranger = linked(accounts.stranger);
        const adapter = running.adapter();
        const child = firstStudent();
        expect((await adapter.fetchProfile(stranger, scope())).students).toEqual([]);
        for (const read of [
          () => grades(stranger),
          () => adapter.fetchHomework(stranger, child, WEEK, scope()),
          () => adapter.fetchSchedule(stranger, child, WEEK, scope()),
          () => adapter.fetchPeriods(stranger, child, scope()),
        ]) {
          const error = await rejection(read());
          expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', 403]);
        }
      });
    });

    describe('an expired token', () => {
      const refreshed = vi.fn<(accountId: string, credentials: ProviderCredentials) => Promise<void>>(async () => {});
      afterEach(() => refreshed.mockClear());
      const periods = (account: ProviderAccount) =>
        running.adapter({ onCredentialsRefreshed: refreshed }).fetchPeriods(account, firstStudent(), scope());

      // МЭШ renews nothing: its tokens are given, so only the refusal below applies to it.
      if (diary.renews)
        it('should be renewed, the new credentials handed over and used from then on', async () => {
          const account = linked(accounts.renewing, true);
          running.simulator.expireToken(accounts.renewing.token);
          const expected = await periods(linked(accounts.parent));
          expect(await periods(account)).toEqual(expected);
          expect(refreshed).toHaveBeenCalledTimes(1);
          const [accountId, credentials] = refreshed.mock.calls[0]!;
          expect(accountId).toBe(account.id);
          expect(diary.tokenOf(credentials)).not.toBe(accounts.renewing.token);
          expect(await periods({ ...account, credentials })).toEqual(expected);
          expect(refreshed).toHaveBeenCalledTimes(1);
        });

      it('should answer PROVIDER_AUTH_FAILED when nothing can renew it', async () => {
        running.simulator.expireToken(accounts.stranded.token);
        const error = await rejection(periods(linked(accounts.stranded)));
        expect([error.code, error.upstreamStatus]).toEqual(['PROVIDER_AUTH_FAILED', diary.refusedStatus]);
        expect(refreshed).not.toHaveBeenCalled();
      });
    });
  });
}
