/**
 * The method table: which `/apiv3/{method}` answers what, behind which gates. Parameters are read from
 * the query and, for a POST, the form body (Eljur accepts either). The mail's methods are in `mail-routes.ts`.
 */
import type { SeedAccount, SeedChild, SeedFamily } from '../../simulation/seed.js';
import { schoolToday } from '../../simulation/calendar.js';
import { API_PREFIX, ELJUR_SIMULATOR_METHODS, type EljurSimulatorMethod as EljurMethod } from './wire.js';
import { checkCredentials, checkDeveloper, requireDays, requireOneStudent, requireStudents } from './gates.js';
import { TOKEN_LIFETIME_DAYS } from './ids.js';
import { envelope, ERRORS, failure, unwrapped } from './replies.js';
import { childrenShown } from '../../simulation/gates.js';
import { named, type Reply } from '../../simulation/replies.js';
import {
  renderAuth,
  renderPeriods,
  renderProfileUserInfo,
  renderRules,
  renderUsersVendors,
  tokenExpiry,
} from './render-account.js';
import { renderDiary, renderHomework } from './render-diary.js';
import { placeMarks, renderFinalAssessments, renderMarks } from './render-marks.js';
import type { SimulatorState } from './state.js';
import { MAIL_METHODS, type SchoolMail } from './mail-routes.js';
import type { MailMethod } from './wire-mail.js';
import { uploadFileUrl } from './storage.js';

/** The request as the router needs it. */
export interface RoutedRequest {
  family: SeedFamily;
  state: SimulatorState;
  /** The school's mail (`mail-routes.ts`). */
  mail: SchoolMail;
  path: string;
  /** Query parameters merged with a form body's. */
  params: URLSearchParams;
  now: Date;
  /** The simulator's origin as the client reached it, for the addresses it hands out (files, uploads). */
  origin: string;
}

/** What a data method sees once the gates passed. */
interface DataContext {
  family: SeedFamily;
  account: SeedAccount;
  children: SeedChild[];
  params: URLSearchParams;
  now: Date;
  mail: SchoolMail;
  origin: string;
}

type Handler = (context: DataContext) => Reply;

const todayOf = (child: SeedChild, now: Date) => schoolToday(now, child.timeZone);
const isTrue = (value: string | null) => ['true', '1', '__yes', 'yes'].includes((value ?? '').toLowerCase());

/** Merges per-child answers (`{students: {id: …}}`) into one, as Eljur does for several ids. */
function mergeStudents(parts: readonly { students?: unknown }[]): { students: Record<string, unknown> } {
  const students: Record<string, unknown> = {};
  for (const part of parts) Object.assign(students, part.students);
  return { students };
}

function perStudent(render: (child: SeedChild, context: DataContext) => { students?: unknown }): Handler {
  return (context) => {
    const children = requireStudents(context.children, context.params);
    return children.ok
      ? envelope(mergeStudents(children.value.map((child) => render(child, context))))
      : children.reply;
  };
}

function perStudentInDays(
  render: (child: SeedChild, days: { from: string; to: string }, context: DataContext) => { students?: unknown },
): Handler {
  return (context) => {
    const children = requireStudents(context.children, context.params);
    if (!children.ok) return children.reply;
    const days = requireDays(context.params);
    if (!days.ok) return days.reply;
    return envelope(mergeStudents(children.value.map((child) => render(child, days.value, context))));
  };
}

