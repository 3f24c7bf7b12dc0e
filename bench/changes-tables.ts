/**
 * The change scenarios' tables (issue 16). Pure: the same results always print the same tables.
 */
import { WATCHED_RESOURCES } from '../src/config/change-polling.js';
import type { HourKind } from './changes-schedule.js';
import type { DelaySummary } from './changes-timing.js';
import { formatCount, formatMiB, formatMs, formatRatio, type Table } from './report.js';
import type { PollCostsResult } from './scenarios/change-costs.js';
import type { DeliveryResult } from './scenarios/change-delivery.js';
import type { SubscribersResult } from './scenarios/change-subscribers.js';
import type { ChangesResult } from './scenarios/changes.js';

const HOUR_KINDS: readonly HourKind[] = ['school day', 'night', 'day off'];

/** One decimal, `–` when not a number. */
const decimal = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

/** Seconds with at most one decimal. */
const seconds = (ms: number) => `${decimal(ms / 1000)} s`;

/** KiB with one decimal. */
const kib = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} KiB` : '–');

function delayRow(label: string, delays: DelaySummary, intervalMs: number): string[] {
  return [
    label,
    String(delays.count),
    formatMs(delays.p50),
    formatMs(delays.p95),
    formatMs(delays.p99),
    formatMs(delays.max),
    formatRatio(delays.p50 / intervalMs),
    formatRatio(delays.p99 / intervalMs),
  ];
}

/** The delay from a mark entered to the subscriber, against the grades interval. */
export function deliveryTable(delivery: DeliveryResult): Table {
  const interval = delivery.gradesIntervalMs;
  return {
    title: 'Change delivery: a mark entered in МЭШ to the subscriber (graphql-ws, from core 0)',
    columns: ['from', 'marks', 'p50', 'p95', 'p99', 'max', 'p50 ÷ interval', 'p99 ÷ interval'],
    rows: [
      delayRow('mark entered in the diary', delivery.enteredToSubscriber, interval),
      delayRow("the poll's last diary answer", delivery.answerToSubscriber, interval),
    ],
    notes: [
      `schedule: CHANGE_POLL_INTERVALS=${delivery.intervalsVariable} (quiet factor now ${delivery.quietFactor}), the defaults ÷ ${decimal(delivery.compression)}: grades every ${seconds(interval)} on average (±10% jitter), the detector looking for due polls every 2 s`,
      `CACHE_FRESHNESS=${delivery.freshness}: data read from the diary on every poll (a change is seen within max(interval, fresh window)), the structure's windows compressed with the schedule`,
      `${delivery.delivered} of ${delivery.marks} marks delivered; ${delivery.repeated} delivered more than once`,
      'expected: the wait for the next poll is uniform over the interval (p50 ≈ 0.5×, p99 ≈ 1.0–1.1× with the jitter), plus the start lag (≤ 2 s) and the poll itself',
    ],
  };
}

const total = (byRoute: Readonly<Record<string, number>> | undefined) =>
  Object.values(byRoute ?? {}).reduce((sum, count) => sum + count, 0);

/** Calls per poll by diary account: the cold first poll, a whole poll, each resource alone. */
export function pollCostsTable(costs: PollCostsResult): Table {
  const providers = costs.accounts.map((account) => account.provider);
  const row = (label: string, byProvider: PollCostsResult['cold']) => {
    const counts = providers.map((provider) => total(byProvider[provider]));
    return [label, ...counts.map(String), String(counts.reduce((sum, count) => sum + count, 0))];
  };
  return {
    title: 'Change detection: upstream calls per poll, by diary account (counted by the simulators)',
    columns: ['poll', ...providers, 'family'],
    rows: [
      row('first poll (baseline, nothing cached)', costs.cold),
      row('every resource (structure cached)', costs.everything),
      ...WATCHED_RESOURCES.map((resource) => row(`${resource} alone`, costs.perResource[resource])),
    ],
    notes: [
      costs.incomplete.length === 0
        ? 'every poll ended ok (read everything it was asked)'
        : `INCOMPLETE: a poll did not end ok even when measured again (${costs.incomplete.join('; ')}): those counts are short of a whole poll's`,
      `children per account (each enrollment counts: Мария's art school on Eljur is a child of that account): ${costs.accounts.map((account) => `${account.provider} ${account.children}`).join(', ')}`,
      'data read from the diary on every poll (CACHE_FRESHNESS 0 for grades, homework, schedule, attendance, averages), as past its fresh window; the structure (profile, periods, subjects, days off) cached, as it is for hours',
      ...WATCHED_RESOURCES.map(
        (resource) =>
          `${resource} alone, by route: ${providers
            .flatMap((provider) =>
              Object.entries(costs.perResource[resource][provider] ?? {}).map(
                ([route, count]) => `${provider} ${route} ×${count}`,
              ),
            )
            .join('; ')}`,
      ),
    ],
  };
}

