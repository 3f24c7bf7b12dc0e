/**
 * The diary installations the gateway knows without configuration. Hosts come from
 * /work/shared/providers.md (section named per entry, with its confidence tag: [C] seen in client code,
 * [S] secondary survey, [G] our inference). Nothing here was tried against a live service; an integrator
 * corrects a host or adds an installation with `TENANTS_FILE`, and turns one off with `enabled: false`.
 *
 * Client ids, secrets and devkeys are never built in: they are the integrator's (environment or file).
 */
import { deepFreeze } from './deep-freeze.js';
import type { DnevnikTenant, EljurTenant, MeshTenant, Tenant } from './tenant.js';

/** Scopes school.mos.ru's own web flow asks login.mos.ru for (providers.md §8.1 A, [D MD; C RG, TS]). */
export const MOS_RU_SCOPE = 'openid profile birthday contacts snils blitz_user_rights blitz_change_password';
/** Partner scopes enough to read a parent's children and their diaries (providers.md §1.2, [C PY2]; +Relatives [G]). */
export const DNEVNIK_SCOPE = 'CommonInfo,ContactInfo,FriendsAndRelatives,EducationalInfo';

/**
 * A regional «Моя школа» node (providers.md §8.2). The table gives each node an auth/API host and a web
 * host; which of them serves `family/mobile/v1` is documented only for the Moscow region, so elsewhere
 * the auth host is taken as the school (family API) host and the sign-in host, and the web host for
 * `profile_info` [G].
 */
function regionalMesh(id: string, ru: string, en: string, authHost: string, webHost: string): MeshTenant {
  return {
    id,
    platform: 'MESH',
    name: { ru: `«Моя школа» — ${ru}`, en: `“Moya Shkola” — ${en}` },
    timeZone: 'Europe/Moscow',
    primary: false,
    schoolBaseUrl: `https://${authHost}`,
    aclBaseUrl: `https://${webHost}`,
    signIn: { kind: 'regional', authBaseUrl: `https://${authHost}` },
  };
}

/** A Dnevnik.ru-platform installation: `api.<host>` and `login.<host>` (providers.md §1.1, §8.3). */
function dnevnik(id: string, name: DnevnikTenant['name'], host: string, timeZone: string): DnevnikTenant {
  return {
    id,
    platform: 'DNEVNIK',
    name,
    timeZone,
    primary: id === 'dnevnik-ru',
    apiBaseUrl: `https://api.${host}`,
    loginBaseUrl: `https://login.${host}`,
    clientId: null,
    clientSecret: null,
    scope: DNEVNIK_SCOPE,
    pkce: false,
  };
}

/**
 * An Eljur host (providers.md §2.1, §8.4). No vendors and no redirect sign-in page are built in: the
 * integrator lists the schools it serves and gets the page from Eljur with its devkey.
 */
function eljur(id: string, name: EljurTenant['name'], baseUrl: string, timeZone: string): EljurTenant {
  return {
    id,
    platform: 'ELJUR',
    name,
    timeZone,
    primary: id === 'eljur',
    baseUrl,
    devkey: null,
    vendors: [],
    redirectSignInUrl: null,
  };
}

const MESH_TENANTS: readonly MeshTenant[] = [
  // providers.md §3.1 (hosts, [C OP, OK, RG]) and §8.1 (mos.ru sign-in, [C OP, OK; D MD]).
  {
    id: 'mesh-moscow',
    platform: 'MESH',
    name: { ru: 'МЭШ — Москва', en: 'MESH — Moscow' },
    timeZone: 'Europe/Moscow',
    primary: true,
    schoolBaseUrl: 'https://school.mos.ru',
    aclBaseUrl: 'https://dnevnik.mos.ru',
    signIn: {
      kind: 'mos-ru',
      loginBaseUrl: 'https://login.mos.ru',
      clientId: null,
      clientSecret: null,
      scope: MOS_RU_SCOPE,
    },
  },
  // providers.md §8.2, [C OP urls.py, OK]: family/mobile/v1 on api.myschool.mosreg.ru, profile_info on
  // myschool.mosreg.ru, /v3/auth/* on authedu.mosreg.ru (which also serves eventcalendar).
  {
    ...regionalMesh('mesh-mosreg', 'Московская область', 'Moscow Region', 'authedu.mosreg.ru', 'myschool.mosreg.ru'),
    schoolBaseUrl: 'https://api.myschool.mosreg.ru',
  },
  // providers.md §8.2 [C OK readme; S SV+]; host roles [G].
  regionalMesh(
    'mesh-kaluga',
    'Калужская область',
    'Kaluga Region',
    'education.admoblkaluga.ru',
    'dnevnik.admoblkaluga.ru',
  ),
  // providers.md §8.2 [D MD; S SV+]; host roles [G]. Tyumen keeps Yekaterinburg time (UTC+5).
  {
    ...regionalMesh('mesh-tyumen', 'Тюменская область', 'Tyumen Region', 'myschool.72to.ru', 'education.72to.ru'),
    timeZone: 'Asia/Yekaterinburg',
  },
  // providers.md §8.2 [S SV+; C ms-edu.tatar.ru in public code]; host roles [G].
  regionalMesh('mesh-tatarstan', 'Татарстан', 'Tatarstan', 'ms-edu.tatar.ru', 'school-edu.tatar.ru'),
  // providers.md §8.2 [S SV+]; host roles [G].
  regionalMesh('mesh-dagestan', 'Дагестан', 'Dagestan', 'myschool.05edu.ru', 'education.05edu.ru'),
];

