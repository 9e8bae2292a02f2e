/**
 * Date operators over ISO 8601 text (Operator.md "Date"): completeness, validity, durations and
 * comparisons at a common precision. Partial dates compare at the precision both values share.
 */
import { asText, isNull, type Value } from "../frame.ts";
import { comparandAt, negate, type Operator, type OperatorInput, rowwise } from "./types.ts";

const PART = "(-?[0-9]{4}|-)(?:-{1,2}(1[0-2]|0[1-9]|-))?(?:-{1,2}(3[01]|0[1-9]|[12][0-9]|-))?";
const TIME =
  "(?:T(2[0-3]|[01][0-9]|-)(?::([0-5][0-9]|-)(?::([0-5][0-9]|-)?(?:\\.([0-9]+))?)?)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?)?";
const TIME_ONLY =
  "-{4,8}T(2[0-3]|[01][0-9]|-)(?::([0-5][0-9]|-)(?::([0-5][0-9]|-)?(?:\\.([0-9]+))?)?)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?";
/** SDTMIG ISO 8601 date/time, with "-" for unknown components and an optional interval. */
const DATE_RE = new RegExp(`^(?:${PART}${TIME}(?:/${PART}${TIME})?|${TIME_ONLY})$`);

const DEFAULTS = [1970, 1, 1, 0, 0, 0, 0] as const;

export interface IsoParts {
  /** year, month, day, hour, minute, second, fraction (missing: null). */
  parts: (number | null)[];
  /** Index of the last known component (0 = year … 6 = fraction); -1 when nothing is known. */
  precision: number;
  uncertain: boolean;
}

const cache = new Map<string, IsoParts | null>();

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses a date against the SDTM ISO 8601 pattern; null when it does not match. */
export function parseIso(s: string): IsoParts | null {
  let r = cache.get(s);
  if (r !== undefined) return r;
  const m = DATE_RE.exec(s);
  if (!m) r = null;
  else {
    const g = m[17] !== undefined ? [null, null, null, m[17], m[18], m[19], m[20]] : m.slice(1, 8);
    const parts = g.map((x) => (x === undefined || x === null || x === "-" || x === "" ? null : Number(x)));
    let precision = -1;
    for (let k = 0; k < parts.length; k++) {
      if (parts[k] === null) break;
      precision = k;
    }
    r = { parts, precision, uncertain: s.includes("/") || s.includes("--") || s.includes("-:") };
  }
  if (cache.size > 100_000) cache.clear();
  cache.set(s, r);
  return r;
}

/** A real calendar date/time (rejects 2021-02-30), as dateutil's isoparse does. */
function calendarValid(p: IsoParts): boolean {
  const [y, mo, d] = p.parts;
  if (y != null && mo != null && d != null && d > daysIn(y, mo)) return false;
  return true;
}

const ISO_PLAIN =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/;

/** Valid ISO 8601 as SDTM writes it, including partial and uncertain dates. */
export function isValidDate(v: Value): boolean {
  if (typeof v !== "string" || v === "") return false;
  const p = parseIso(v);
  if (!p) return false;
  // without unknown components the text must also be plain ISO 8601 (dateutil's isoparse)
  return p.uncertain || (ISO_PLAIN.test(v) && calendarValid(p));
}

const COMPLETE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A complete date: year, month and day, optionally a time (Python datetime.fromisoformat). */
export function isCompleteDate(v: Value): boolean {
  if (typeof v !== "string") return false;
  const m = COMPLETE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return false;
  if (m[4] !== undefined && Number(m[4]) > 23) return false;
  if (m[5] !== undefined && Number(m[5]) > 59) return false;
  if (m[6] !== undefined && Number(m[6]) > 59) return false;
  return true;
}

const DURATION_NEG =
  /^-?P(?!$)(?:(?:(\d+(?:[.,]\d*)?Y)?,?(\d+(?:[.,]\d*)?M)?,?(\d+(?:[.,]\d*)?D)?,?(T(?=\d)(?:(\d+(?:[.,]\d*)?H)?,?(\d+(?:[.,]\d*)?M)?,?(\d+(?:[.,]\d*)?S)?)?)?)|(\d+(?:[.,]\d*)?W))$/;