/**
 * Calls an hour at the default schedule: the per-poll costs × polls an hour of each kind of hour; with the
 * structure's refreshes measured in the compressed run added in a note, for the kind of hour it ran in.
 */
export function perHourTable(costs: PollCostsResult, delivery: DeliveryResult): Table {
  const children = costs.accounts.reduce((sum, account) => sum + account.children, 0);
  const of = (kind: HourKind) =>
    costs.accounts.reduce((sum, account) => sum + (costs.perHour[account.provider]?.[kind] ?? 0), 0);
  return {
    title: 'Change detection: upstream calls per hour at the default schedule (per-poll costs × polls an hour)',
    columns: ['account', 'children', ...HOUR_KINDS.map((kind) => `${kind} hour`), 'school-day hour per child'],
    rows: [
      ...costs.accounts.map((account) => {
        const perHour = costs.perHour[account.provider];
        return [
          account.provider,
          String(account.children),
          ...HOUR_KINDS.map((kind) => decimal(perHour?.[kind] ?? Number.NaN)),
          decimal((perHour?.['school day'] ?? Number.NaN) / account.children),
        ];
      }),
      [
        'family (all accounts)',
        String(children),
        ...HOUR_KINDS.map((kind) => decimal(of(kind))),
        decimal(of('school day') / children),
      ],
    ],
    notes: [
      ...HOUR_KINDS.map(
        (kind) =>
          `polls an hour, ${kind}: ${WATCHED_RESOURCES.map((resource) => `${resource} ${decimal(costs.pollsPerHour[kind][resource])}`).join(', ')} (from poll-schedule.ts's nextDue at the defaults)`,
      ),
      'every poll counted as reading its resource from the diary: true at the defaults for grades, homework, attendance and final marks (fresh windows 2, 5, 2 and 10 minutes, shorter than their intervals); the timetable (fresh 60 minutes, polled every 30 on a school day) is read from the diary on about every other school-day poll, so its share is an upper bound there',
      'not counted here: the structure refreshed behind when a poll finds it older than its window (the profile after 10 minutes, periods after 30, the rest after hours; measured in the cross-check below); nor the saving when the family itself keeps copies fresh (a poll then reads the copy)',
      structureNote(costs, delivery, children),
    ],
  };
}

/** The structure's refreshes measured in the compressed run, per hour, and the total for that kind of hour. */
function structureNote(costs: PollCostsResult, delivery: DeliveryResult, children: number): string {
  const structure = delivery.crossCheck.reduce((sum, row) => sum + row.structure, 0) / productionHours(delivery);
  const kind: HourKind | null =
    delivery.quietFactor === 1
      ? 'school day'
      : delivery.quietFactor === 6
        ? 'night'
        : delivery.quietFactor === 3
          ? 'day off'
          : null;
  const data = kind
    ? costs.accounts.reduce((sum, account) => sum + (costs.perHour[account.provider]?.[kind] ?? 0), 0)
    : Number.NaN;
  return `with the structure refreshed behind, as measured on the compressed schedule (${kind ?? `quiet ×${delivery.quietFactor}`} hour): ${decimal(structure)} calls an hour for the family${kind ? `, so a ${kind} hour costs ${decimal(data + structure)} calls for the family, ${decimal((data + structure) / children)} per child` : ''}`;
}

/** Production hours a compressed window stands for. */
export function productionHours(delivery: Pick<DeliveryResult, 'windowMs' | 'compression'>): number {
  return (delivery.windowMs * delivery.compression) / 3_600_000;
}

