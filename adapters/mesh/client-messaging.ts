/**
 * The МЭШ calls behind notices and diary signatures. These routes belong to services the official app
 * reaches with its common headers (a bearer token, `Profile-Id`, the subsystem, `client-type`,
 * `Accept-Language`; providers.md §8.5, OM's headers), not the family routes' `Auth-Token`: the token goes
 * in one header only, since some newer МЭШ services refuse a request that carries it twice (§8.1).
 */
import type { z } from 'zod';
import type { Decoded } from '../../src/upstream/tolerant-decode.js';
import { getJson, routeUrl, sendRequest, type MeshProfileContext } from './client.js';
import { MESH_PATHS, MESH_SUBSYSTEM } from './endpoints.js';
import { acceptSignatureAnswer } from './errors.js';
import { awareJournalsSchema, noticeFeedSchema, type AwareJournalRequest } from './payloads-messaging.js';

/** The official app's common headers (OM: `commonHeaders`), without `X-Mes-RoleId`, whose parent value no client shows. */
function appHeaders(context: MeshProfileContext): Record<string, string> {
  return {
    Authorization: `Bearer ${context.token}`,
    'Profile-Id': context.profileId,
    'X-Mes-Subsystem': MESH_SUBSYSTEM,
    'Client-Type': 'diary-mobile',
    'Accept-Language': 'ru',
    Accept: 'application/json',
  };
}

/** One page of the feed: `page` from 1, `npp` items. */
export interface FeedPage {
  page: number;
  npp: number;
}

/**
 * `GET instantmessages/v1/feed?page&npp`: one page of the account's notice feed, every child's items
 * together (no `filter`: each item names its child in `child_id`).
 */
export function fetchNoticeFeed(
  context: MeshProfileContext,
  { page, npp }: FeedPage,
): Promise<Decoded<z.output<typeof noticeFeedSchema>>> {
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.instantMessages, {
    page: String(page),
    npp: String(npp),
  });
  return getJson(context, 'instantmessages', url, appHeaders(context), noticeFeedSchema);
}

/** Which signatures to read: one child, the weeks from the Monday `weekFrom` to the Sunday `weekTo`. */
export interface SignatureQuery {
  studentId: string;
  weekFrom: string;
  weekTo: string;
}

/** `GET ej/core/family/v1/aware_journals?student_profile_ids&week_from&week_to`: the weeks a parent signed. */
export function fetchAwareJournals(
  context: MeshProfileContext,
  { studentId, weekFrom, weekTo }: SignatureQuery,
): Promise<Decoded<z.output<typeof awareJournalsSchema>>> {
  const query = { student_profile_ids: studentId, week_from: weekFrom, week_to: weekTo };
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.awareJournals, query);
  return getJson(context, 'aware_journals', url, appHeaders(context), awareJournalsSchema);
}

/**
 * `POST ej/core/family/v1/aware_journals` `{parent_profile_id, student_profile_id, week}`: signs one week.
 * Sent once, like every write (the resilience layer retries only `GET`s); what МЭШ answers on success is
 * not known, so it is not read.
 */
export async function postAwareJournal(context: MeshProfileContext, body: AwareJournalRequest): Promise<void> {
  const url = routeUrl(context.hosts.schoolBaseUrl, MESH_PATHS.awareJournals);
  const headers = { ...appHeaders(context), 'Content-Type': 'application/json' };
  acceptSignatureAnswer(await sendRequest(context, { method: 'POST', url, headers, body: JSON.stringify(body) }));
}
