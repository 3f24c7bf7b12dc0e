/**
 * The absence notices parents sent or withdrew through the simulator, laid over the demo family's own
 * notices: `GET family/mobile/v1/attendance` shows the demo's notices with these changes applied, so a
 * notice sent by `POST` appears there and one withdrawn by `DELETE` disappears, whether it was sent
 * through the simulator or came with the demo family.
 */
import type { SeedAbsenceNotice, SeedChild } from '../../simulation/seed.js';

/** Per child (`student_id`), per day: the notice now in force, or `null` once withdrawn. */
type Changes = Map<number, Map<string, SeedAbsenceNotice | null>>;

/** Notices sent and withdrawn since the simulator started. */
export class AbsenceNoticeBook {
  private readonly changes: Changes = new Map();

  private changesOf(studentId: number): Map<string, SeedAbsenceNotice | null> {
    let days = this.changes.get(studentId);
    if (!days) {
      days = new Map();
      this.changes.set(studentId, days);
    }
    return days;
  }

  /** Records notices for a child; a later notice for the same day replaces the earlier one. */
  submit(studentId: number, notices: readonly SeedAbsenceNotice[]): void {
    const days = this.changesOf(studentId);
    for (const notice of notices) days.set(notice.date, { ...notice });
  }

  /** Withdraws the child's notice of a day, if any; withdrawing a day without one changes nothing. */
  withdraw(studentId: number, date: string): void {
    this.changesOf(studentId).set(date, null);
  }

  /** The child's notices in force, by date. */
  noticesOf(child: SeedChild): SeedAbsenceNotice[] {
    const changes = this.changes.get(child.studentId);
    const byDate = new Map(child.absenceNotices.map((notice) => [notice.date, notice] as const));
    for (const [date, notice] of changes ?? []) {
      if (notice === null) byDate.delete(date);
      else byDate.set(date, notice);
    }
    return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Forgets every change: the demo family's own notices show again. */
  clear(): void {
    this.changes.clear();
  }
}
