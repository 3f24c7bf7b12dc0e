/**
 * What the change detector remembers of one diary child between polls: per watched resource, the last
 * reading of it (its window, or its grading period, and its items as the model gives them). The next
 * reading is compared with it (`diff-child.ts`), and the items it keeps are what a removal or a change
 * reports as last seen.
 *
 * A snapshot is stored as JSON text with a format version. Reading one back is tolerant: text that is not
 * a snapshot of this version reads as no snapshot, and a resource that does not check reads as not
 * remembered, so the next reading of it is a baseline. Either costs one poll's changes of that data, never
 * false ones, and never the poll.
 */
import { z } from 'zod';
import { WATCHED_RESOURCES } from '../config/change-polling.js';
import { isIsoDate } from '../domain/dates.js';
import type {
  AttendanceRecord,
  DateRange,
  Grade,
  Homework,
  Lesson,
  ProviderKind,
  ProviderSubjectAverage,
} from '../domain/model.js';
import {
  attendanceRecordSchema,
  gradeSchema,
  homeworkSchema,
  lessonSchema,
  subjectAverageSchema,
} from './model-schemas.js';

/** Items read over a window of school-local dates (inclusive), and the window itself. */
export interface DatedResource<T> {
  window: DateRange;
  items: T[];
}

/** A child's final marks of one grading period, as the diary's averages give them. */
export interface FinalsResource {
  /** The period's id in the adapter's `fetchPeriods` answer. */
  periodId: string;
  /** Its title as the diary gives it (`2 четверть`), for the change. */
  periodTitle: string;
  items: ProviderSubjectAverage[];
}

/** The data the detector watches, per resource; each is optional (see {@link ChildReading}). */
export interface ChildResources {
  grades?: DatedResource<Grade>;
  /** The window is over `dueOn`. */
  homework?: DatedResource<Homework>;
  schedule?: DatedResource<Lesson>;
  attendance?: DatedResource<AttendanceRecord>;
  finals?: FinalsResource;
}

/**
 * What one poll read of one child. A resource absent was not read this time (it was not due, or its read
 * failed): its snapshot is kept as it is.
 */
export interface ChildReading extends ChildResources {
  /** The child's gateway id on its own (`deriveStudentId` of this diary child). */
  childId: string;
  provider: ProviderKind;
  /** The school's IANA zone, which the windows' dates are in. Not read by the diff: dates are compared as dates. */
  timeZone: string;
}

/** The format version {@link serializeChildSnapshot} writes and {@link parseChildSnapshot} reads. */
export const CHILD_SNAPSHOT_VERSION = 1;

/** What the detector remembers of one child: each resource's last reading (see the module comment). */
export interface ChildSnapshot {
  version: typeof CHILD_SNAPSHOT_VERSION;
  resources: ChildResources;
}

const isoDate = z.string().refine(isIsoDate);
const windowSchema = z.object({ from: isoDate, to: isoDate }) satisfies z.ZodType<DateRange>;
const dated = <T extends z.ZodType>(item: T) => z.object({ window: windowSchema, items: z.array(item) });

const gradesSchema = dated(gradeSchema);
const homeworkListSchema = dated(homeworkSchema);
const scheduleSchema = dated(lessonSchema);
const attendanceSchema = dated(attendanceRecordSchema);
const finalsSchema = z.object({ periodId: z.string(), periodTitle: z.string(), items: z.array(subjectAverageSchema) });

const envelopeSchema = z.object({
  version: z.literal(CHILD_SNAPSHOT_VERSION),
  resources: z.record(z.string(), z.unknown()),
});

/** One resource checked on its own, so that one that does not check costs only itself. */
function readResource<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  return value === undefined ? undefined : schema.safeParse(value).data;
}

/** A snapshot as the JSON text the detector's state stores. */
export function serializeChildSnapshot(snapshot: ChildSnapshot): string {
  return JSON.stringify(snapshot);
}

/**
 * Reads {@link serializeChildSnapshot}'s text back; `null` for text that is not JSON or not a snapshot of
 * this version (see {@link readChildSnapshot}). Never throws.
 */
export function parseChildSnapshot(text: string): ChildSnapshot | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return readChildSnapshot(value);
}

/**
 * A snapshot from already parsed JSON (a snapshot kept inside a larger document): `null` when it is not a
 * snapshot of this version; a resource whose data does not check is left out, an unknown one ignored.
 */
export function readChildSnapshot(value: unknown): ChildSnapshot | null {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return null;
  const { resources } = envelope.data;
  const read: ChildResources = {
    grades: readResource(gradesSchema, resources.grades),
    homework: readResource(homeworkListSchema, resources.homework),
    schedule: readResource(scheduleSchema, resources.schedule),
    attendance: readResource(attendanceSchema, resources.attendance),
    finals: readResource(finalsSchema, resources.finals),
  };
  return childSnapshot(read);
}

/** A snapshot of these resources; members that are `undefined` are left out, as JSON would leave them. */
export function childSnapshot(resources: ChildResources): ChildSnapshot {
  const present: ChildResources = { ...resources };
  for (const name of WATCHED_RESOURCES) if (present[name] === undefined) delete present[name];
  return { version: CHILD_SNAPSHOT_VERSION, resources: present };
}
