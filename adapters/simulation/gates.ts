/**
 * The shape of a simulator's checks ("gates"): each either passes a checked value on or holds the refusal
 * to send, so a route reads as a row of gates. Which checks a diary makes, in which order and with which
 * refusals, stays in its simulator; only the plumbing lives here.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './replies.js';
import type { SeedAccount, SeedChild, SeedFamily } from './seed.js';

/** Either the checked value or the refusal to send. */
export type Gate<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** A gate that passes `value` on. */
export const pass = <T>(value: T): Gate<T> => ({ ok: true, value });

/** A gate that refuses with `reply`. */
export const refuse = <T>(reply: Reply): Gate<T> => ({ ok: false, reply });

/** The token holder: a diary account of the family and the children it shows. */
export interface Caller {
  account: SeedAccount;
  children: readonly SeedChild[];
}

/** The children a diary account shows: the family's enrollments in that diary that the account lists. */
export function childrenShown(family: SeedFamily, account: SeedAccount): SeedChild[] {
  return family.children.filter(
    (child) => child.provider === account.provider && account.childKeys.includes(child.key),
  );
}

/** A request header's first value, trimmed; `undefined` when it is missing or blank. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}
