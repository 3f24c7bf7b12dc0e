/**
 * The three diaries under the adapter contract: how to start each one's simulator and adapter, what a
 * parent types to link it, and where the diaries differ (their names for "down", the status of a refused
 * token, what they do not carry). Everything else the contract expects of all three alike.
 */
import { createDnevnikAdapter } from '../../adapters/dnevnik/index.js';
import { DNEVNIK_SIMULATOR_CLIENT, startDnevnikSimulator } from '../../adapters/dnevnik/simulator/index.js';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { startEljurSimulator } from '../../adapters/eljur/simulator/index.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { startMeshSimulator } from '../../adapters/mesh/simulator/index.js';
import type { ProviderCredentials } from '../../src/domain/adapter.js';
import { createUndiciTransport } from '../../src/upstream/transport.js';
import type { ContractDiary } from './adapter-contract.js';

const transport = createUndiciTransport();

/** МЭШ: a token the parent copies from the site, never renewed; `down` is the 503 maintenance page. */
export const MESH_DIARY: ContractDiary = {
  provider: 'MESH',
  async start(family, now) {
    const simulator = await startMeshSimulator({ family, now });
    return {
      simulator,
      adapter: (hooks = {}) => {
        const url = hooks.url ?? simulator.url;
        return createMeshAdapter({ transport, hosts: { schoolBaseUrl: url, aclBaseUrl: url }, now });
      },
      credentials: (account) => ({ token: account.token }),
      link: (account) => ({ provider: 'MESH', token: account.token }),
      refusedLink: () => ({ provider: 'MESH', token: 'contract-refused-token' }),
    };
  },
  tokenOf: (credentials) => credentials.token,
  renews: false,
  down: { mode: 'down', status: 503 },
  refusedStatus: 401,
  unsupported: ['period.upcoming'],
  messaging: true,
};

/** Dnevnik.ru: OAuth codes and rotating refresh tokens; `down` is its 550 maintenance page. */
export const DNEVNIK_DIARY: ContractDiary = {
  provider: 'DNEVNIK',
  async start(family, now) {
    const simulator = await startDnevnikSimulator({ family, now });
    return {
      simulator,
      adapter: (hooks = {}) =>
        createDnevnikAdapter({
          transport,
          baseUrl: hooks.url ?? simulator.url,
          clientId: DNEVNIK_SIMULATOR_CLIENT.id,
          clientSecret: DNEVNIK_SIMULATOR_CLIENT.secret,
          onCredentialsRefreshed: hooks.onCredentialsRefreshed,
          now,
        }),
      credentials: (account, renewable): ProviderCredentials =>
        renewable && account.refreshToken
          ? { accessToken: account.token, refreshToken: account.refreshToken }
          : { accessToken: account.token },
      link: (account) => ({
        provider: 'DNEVNIK',
        code: simulator.issueCode(account.profileId),
        redirectUri: 'https://gateway.test/callback',
      }),
      refusedLink: () => ({ provider: 'DNEVNIK', code: 'contract-refused-code' }),
    };
  },
  tokenOf: (credentials) => credentials.accessToken,
  renews: true,
  down: { mode: 'maintenance', status: 550 },
  refusedStatus: 401,
  unsupported: [
    'holder.snils',
    'student.birthDate',
    'student.snils',
    'grade.comment',
    'homework.attachmentLinks',
    'nonSchoolDays',
  ],
  messaging: true,
};

/** Eljur: a login and password that sign in again when the token lapses; `down` is a 500 of every method. */
export const ELJUR_DIARY: ContractDiary = {
  provider: 'ELJUR',
  async start(family, now) {
    const simulator = await startEljurSimulator({ family, now });
    const { vendor } = simulator;
    return {
      simulator,
      adapter: (hooks = {}) =>
        createEljurAdapter({
          transport,
          baseUrl: hooks.url ?? simulator.url,
          devkey: simulator.devkey,
          vendor,
          timeZone: 'Europe/Samara',
          onCredentialsRefreshed: hooks.onCredentialsRefreshed,
          now,
        }),
      credentials: (account, renewable): ProviderCredentials =>
        renewable
          ? { token: account.token, login: account.login!, password: account.password!, vendor }
          : { token: account.token },
      link: (account) => ({ provider: 'ELJUR', login: account.login!, password: account.password!, vendor }),
      refusedLink: (account) => ({
        provider: 'ELJUR',
        login: account.login!,
        password: 'contract-refused-password',
        vendor,
      }),
    };
  },
  tokenOf: (credentials) => credentials.token,
  renews: true,
  down: { mode: 'server-error', status: 500 },
  refusedStatus: 403,
  unsupported: [
    'holder.birthDate',
    'holder.snils',
    'student.birthDate',
    'homework.assignedOn',
    'homework.isDone',
    'lesson.replacement',
    'lesson.cancelled',
    'absence.reason',
  ],
  messaging: true,
};

/** Every diary, for a runner that declares the contract once per diary. */
export const CONTRACT_DIARIES: readonly ContractDiary[] = [MESH_DIARY, DNEVNIK_DIARY, ELJUR_DIARY];