const DURATION =
  /^P(?!$)(?:(?:(\d+(?:[.,]\d*)?Y)?,?(\d+(?:[.,]\d*)?M)?,?(\d+(?:[.,]\d*)?D)?,?(T(?=\d)(?:(\d+(?:[.,]\d*)?H)?,?(\d+(?:[.,]\d*)?M)?,?(\d+(?:[.,]\d*)?S)?)?)?)|(\d+(?:[.,]\d*)?W))$/;

/** ISO 8601 duration; a decimal fraction only in the smallest unit given. */
export function isValidDuration(v: Value, allowNegative: boolean): boolean {
  const s = v === null ? "None" : asText(v);
  const m = (allowNegative ? DURATION_NEG : DURATION).exec(s);
  if (!m) return false;
  const [, y, mo, d, t, h, mi, sec, w] = m;
  if (t && !h && !mi && !sec) return false;
  const comps = [y, mo, w, d, h, mi, sec].filter((c): c is string => c !== undefined);
  return comps.every((c, i) => i === comps.length - 1 || !/[.,]/.test(c));
}

export const is_complete_date: Operator = (x) => {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => isCompleteDate(t.get(i)));
};
export const is_incomplete_date: Operator = (x) => negate(is_complete_date(x));

export const invalid_date: Operator = (x) => {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => !isValidDate(t.get(i)));
};

export const invalid_duration: Operator = (x) => {
  const t = x.frame.col(x.target);
  const allowNegative = x.leaf.negative !== false;
  return rowwise(x.frame, (i) => !isValidDuration(t.get(i), allowNegative));
};

const COMPONENTS = ["year", "month", "day", "hour", "minute", "second", "microsecond"];

/** The components up to `precision`, the rest at their defaults (1970-01-01T00:00:00). */
function truncated(p: IsoParts, precision: number): number[] {
  return DEFAULTS.map((def, k) => (k <= precision ? (p.parts[k] ?? def) : def));
}

function cmp(a: number[], b: number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

type DateOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
const APPLY: Record<DateOp, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
};

/**
 * CORE's date comparison: both valid; an explicit component compares that component only; "auto" cuts
 * both to their common precision; without a component, missing parts take their earliest value
 * (2018-04 is 2018-04-01T00:00), as CDISC's expected results for the date rules show.
 */
export function compareDates(a: Value, b: Value, op: DateOp, component?: string): boolean {
  if (isNull(a) || isNull(b) || !isValidDate(a) || !isValidDate(b)) return false;
  const pa = parseIso(a as string)!;
  const pb = parseIso(b as string)!;
  if (component !== undefined && component !== "auto") {
    const k = COMPONENTS.indexOf(component);
    if (k < 0) return false;
    const x = pa.parts[k] ?? DEFAULTS[k]!;
    const y = pb.parts[k] ?? DEFAULTS[k]!;
    return APPLY[op](x - y);
  }
  if (pa.precision < 0 || pb.precision < 0) return false;
  if (component === undefined) return APPLY[op](cmp(truncated(pa, 6), truncated(pb, 6)));
  const common = Math.min(pa.precision, pb.precision);
  const c = cmp(truncated(pa, common), truncated(pb, common));
  if (component === undefined) {
    if (op === "eq" && pa.precision !== pb.precision) return false;
    if (op === "ne" && pa.precision !== pb.precision) return true;
  }
  return APPLY[op](c);
}

function dateOp(x: OperatorInput, op: DateOp): Uint8Array {
  const t = x.frame.col(x.target);
  const component = x.leaf.date_component;
  return rowwise(x.frame, (i) => compareDates(t.get(i), comparandAt(x.comparand, i), op, component));
}

export const date_equal_to: Operator = (x) => dateOp(x, "eq");
export const date_not_equal_to: Operator = (x) => dateOp(x, "ne");
export const date_less_than: Operator = (x) => dateOp(x, "lt");
export const date_less_than_or_equal_to: Operator = (x) => dateOp(x, "le");
export const date_greater_than: Operator = (x) => dateOp(x, "gt");
export const date_greater_than_or_equal_to: Operator = (x) => dateOp(x, "ge");
