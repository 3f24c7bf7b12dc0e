/**
 * Dnevnik.ru payloads, part one: the wire primitives (ids, numbers) and the account-level answers
 * (token, errors, user, context, relatives, edu-groups, schools, subjects). Field names and shapes are
 * exactly those of providers.md §1.5, read from typed clients. The diary answers are in
 * `payloads-diary.ts`.
 *
 * Answers are parsed with `lossless-json` (`json.ts`), so every JSON number arrives as a
 * `LosslessNumber`. {@link idSchema} turns one into the string of its source digits and never through a
 * JS number; {@link numberSchema} is for quantities only. Test fixtures type what they write with
 * `z.input<…>` of these schemas and write ids as `bigint`; the simulator has its own types
 * (`simulator/wire.ts`), so that it can disagree with the adapter when the adapter is wrong.
 *
 * The schemas are tolerant (`looseObject`, optional and nullable almost everywhere: the API's model
 * comments say "sometimes can be null"); only what the gateway cannot do without is required. Answers are
 * decoded through `src/upstream/tolerant-decode.ts`, so a part that fails these schemas is left out and
 * reported as drift rather than failing the answer; the account answers here are identity and are
 * decoded strictly (`errors.ts`).
 */
import { isLosslessNumber, type LosslessNumber } from 'lossless-json';
import { z } from 'zod';

/** A JSON number as the lossless parser hands it over. */
export const jsonNumberSchema = z.custom<LosslessNumber>((value) => isLosslessNumber(value), {
  error: 'expected number',
});

const INTEGER_TEXT = /^-?\d+$/;

/**
 * An id, as the string of its digits: a JSON integer of any size (its source text), a digit string (the
 * `_str` twins; some answers send ids as strings), or a `bigint` (what the simulator and tests write).
 */
export const idSchema = z
  .union([jsonNumberSchema, z.string(), z.bigint()])
  .transform((value) => value.toString())
  .pipe(z.string().regex(INTEGER_TEXT, { error: 'expected an integer id' }));

/** A quantity (weight, lesson number, offset): a JSON number read as a JS number. */
export const numberSchema = z
  .union([jsonNumberSchema, z.number()])
  .transform((value) => (typeof value === 'number' ? value : Number(value.toString())))
  .pipe(z.number());

const optionalId = idSchema.nullish();
/** A `_str` twin: a digit string, or absent. */
const twinSchema = z.string().nullish();
const optionalNumber = numberSchema.nullish();
const optionalString = z.string().nullish();
const optionalBoolean = z.boolean().nullish();

export { optionalBoolean, optionalId, optionalNumber, optionalString, twinSchema };

/** `POST /v2/authorizations` → tokens (camelCase, with `_str` twins). */
export const tokenSchema = z.looseObject({
  accessToken: z.string().min(1),
  expiresIn: optionalNumber,
  expiresIn_str: optionalString,
  refreshToken: optionalString,
  scope: optionalString,
  user: optionalId,
  user_str: twinSchema,
});

/** The API's error body `{type, description}`; the token endpoint also answers `{error, error_description}`. */
export const errorBodySchema = z.looseObject({
  type: optionalString,
  description: z.unknown().optional(),
  error: optionalString,
  error_description: z.unknown().optional(),
});

/** `GET /v2/users/me` → the token holder. */
export const userSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  personId: optionalId,
  personId_str: twinSchema,
  /** The first name on this route; some answers (and the Yandex fixture) say `firstName`. */
  name: optionalString,
  firstName: optionalString,
  lastName: optionalString,
  middleName: optionalString,
  shortName: optionalString,
  fullName: optionalString,
  sex: optionalString,
  birthday: optionalString,
  roles: z.array(z.string()).nullish(),
  timezone: optionalString,
});

/** A subject (nested in edu-groups and schedules; `/v2/edu-groups/{g}/subjects` lists them). */
export const subjectSchema = z.looseObject({
  id: idSchema,
  /** Typed clients declare `idStr` without a serialized name; the `_str` pattern says `id_str`. Both are read. */
  id_str: twinSchema,
  idStr: twinSchema,
  name: z.string(),
  knowledgeArea: optionalString,
  knowledgeAreaId: optionalId,
});

