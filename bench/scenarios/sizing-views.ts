/**
 * The sizing scenario's counting runs (`sizing.ts`): families viewing a dashboard on a compressed cadence
 * (one second for a minute), views at fixed times from the start, every answer validated, the calls read
 * from wherever that family's calls are counted, and the figures per family-hour and per 1,000 families.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Harness, PostedAnswer } from '../harness.js';
import { callsPerFamilyHour, perSecond, perThousandFamilies, TIME_COMPRESSION } from '../sizing.js';
import { createValidator, ValidationTally, type Validation, type ValidationSummary } from '../validate.js';

/** Which family a figure is of. */
export type SizedFamily = 'bench family' | 'demo family';

/** A viewing cadence, in compressed time. */
export interface Cadence {
  label: 'a view every minute' | 'a view every 10 minutes';
  /** Real-time minutes between views (compressed: as many seconds). */
  periodMinutes: number;
  views: number;
}

/** One counting run: some families viewing on one cadence. */
export interface CallsRun {
  family: SizedFamily;
  cadence: Cadence['label'];
  families: number;
  viewsPerFamily: number;
  /** views × period, in (compressed) minutes: 60 for a full hour. */
  windowMinutes: number;
  /** Calls of the first (cold) view, per family. */
  firstViewCallsPerFamily: number;
  /** Every call over the window, all families, background revalidations included. */
  calls: number;
  /** By diary (bench family: by provider at the proxies; demo family: by simulator). */
  callsBySource: Record<string, number>;
  perFamilyHour: number;
  per1000FamiliesHour: number;
  per1000FamiliesPerSecond: number;
  /** Views that started more than 100 ms after their time (the previous one was still running). */
  lateViews: number;
  validation: ValidationSummary;
}

/** The two cadences of the deployment guide, with the run's view counts. */
export function cadences(harness: Harness): Cadence[] {
  const { settings } = harness;
  return [
    { label: 'a view every minute', periodMinutes: 1, views: settings.sizingViewsEveryMinute },
    { label: 'a view every 10 minutes', periodMinutes: 10, views: settings.sizingViewsEvery10Minutes },
  ];
}

/** Waits until `read()` stops growing for `quietMs` (background calls done), at most `maxMs`. */
async function waitForQuiet(read: () => Promise<number>, quietMs = 1000, maxMs = 15_000): Promise<void> {
  const until = performance.now() + maxMs;
  let last = await read();
  let since = performance.now();
  while (performance.now() < until && performance.now() - since < quietMs) {
    await sleep(250);
    const now = await read();
    if (now !== last) {
      last = now;
      since = performance.now();
    }
  }
}

/** Problems that keep an answer from being the demo family's golden one (status, errors, no children). */
export function demoGoldenProblems(answer: Pick<PostedAnswer, 'status' | 'text'>): string[] {
  if (answer.status !== 200) return [`HTTP ${answer.status}`];
  let parsed: { data?: { viewer?: { students?: unknown[] } } | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(answer.text) as typeof parsed;
  } catch {
    return ['the body is not JSON'];
  }
  const problems: string[] = [];
  if (parsed.errors?.length) problems.push(`errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`);
  if (!parsed.data?.viewer?.students?.length) problems.push('no students');
  return problems;
}

/** How one family kind is viewed and counted. */
export interface Viewing {
  /** One session per family. */
  sessions: readonly string[];
  post(session: string): Promise<PostedAnswer>;
  /** Calls so far (since the last clear); `clear` starts counting afresh. */
  calls(clear: boolean): Promise<number>;
  /** The exact validation, or `first-answer`: the first view's answer becomes the golden one. */
  validation: Validation | 'first-answer';
  /** Runs once the first view has answered (the demo family's Redis is measured there). */
  afterFirstView?: () => Promise<void>;
}

/** What {@link view} counted. */
export interface Viewed {
  firstViewCalls: number;
  calls: number;
  lateViews: number;
  validation: ValidationSummary;
}

/** Every family views on `cadence` (views at fixed times from the start, all families at once), counted. */
export async function view(viewing: Viewing, cadence: Cadence): Promise<Viewed> {
  const periodMs = (cadence.periodMinutes * 60_000) / TIME_COMPRESSION;
  const tally = new ValidationTally();
  let validate = viewing.validation === 'first-answer' ? null : createValidator(viewing.validation);
  let firstViewCalls = 0;
  let lateViews = 0;
  await viewing.calls(true);
  const start = performance.now();
  for (let index = 0; index < cadence.views; index++) {
    const wait = start + index * periodMs - performance.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -100) lateViews++;
    const answers = await Promise.all(viewing.sessions.map((session) => viewing.post(session)));
    if (!validate) {
      const problems = demoGoldenProblems(answers[0]!);
      if (problems.length > 0)
        throw new Error(`the first dashboard cannot serve as the golden one:\n  ${problems.join('\n  ')}`);
      validate = createValidator({ kind: 'revalidating', golden: answers[0]!.text });
    }
    for (const answer of answers) tally.add(validate(answer.status, answer.text));
    if (index === 0) {
      firstViewCalls = await viewing.calls(false);
      await viewing.afterFirstView?.();
    }
  }
  // The last views' background refreshes belong to the hour too.
  await waitForQuiet(() => viewing.calls(false));
  return { firstViewCalls, calls: await viewing.calls(true), lateViews, validation: tally.result() };
}

/** One counting run's figures: per family, per family-hour, and per 1,000 families (× 1,000). */
export function callsRun(
  family: SizedFamily,
  cadence: Cadence,
  families: number,
  viewed: Viewed,
  callsBySource: Record<string, number>,
): CallsRun {
  const windowMinutes = cadence.views * cadence.periodMinutes;
  const perFamilyHour = callsPerFamilyHour(viewed.calls, families, windowMinutes);
  return {
    family,
    cadence: cadence.label,
    families,
    viewsPerFamily: cadence.views,
    windowMinutes,
    firstViewCallsPerFamily: viewed.firstViewCalls / families,
    calls: viewed.calls,
    callsBySource,
    perFamilyHour,
    per1000FamiliesHour: perThousandFamilies(perFamilyHour),
    per1000FamiliesPerSecond: perSecond(perThousandFamilies(perFamilyHour)),
    lateViews: viewed.lateViews,
    validation: viewed.validation,
  };
}
