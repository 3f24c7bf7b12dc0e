/**
 * The demo family. `generateDemoFamily` builds it around a given day; each diary simulator turns it into
 * its own provider's payloads, so every simulator serves the same family and the demo, the integration
 * tests and the benchmarks all read the same data.
 *
 * Its shape is the simulators' seed (`adapters/simulation/seed.ts`), not the other way round: a simulator
 * is a separate reading of its diary's API and imports no gateway code, so the demo adapts to what the
 * simulators serve and adds only what the demo itself needs. The `Demo…` names are the demo's (and the
 * tests') words for the seed's parts.
 */
import type { SeedFamily, SeedPerson } from '../../adapters/simulation/seed.js';

export type {
  SeedAbsenceNotice as DemoAbsenceNotice,
  SeedAccount as DemoAccount,
  SeedChild as DemoChild,
  SeedHomework as DemoHomework,
  SeedLesson as DemoLesson,
  SeedMark as DemoMark,
  SeedNonSchoolDay as DemoNonSchoolDay,
  SeedPeriod as DemoPeriod,
  SeedPerson as DemoPerson,
  SeedSubject as DemoSubject,
} from '../../adapters/simulation/seed.js';

/** The whole demo family: what the simulators serve, plus the day it was made around and the grandmother. */
export interface DemoFamily extends SeedFamily {
  /** The day the data was generated around (`YYYY-MM-DD`). */
  today: string;
  /** The children's grandmother: no diary account of her own; the parent can invite her as a trusted person. */
  grandmother: SeedPerson & { phone: string };
}
