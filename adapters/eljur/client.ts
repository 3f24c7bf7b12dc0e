/**
 * The Eljur HTTP client: one function per method, each building the exact URL and query string
 * (`devkey`, `vendor`, `out_format=json` and `auth_token` on every data call, providers.md §2.2), sending
 * it through the injected transport and returning the decoded `result`. Every failure leaves as a
 * `GatewayError` (see `errors.ts`); nothing here normalises or decides when to sign in.
 */
import type { z } from 'zod';
import type { DateRange } from '../../src/domain/model.js';
import type { HttpTransport, UpstreamRequest, UpstreamResponse } from '../../src/upstream/transport.js';
import { formatDays, methodPath, OUT_FORMAT, TRUE_PARAMETER, type EljurMethod } from './endpoints.js';
import { decodeEljurAnswer, eljurTransportError } from './errors.js';
import type { Decoded, DriftSink } from '../../src/upstream/tolerant-decode.js';
import {
  authResultSchema,
  diaryResultSchema,
  finalAssessmentsResultSchema,
  homeworkResultSchema,
  marksResultSchema,
  periodsResultSchema,
  profileUserInfoResultSchema,
  rulesResultSchema,
} from './payloads.js';

/** Where and as whom the gateway calls Eljur: the tenant's host, developer key and the account's vendor. */
export interface EljurEndpoint {
  transport: HttpTransport;
  /** The tenant's host, possibly with a path prefix; `/apiv3/{method}` is appended. */
  baseUrl: string;
  /** The developer key. Sent in the query (Eljur accepts it nowhere else); never in messages. */
  devkey: string;
  /** The school subdomain the account belongs to. */
  vendor: string;
  signal?: AbortSignal | undefined;
  /** Told once of each part of an answer left out because its shape drifted (metrics and the log). */
  onDrift?: DriftSink | undefined;
}

/** A data call: the endpoint plus the account's access token. */
export interface EljurClientContext extends EljurEndpoint {
  /** `auth_token`. Sent in the query, as Eljur requires; never in messages. */
  token: string;
}

/** Query parameters of a call. */
export type Query = Readonly<Record<string, string>>;

function methodUrl(endpoint: EljurEndpoint, method: EljurMethod, query: Query): URL {
  // `(?<!\/)`: a match starts only at the first slash of a run, so `\/+$` never rescans it (linear).
  const url = new URL(`${endpoint.baseUrl.replace(/(?<!\/)\/+$/, '')}${methodPath(method)}`);
  const parameters = { devkey: endpoint.devkey, vendor: endpoint.vendor, out_format: OUT_FORMAT, ...query };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url;
}

async function send<S extends z.ZodType>(
  endpoint: EljurEndpoint,
  method: EljurMethod,
  request: Omit<UpstreamRequest, 'signal'>,
  schema: S,
): Promise<Decoded<z.output<S>>> {
  let response: UpstreamResponse;
  try {
    response = await endpoint.transport({ ...request, signal: endpoint.signal });
  } catch (error) {
    throw eljurTransportError(error);
  }
  return decodeEljurAnswer(method, response, schema, endpoint.onDrift);
}

/** A data method read with GET: the four parameters every call carries and the method's own, in the query. */
export function dataCall<S extends z.ZodType>(
  context: EljurClientContext,
  method: EljurMethod,
  query: Query,
  schema: S,
): Promise<Decoded<z.output<S>>> {
  const url = methodUrl(context, method, { auth_token: context.token, ...query });
  return send(context, method, { method: 'GET', url, headers: { Accept: 'application/json' } }, schema);
}

/**
 * A data method that takes something (`sendmessage`): POST, the four parameters in the query and the
 * method's own in a form body (`[name, value]` pairs, so a name may repeat: `fid[]`). POST, never GET, so the
 * transport's retries of reads never send it twice, and no message text lands in an access log's URL.
 */
export function formCall<S extends z.ZodType>(
  context: EljurClientContext,
  method: EljurMethod,
  form: readonly (readonly [string, string])[],
  schema: S,
): Promise<Decoded<z.output<S>>> {
  const url = methodUrl(context, method, { auth_token: context.token });
  const body = new URLSearchParams(form.map(([name, value]): [string, string] => [name, value])).toString();
  const headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  return send(context, method, { method: 'POST', url, headers, body }, schema);
}

/**
 * `POST /apiv3/auth`: signs in with login and password and returns the token and its expiry.
 *
 * Eljur accepts the credentials in the query, a form body or a JSON body (providers.md §2.2). They go in
 * a form body here, and only `devkey`, `vendor` and `out_format` in the query: URLs end up in access
 * logs of every proxy on the way, bodies do not.
 */
export async function authenticate(
  endpoint: EljurEndpoint,
  login: string,
  password: string,
): Promise<z.output<typeof authResultSchema>> {
  const url = methodUrl(endpoint, 'auth', {});
  const body = new URLSearchParams({ login, password }).toString();
  const headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  // Credentials are decoded strictly: the answer reads whole or fails, so it carries no drift.
  return (await send(endpoint, 'auth', { method: 'POST', url, headers, body }, authResultSchema)).value;
}

/** `getrules`: the account holder and `relations.students`, the children. */
export async function fetchRules(context: EljurClientContext): Promise<z.output<typeof rulesResultSchema>> {
  // Identity, decoded strictly: the answer reads whole or fails, so it carries no drift.
  return (await dataCall(context, 'getrules', {}, rulesResultSchema)).value;
}

/** `getprofileuserinfo?student`: one child's profile card (school, class, SNILS). */
export async function fetchProfileUserInfo(
  context: EljurClientContext,
  studentId: string,
): Promise<z.output<typeof profileUserInfoResultSchema>> {
  // Identity, decoded strictly: the answer reads whole or fails, so it carries no drift.
  return (await dataCall(context, 'getprofileuserinfo', { student: studentId }, profileUserInfoResultSchema)).value;
}

/** A method read for one child: `?student` and any fixed `extra` parameters. */
function studentCall<S extends z.ZodType>(method: EljurMethod, schema: S, extra: Query = {}) {
  return (context: EljurClientContext, studentId: string): Promise<Decoded<z.output<S>>> =>
    dataCall(context, method, { student: studentId, ...extra }, schema);
}

/** A method read for one child over days: `?student&days` and any fixed `extra` parameters. */
function studentDaysCall<S extends z.ZodType>(method: EljurMethod, schema: S, extra: Query = {}) {
  return (context: EljurClientContext, studentId: string, range: DateRange): Promise<Decoded<z.output<S>>> =>
    dataCall(context, method, { student: studentId, days: formatDays(range), ...extra }, schema);
}

/** `getperiods?student&show_disabled=true`: the grading periods, including those not started yet. */
export const fetchPeriods = studentCall('getperiods', periodsResultSchema, { show_disabled: TRUE_PARAMETER });

/** `getmarks?student&days`: marks by subject, with the diary's average over `days`. */
export const fetchMarks = studentDaysCall('getmarks', marksResultSchema);

/** `getdiary?student&days&rings=true`: lessons by day with bell times, topics, homework and marks. */
export const fetchDiary = studentDaysCall('getdiary', diaryResultSchema, { rings: TRUE_PARAMETER });

/** `gethomework?student&days`: homework by day, keyed by subject name. */
export const fetchHomework = studentDaysCall('gethomework', homeworkResultSchema);

/** `getfinalassessments?student`: final marks of every subject by period name. */
export const fetchFinalAssessments = studentCall('getfinalassessments', finalAssessmentsResultSchema);
