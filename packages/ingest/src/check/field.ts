/**
 * Checks of one raw value against its RawField: type, pick list, length. Required-ness and keys are
 * checked per record by the table builder.
 */
import type { RawField, RawForm } from "@trialforge/spec";
import { type RejectionCode, RejectionCodes } from "../types.ts";
import { checkDatetime, checkTime, DEFAULT_DATE_FORMAT, DEFAULT_TIME_FORMAT, readDate } from "./date.ts";
import { checkFloat, checkInteger } from "./number.ts";

export interface Problem {
  code: RejectionCode;
  reason: string;
}

/** Returns a problem for a non-empty, trimmed value, or undefined when the value is fine. */
export type ValueCheck = (value: string) => Problem | undefined;

/**
 * Longest raw value in UTF-8 bytes: SAS XPORT v5 holds at most 200 bytes in a character variable, so a
 * longer value would stop the build at the formats stage; it is rejected here, where file and row are known.
 */
export const MAX_VALUE_BYTES = 200;
/** Distinct values remembered per field; lab files repeat dates and results a lot. */
const CACHE_LIMIT = 100_000;

/** Pick-list comparison form: case-insensitive, surrounding and repeated inner spaces ignored. */
export function pickListKey(s: string): string {
  return s.trim().replace(/\s+/g, " ").toUpperCase();
}

function quote(v: string): string {
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
}

/** The form-level layouts a field inherits unless it declares its own. */
type FormFormats = Pick<RawForm, "dateFormat" | "timeFormat">;

function typeCheck(field: RawField, form: FormFormats): ValueCheck | undefined {
  const dateFormat = field.dateFormat ?? form.dateFormat ?? DEFAULT_DATE_FORMAT;
  const timeFormat = field.timeFormat ?? form.timeFormat ?? DEFAULT_TIME_FORMAT;
  const problem = (code: RejectionCode, v: string, why: string | undefined): Problem | undefined =>
    why === undefined ? undefined : { code, reason: `${quote(v)} ${why}` };
  switch (field.type) {
    case "text":
      return undefined;
    case "integer":
      return (v) => problem(RejectionCodes.BAD_INTEGER, v, checkInteger(v));
    case "float":
      return (v) => problem(RejectionCodes.BAD_FLOAT, v, checkFloat(v));
    case "date":
      // A date field takes complete or partial dates in its declared layout, not a time of day.
      return (v) => {
        const d = readDate(v, dateFormat);
        return "problem" in d ? problem(RejectionCodes.BAD_DATE, v, d.problem) : undefined;
      };
    case "time":
      return (v) => problem(RejectionCodes.BAD_TIME, v, checkTime(v, timeFormat));
    case "datetime":
      return (v) => problem(RejectionCodes.BAD_DATETIME, v, checkDatetime(v, dateFormat, timeFormat));
  }
}

/** The plausibility limits of a numeric field, checked after its type (so the text is a number). */
function rangeCheck(field: RawField): ValueCheck | undefined {
  const { min, max } = field;
  if (min === undefined && max === undefined) return undefined;
  const limits =
    min !== undefined && max !== undefined
      ? `${min} to ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  return (v) => {
    const x = Number(v);
    if ((min === undefined || x >= min) && (max === undefined || x <= max)) return undefined;
    return {
      code: RejectionCodes.OUT_OF_RANGE,
      reason: `${quote(v)} is outside the plausible range of ${field.name} (${limits})`,
    };
  };
}

/**
 * Values over MAX_VALUE_BYTES in UTF-8, for every field whatever its type; the table builder calls it
 * only when `v.length * 3 > MAX_VALUE_BYTES` (a string of n UTF-16 units has at most 3n bytes), so
 * short values cost nothing.
 */
export const checkValueBytes: ValueCheck = (v) => {
  if (v.length * 3 <= MAX_VALUE_BYTES) return undefined;
  const bytes = Buffer.byteLength(v, "utf8");
  return bytes <= MAX_VALUE_BYTES
    ? undefined
    : {
        code: RejectionCodes.TOO_LONG,
        reason: `value is ${bytes} bytes; a character value holds at most ${MAX_VALUE_BYTES} bytes (SAS XPORT v5)`,
      };
};

/**
 * The value check of a field (undefined when any non-empty text is fine; the byte limit is the table
 * builder's): type in the declared layout, plausibility limits, pick list, length in characters; the
 * first problem wins. Date/time results are cached
 * per distinct value, so a million lab rows cost one date parse per distinct date.
 */
export function compileValueCheck(field: RawField, form: FormFormats = {}): ValueCheck | undefined {
  const checks: ValueCheck[] = [];
  const tc = typeCheck(field, form);
  if (tc) checks.push(tc);
  const rc = rangeCheck(field);
  if (rc) checks.push(rc);
  if (field.values && field.values.length > 0) {
    const exact = new Set(field.values);
    const allowed = new Set(field.values.map(pickListKey));
    const shown =
      field.values.length > 12 ? `${field.values.slice(0, 12).join(", ")}, ...` : field.values.join(", ");
    checks.push((v) =>
      exact.has(v) || allowed.has(pickListKey(v))
        ? undefined
        : { code: RejectionCodes.NOT_IN_LIST, reason: `${quote(v)} is not one of: ${shown}` },
    );
  }
  const max = field.maxLength;
  if (max !== undefined) {
    checks.push((v) => {
      if (v.length <= max) return undefined;
      const n = [...v].length; // characters, not UTF-16 units
      return n <= max
        ? undefined
        : { code: RejectionCodes.TOO_LONG, reason: `value has ${n} characters, the maximum is ${max}` };
    });
  }
  if (checks.length === 0) return undefined;
  const run: ValueCheck =
    checks.length === 1
      ? checks[0]!
      : (v) => {
          for (const c of checks) {
            const p = c(v);
            if (p) return p;
          }
          return undefined;
        };
  // Only date/time parsing is dear enough to cache; numbers, pick lists and lengths are cheaper than a lookup.
  if (field.type !== "date" && field.type !== "time" && field.type !== "datetime") return run;
  // Cache: null = fine.
  const cache = new Map<string, Problem | null>();
  return (v) => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit ?? undefined;
    const p = run(v);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(v, p ?? null);
    return p;
  };
}