const DNEVNIK_TENANTS: readonly DnevnikTenant[] = [
  // providers.md §1.1, §1.2 [C PY, PA].
  dnevnik('dnevnik-ru', { ru: 'Дневник.ру', en: 'Dnevnik.ru' }, 'dnevnik.ru', 'Europe/Moscow'),
  // providers.md §1.1 [C KZ], §8.3 [C public apps]. Kazakhstan has one zone (UTC+5) since 2024; Asia/Almaty follows it.
  dnevnik('kundelik-kz', { ru: 'Күнделік (Казахстан)', en: 'Kundelik.kz (Kazakhstan)' }, 'kundelik.kz', 'Asia/Almaty'),
  // providers.md §8.3 [C public scrapers]: login.emaktab.uz; the v2 API on api.emaktab.uz is [G] (only
  // /mobile/v10.0 was seen there).
  dnevnik('emaktab-uz', { ru: 'eMaktab (Узбекистан)', en: 'eMaktab.uz (Uzbekistan)' }, 'emaktab.uz', 'Asia/Tashkent'),
];

const ELJUR_TENANTS: readonly EljurTenant[] = [
  // providers.md §2.1 [C BJ, SC, FE]: what ELJUR_BASE_URL defaults to.
  eljur('eljur', { ru: 'ЭлЖур', en: 'Eljur' }, 'https://api.eljur.ru', 'Europe/Moscow'),
  // providers.md §8.4, the hosts still current in 2026 [S SV+]; edu.gounn.ru also [C public code] (§2.1).
  eljur(
    'eljur-nizhny-novgorod',
    { ru: 'ЭлЖур — Нижегородская область', en: 'Eljur — Nizhny Novgorod Region' },
    'https://edu.gounn.ru',
    'Europe/Moscow',
  ),
  eljur(
    'eljur-kurgan',
    { ru: 'ЭлЖур — Курганская область', en: 'Eljur — Kurgan Region' },
    'https://eschool.gov45.ru',
    'Asia/Yekaterinburg',
  ),
  eljur(
    'eljur-crimea',
    { ru: 'ЭлЖур — Республика Крым', en: 'Eljur — Crimea' },
    'https://edu.rk.gov.ru',
    'Europe/Simferopol',
  ),
  eljur(
    'eljur-sevastopol',
    { ru: 'ЭлЖур — Севастополь', en: 'Eljur — Sevastopol' },
    'https://riso.sev.gov.ru',
    'Europe/Simferopol',
  ),
  eljur(
    'eljur-yugra',
    { ru: 'ЭлЖур — Югра (ХМАО)', en: 'Eljur — Yugra (KhMAO)' },
    'https://cop.admhmao.ru',
    'Asia/Yekaterinburg',
  ),
];

/** The built-in tenants, one primary per platform (`mesh-moscow`, `dnevnik-ru`, `eljur`). */
export const BUILT_IN_TENANTS: readonly Tenant[] = deepFreeze([...MESH_TENANTS, ...DNEVNIK_TENANTS, ...ELJUR_TENANTS]);

/** The built-in primaries that the environment's simple-case variables configure. */
export const ENVIRONMENT_TENANT_IDS = Object.freeze({ MESH: 'mesh-moscow', DNEVNIK: 'dnevnik-ru', ELJUR: 'eljur' });
