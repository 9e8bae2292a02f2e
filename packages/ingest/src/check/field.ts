/**
 * Checks of one raw value against its RawField: type, pick list, length. Required-ness and keys are
 * checked per record by the table builder.
 */
import { toDtc } from "@trialforge/core";
import type { RawField } from "@trialforge/spec";
import { type RejectionCode, RejectionCodes } from "../types.ts";

export interface Problem {
  code: RejectionCode;
  reason: string;
}

/** Returns a problem for a non-empty, trimmed value, or undefined when the value is fine. */
export type ValueCheck = (value: string) => Problem | undefined;

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Distinct values remembered per field; lab files repeat dates and results a lot. */
const CACHE_LIMIT = 100_000;

/** Pick-list comparison form: case-insensitive, surrounding and repeated inner spaces ignored. */
export function pickListKey(s: string): string {
  return s.trim().replace(/\s+/g, " ").toUpperCase();
}

function quote(v: string): string {
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
}

function typeCheck(field: RawField, dayFirst: boolean): ValueCheck | undefined {
  switch (field.type) {
    case "text":
      return undefined;
    case "integer":
      return (v) =>
        INTEGER.test(v)
          ? undefined
          : { code: RejectionCodes.BAD_INTEGER, reason: `${quote(v)} is not an integer` };
    case "float":
      return (v) =>
        FLOAT.test(v) ? undefined : { code: RejectionCodes.BAD_FLOAT, reason: `${quote(v)} is not a number` };
    case "date":
      // A date field takes complete or partial dates ("UN-MAR-2024"), not a time of day.
      return (v) => {
        const d = toDtc(v, undefined, { dayFirst });
        return d !== undefined && d !== "" && !d.includes("T")
          ? undefined
          : { code: RejectionCodes.BAD_DATE, reason: `${quote(v)} is not a valid date` };
      };
    case "time":
      return (v) => {
        const d = toDtc("", v);
        return d?.includes("T")
          ? undefined
          : { code: RejectionCodes.BAD_TIME, reason: `${quote(v)} is not a valid time of day` };
      };
    case "datetime":
      return (v) => {
        const d = toDtc(v, undefined, { dayFirst });
        return d !== undefined && d !== ""
          ? undefined
          : { code: RejectionCodes.BAD_DATETIME, reason: `${quote(v)} is not a valid date/time` };
      };
  }
}

/**
 * The value check of a field (undefined when any non-empty text is fine). Date/time results are cached
 * per distinct value, so a million lab rows cost one date parse per distinct date.
 */
export function compileValueCheck(field: RawField, dayFirst = false): ValueCheck | undefined {
  const checks: ValueCheck[] = [];
  const tc = typeCheck(field, dayFirst);
  if (tc) checks.push(tc);
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
