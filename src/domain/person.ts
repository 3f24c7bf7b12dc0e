/**
 * A person as the gateway compares people: a name, a birth date and a SNILS hash. Built from the signed-in
 * person's claims, from the issuer's list of their children, from a diary account's holder and from each
 * diary child. Never holds a SNILS itself, only the keyed hash (`src/identity/snils.ts`).
 */

/** A person's name in its three Russian parts. */
export interface PersonName {
  /** Фамилия. */
  lastName: string;
  /** Имя. */
  firstName: string;
  /** Отчество; `null` when the source has none. */
  middleName: string | null;
}

/** What the gateway knows of a person for matching. */
export interface PersonIdentity extends PersonName {
  /** `YYYY-MM-DD`, or `null` when the source does not give it. */
  birthDate: string | null;
  /** Keyed hash of the SNILS (`hashSnils`), or `null` when the source gave none or an invalid one. */
  snilsHash: string | null;
}

/** How a diary account's holder compares with the signed-in person. */
export type HolderMatch = 'SAME_PERSON' | 'PROBABLY_SAME_PERSON' | 'DIFFERENT_PERSON' | 'NOT_COMPARABLE';