/** The cross-check: calls counted in the compressed run against the prediction. */
export function crossCheckTable(delivery: DeliveryResult): Table {
  const sumOf = (field: 'measured' | 'predicted' | 'structure') =>
    delivery.crossCheck.reduce((sum, row) => sum + row[field], 0);
  const hours = productionHours(delivery);
  const row = (label: string, measured: number, predicted: number, structure: number) => [
    label,
    String(measured),
    decimal(predicted),
    formatRatio(measured / predicted),
    String(structure),
    decimal(structure / hours),
  ];
  return {
    title: 'Change detection: cross-check of the calls on the compressed schedule (counted by the simulators)',
    columns: [
      'account',
      'data calls measured',
      'predicted',
      'measured ÷ predicted',
      'structure calls measured',
      `structure calls per hour (${delivery.quietFactor === 1 ? 'school-day' : `quiet ×${delivery.quietFactor}`} hour)`,
    ],
    rows: [
      ...delivery.crossCheck.map((each) => row(each.provider, each.measured, each.predicted, each.structure)),
      row('family', sumOf('measured'), sumOf('predicted'), sumOf('structure')),
    ],
    notes: [
      `window: ${seconds(delivery.windowMs)} of the delivery run (the defaults ÷ ${decimal(delivery.compression)}: ${decimal(hours)} production hours of the kind the bench ran in), after every account's first poll; ${delivery.polls} polls ended in it`,
      "predicted: each resource's calls per poll (table above) × the window ÷ (its mean interval now + the detector's 1 s mean start lag); the window holds whole polls only, so a resource polled a few times in it (final marks: under one) moves the ratio by a poll's calls",
      'structure: calls to the routes that read the family structure (STRUCTURE_ROUTES in bench/upstream-calls.ts), refreshed behind when a poll finds a copy past its (compressed) window; not in the per-poll costs',
      `calls in the window by route: ${Object.entries(delivery.windowCalls)
        .flatMap(([provider, byRoute]) =>
          Object.entries(byRoute).map(([route, count]) => `${provider} ${route} ×${count}`),
        )
        .join('; ')}`,
    ],
  };
}

/** Memory per open subscription and the fan-out of one change. */
export function subscribersTable(result: SubscribersResult): Table {
  return {
    title: 'Subscriptions: memory per open subscription and fan-out of one change',
    columns: [
      'subscriptions live',
      'sessions',
      'heap + external per subscription',
      'RSS per subscription',
      'fan-out p50',
      'p95',
      'p99',
      'last subscriber',
      'reached',
    ],
    rows: [
      [
        `${formatCount(result.live)}/${formatCount(result.sockets)}`,
        String(result.sessions),
        kib(result.heapKibPerSubscription),
        kib(result.rssKibPerSubscription),
        formatMs(result.fanOut.p50),
        formatMs(result.fanOut.p95),
        formatMs(result.fanOut.p99),
        formatMs(result.fanOut.max),
        `${formatCount(result.reached)}/${formatCount(result.live)}`,
      ],
    ],
    notes: [
      `gateway before / after the sockets (after a forced GC, median of readings): heap used ${formatMiB(result.before.heapUsedMiB)} / ${formatMiB(result.after.heapUsedMiB)}, external ${formatMiB(result.before.externalMiB)} / ${formatMiB(result.after.externalMiB)}, RSS ${formatMiB(result.before.rssMiB)} / ${formatMiB(result.after.rssMiB)}`,
      `one subscription per socket, ${Math.round(result.sockets / result.sessions)} sockets per session of one family; SESSION_RATE_LIMIT_PER_MINUTE=${result.familyAllowancePerMinute} (the allowance is per family, 120 by default, and each subscription takes one); opened in ${seconds(result.openMs)}${Object.keys(result.failures).length ? `; failures: ${JSON.stringify(result.failures)}` : ''}`,
      "fan-out: from the grades poll's last diary answer to each subscriber's message (the poll compares, appends, notifies; each subscriber lists the viewer's children, reads the log and sends)",
    ],
  };
}

/** Every table of the change scenarios, in order. */
export function changesTables(changes: ChangesResult): Table[] {
  return [
    deliveryTable(changes.delivery),
    pollCostsTable(changes.costs),
    perHourTable(changes.costs, changes.delivery),
    crossCheckTable(changes.delivery),
    subscribersTable(changes.subscribers),
  ];
}
