/**
 * «Ознакомлен с дневником» as the simulator keeps it: which weeks of a child's diary a parent signed.
 * Seeded around the simulator's today, the same on every start — every week from eight weeks back to two
 * weeks back is signed (but, for a child with an odd `student_id`, the week four weeks back), signed on its
 * Sunday at 19:30; last week and this week are not — and laid over with what `POST aware_journals` signs.
 */
import { instantAt, shiftDate } from '../../simulation/calendar.js';
import type { SeedChild } from '../../simulation/seed.js';

/** One signed week of one child. */
export interface SignedWeek {
  studentId: number;
  /** The week's Monday. */
  week: string;
  /** The parent profile that signed it. */
  parentProfileId: number;
  signedAt: Date;
  timeZone: string;
}

/** The Monday of the week `date` (`YYYY-MM-DD`) is in (the simulator's own reckoning, from the UTC weekday). */
export function weekMonday(date: string): string {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return shiftDate(date, sundayFirst === 0 ? -6 : 1 - sundayFirst);
}

/** The seeded signed weeks of a child, for the account `parentProfileId`. */
function seededWeeks(child: SeedChild, parentProfileId: number, today: string): SignedWeek[] {
  const thisWeek = weekMonday(today);
  const weeks: SignedWeek[] = [];
  for (let back = 8; back >= 2; back--) {
    if (back === 4 && child.studentId % 2 === 1) continue;
    const week = shiftDate(thisWeek, -7 * back);
    const signedAt = instantAt(shiftDate(week, 6), '19:30', child.timeZone);
    weeks.push({ studentId: child.studentId, week, parentProfileId, signedAt, timeZone: child.timeZone });
  }
  return weeks;
}

/** Weeks signed through the simulator since it started. */
export class SignatureBook {
  private readonly signed = new Map<string, SignedWeek>();

  /** Signs a week (its Monday) for a child; a week already signed keeps its first signature. */
  sign(child: SeedChild, week: string, parentProfileId: number, at: Date, today: string): SignedWeek {
    const existing = this.weekOf(child, week, parentProfileId, today);
    if (existing) return existing;
    const record = { studentId: child.studentId, week, parentProfileId, signedAt: at, timeZone: child.timeZone };
    this.signed.set(`${child.studentId}:${week}`, record);
    return record;
  }

  /** The child's signed weeks whose Monday lies in `[from, to]`, oldest first. */
  weeksOf(child: SeedChild, parentProfileId: number, today: string, from: string, to: string): SignedWeek[] {
    const byWeek = new Map(seededWeeks(child, parentProfileId, today).map((record) => [record.week, record]));
    for (const record of this.signed.values()) {
      if (record.studentId === child.studentId && !byWeek.has(record.week)) byWeek.set(record.week, record);
    }
    return [...byWeek.values()]
      .filter((record) => record.week >= from && record.week <= to)
      .sort((a, b) => a.week.localeCompare(b.week));
  }

  private weekOf(child: SeedChild, week: string, parentProfileId: number, today: string): SignedWeek | undefined {
    return this.weeksOf(child, parentProfileId, today, week, week)[0];
  }

  /** Forgets the weeks signed through the simulator: the seeded ones show as they started. */
  clear(): void {
    this.signed.clear();
  }
}