/** An edu-group: a class (`Group`) or a subgroup (`Subgroup`, with `parentIds`). */
export const eduGroupSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  parentIds: z.array(idSchema).nullish(),
  parentIds_str: z.array(z.string()).nullish(),
  /** `Group` (a class) or `Subgroup`. */
  type: optionalString,
  name: z.string(),
  fullName: optionalString,
  parallel: optionalNumber,
  timetable: optionalId,
  timetable_str: twinSchema,
  status: optionalString,
  /** Lower-case key, as sent. */
  studyyear: optionalNumber,
  subjects: z.array(subjectSchema).nullish(),
  journalType: optionalString,
});

/** `GET /v2/users/me/context`: the context arrays carry no `_str` twins, so their ids need the lossless parse. */
export const contextSchema = z.looseObject({
  userId: optionalId,
  personId: optionalId,
  shortName: optionalString,
  avatarUrl: optionalString,
  roles: z.array(z.string()).nullish(),
  schools: z
    .array(
      z.looseObject({
        id: idSchema,
        name: optionalString,
        type: optionalString,
        groupIds: z.array(idSchema).nullish(),
      }),
    )
    .nullish(),
  eduGroups: z.array(eduGroupSchema).nullish(),
  schoolIds: z.array(idSchema).nullish(),
  groupIds: z.array(idSchema).nullish(),
});

/** A person (child, teacher); `userId` may be null. */
export const personSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  userId: optionalId,
  userId_str: twinSchema,
  firstName: z.string(),
  lastName: z.string(),
  middleName: optionalString,
  shortName: optionalString,
  sex: optionalString,
});

/** `GET /v2/users/me/relatives` → `[{type, person}]` (the `type` vocabulary is not known). */
export const relativesSchema = z.array(z.looseObject({ type: optionalString, person: personSchema }));

/** `GET /v2/persons/{person}/edu-groups` → the classes and subgroups of a person. */
export const eduGroupsSchema = z.array(eduGroupSchema);

/** `GET /v2/schools/{school}`. `timeZone` is an int (hours from UTC). */
export const schoolSchema = z.looseObject({
  id: idSchema,
  id_str: twinSchema,
  name: z.string(),
  fullName: optionalString,
  city: optionalString,
  municipality: optionalString,
  regionId: optionalNumber,
  markType: optionalString,
  timeZone: optionalNumber,
  uses_avg: optionalBoolean,
  uses_weighted_avg: optionalBoolean,
});

/** `GET /v2/edu-groups/{group}/subjects`. */
export const subjectsSchema = z.array(subjectSchema);

/** tokenSchema as sent (test fixtures write it). */
export type TokenPayload = z.input<typeof tokenSchema>;
/** userSchema as sent (test fixtures write it). */
export type UserPayload = z.input<typeof userSchema>;
/** contextSchema as sent (test fixtures write it). */
export type ContextPayload = z.input<typeof contextSchema>;
/** personSchema as sent (test fixtures write it). */
export type PersonPayload = z.input<typeof personSchema>;
/** relativesSchema as sent (test fixtures write it). */
export type RelativesPayload = z.input<typeof relativesSchema>;
/** eduGroupSchema as sent (test fixtures write it). */
export type EduGroupPayload = z.input<typeof eduGroupSchema>;
/** schoolSchema as sent (test fixtures write it). */
export type SchoolPayload = z.input<typeof schoolSchema>;
/** subjectSchema as sent (test fixtures write it). */
export type SubjectPayload = z.input<typeof subjectSchema>;

/** userSchema decoded. */
export type User = z.output<typeof userSchema>;
/** contextSchema decoded. */
export type UserContext = z.output<typeof contextSchema>;
/** personSchema decoded. */
export type Person = z.output<typeof personSchema>;
/** relativesSchema decoded (one entry). */
export type Relative = z.output<typeof relativesSchema>[number];
/** eduGroupSchema decoded. */
export type EduGroup = z.output<typeof eduGroupSchema>;
/** schoolSchema decoded. */
export type School = z.output<typeof schoolSchema>;
/** subjectSchema decoded. */
export type SubjectRecord = z.output<typeof subjectSchema>;
