/**
 * The checks Eljur makes before it answers, in its order: the developer key (403), the vendor (500, "unknown
 * vendor"), then for `auth` the login and password (400) and for data methods the token (403); then the
 * `student` (403 for a child the account does not show) and `days` (400). Another family's child is
 * refused, never answered.
 */
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { pass, refuse, type Gate } from '../../simulation/gates.js';
import { isoOfDayKey } from './wire.js';
import { ELJUR_SIMULATOR_DEVKEY, ELJUR_SIMULATOR_VENDOR } from './ids.js';
import { ERRORS, failure } from './replies.js';

/** The developer key and vendor every method except `getusersvendors` needs. */
export function checkDeveloper(params: URLSearchParams): Gate<true> {
  if (params.get('devkey') !== ELJUR_SIMULATOR_DEVKEY) return refuse(failure(403, ERRORS.developer));
  if (params.get('vendor') !== ELJUR_SIMULATOR_VENDOR) return refuse(failure(500, ERRORS.vendor));
  return pass(true);
}

/** The family's Eljur account with this login and password; 400 otherwise. */
export function checkCredentials(family: SeedFamily, params: URLSearchParams): Gate<SeedAccount> {
  const login = params.get('login') ?? '';
  const password = params.get('password') ?? '';
  const account = family.accounts.find(
    (candidate) => candidate.provider === 'ELJUR' && candidate.login === login && candidate.password === password,
  );
  return account && login !== '' && password !== '' ? pass(account) : refuse(failure(400, ERRORS.credentials));
}

/**
 * `student`: one id or several, comma-separated, each a child of the account; without it, every child of
 * the account (a parent's own "self" has no diary).
 */
export function requireStudents(children: readonly SeedChild[], params: URLSearchParams): Gate<SeedChild[]> {
  const ids = (params.get('student') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) return pass([...children]);
  const chosen: SeedChild[] = [];
  for (const id of ids) {
    const child = children.find((candidate) => String(candidate.studentId) === id);
    if (!child) return refuse(failure(403, ERRORS.student));
    if (!chosen.includes(child)) chosen.push(child);
  }
  return pass(chosen);
}

/**
 * `student` naming exactly one child of the account: a profile card is one person's. Without it a
 * parent's own card would be asked for, which the simulator does not serve (400).
 */
export function requireOneStudent(children: readonly SeedChild[], params: URLSearchParams): Gate<SeedChild> {
  const id = (params.get('student') ?? '').trim();
  if (id === '' || id.includes(',')) return refuse(failure(400, ERRORS.oneStudent));
  const child = children.find((candidate) => String(candidate.studentId) === id);
  return child ? pass(child) : refuse(failure(403, ERRORS.student));
}

/** `days`: `YYYYMMDD-YYYYMMDD` or a single `YYYYMMDD`, as an inclusive `YYYY-MM-DD` range. */
export function requireDays(params: URLSearchParams): Gate<{ from: string; to: string }> {
  const [first, second, ...rest] = (params.get('days') ?? '').split('-');
  const from = isoOfDayKey(first);
  const to = second === undefined ? from : isoOfDayKey(second);
  if (from === null || to === null || rest.length > 0 || from > to) return refuse(failure(400, ERRORS.days));
  return pass({ from, to });
}