const DATA_METHODS: ReadonlyMap<EljurMethod, Handler> = new Map<EljurMethod, Handler>([
  [
    'getrules',
    (context) => {
      const token = context.mail.state.issueUploadToken(context.account.profileId, context.now);
      const upload = uploadFileUrl(context.origin, token);
      return envelope(renderRules(context.family, context.account, context.children, upload));
    },
  ],
  [
    'getprofileuserinfo',
    (context) => {
      const child = requireOneStudent(context.children, context.params);
      return child.ok ? envelope(renderProfileUserInfo(child.value, context.account)) : child.reply;
    },
  ],
  [
    'getperiods',
    (context) => {
      const children = requireStudents(context.children, context.params);
      if (!children.ok) return children.reply;
      const showDisabled = isTrue(context.params.get('show_disabled'));
      // The one method whose `students` is an array.
      return envelope({
        students: children.value.flatMap(
          (child) => renderPeriods(child, todayOf(child, context.now), showDisabled).students as unknown[],
        ),
      });
    },
  ],
  [
    'getmarks',
    perStudentInDays((child, days, context) => renderMarks(child, days.from, days.to, todayOf(child, context.now))),
  ],
  [
    'getdiary',
    perStudentInDays((child, days, context) => {
      const today = todayOf(child, context.now);
      return renderDiary(
        child,
        days.from,
        days.to,
        today,
        placeMarks(child, today),
        isTrue(context.params.get('rings')),
      );
    }),
  ],
  ['gethomework', perStudentInDays((child, days) => renderHomework(child, days.from, days.to))],
  ['getfinalassessments', perStudent((child) => renderFinalAssessments(child))],
]);

const KNOWN_METHODS: ReadonlySet<string> = new Set(ELJUR_SIMULATOR_METHODS);

/** The method a path names, or `null` for a path outside `/apiv3/`. */
function methodOf(path: string): EljurMethod | null {
  const method = path.startsWith(`${API_PREFIX}/`) ? path.slice(API_PREFIX.length + 1).replace(/\/$/, '') : '';
  return KNOWN_METHODS.has(method) ? (method as EljurMethod) : null;
}

/** The zone tokens' `expires` is written in: the account's school's. */
function zoneOf(family: SeedFamily, account: SeedAccount): string {
  return childrenShown(family, account)[0]?.timeZone ?? 'Europe/Moscow';
}

function usersVendors(request: RoutedRequest): Reply {
  // Any non-empty ESIA token resolves to the family's Eljur account: the demo has no ESIA to verify it with.
  const account = request.family.accounts.find((candidate) => candidate.provider === 'ELJUR');
  if (!(request.params.get('v_token') ?? '').trim() || !account)
    return unwrapped({ error: 'не передан v_token', result: false }, 400);
  const expiresAt = tokenExpiry(request.now, TOKEN_LIFETIME_DAYS);
  const token = request.state.issueToken(account, expiresAt);
  return unwrapped(renderUsersVendors(request.family, account, token, expiresAt, zoneOf(request.family, account)));
}

function auth(request: RoutedRequest): Reply {
  const account = checkCredentials(request.family, request.params);
  if (!account.ok) return account.reply;
  const expiresAt = tokenExpiry(request.now, TOKEN_LIFETIME_DAYS);
  const token = request.state.issueToken(account.value, expiresAt);
  return envelope(renderAuth(token, expiresAt, zoneOf(request.family, account.value)));
}

/** Answers a request: 404 for unknown methods, then the fault mode, the gates, and the method. */
export function routeRequest(request: RoutedRequest): Reply {
  const reply = answerMethod(request);
  const method = methodOf(request.path);
  // Named, so a drift rule (`state.drift`) can find the answers of its method.
  return method === null ? reply : named(reply, method);
}

function answerMethod(request: RoutedRequest): Reply {
  const method = methodOf(request.path);
  if (method === null) return failure(404, ERRORS.method);
  if (method === 'getusersvendors') return usersVendors(request);
  const { fault } = request.state;
  if (fault === 'bad-devkey') return failure(403, ERRORS.developer);
  if (fault === 'unknown-vendor') return failure(500, ERRORS.vendor);
  const developer = checkDeveloper(request.params);
  if (!developer.ok) return developer.reply;
  if (method === 'auth') return auth(request);
  if (fault === 'server-error') return failure(500, ERRORS.server);
  const account = request.state.accountOf(request.params.get('auth_token') ?? '', request.now);
  if (!account) return failure(403, ERRORS.token);
  const { family, mail, params, now, origin } = request;
  const mailHandler = MAIL_METHODS.get(method as MailMethod);
  if (mailHandler) return mailHandler({ mail, account, params, now, origin });
  const handler = DATA_METHODS.get(method);
  if (!handler) return failure(404, ERRORS.method);
  return handler({ family, account, children: childrenShown(family, account), params, now, mail, origin });
}
