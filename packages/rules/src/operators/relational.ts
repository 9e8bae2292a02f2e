/** Relational operators: equality, ordering and presence (Operator.md "Relational", "Metadata"). */
import { asNumber, asText, isNull, type Value } from "../frame.ts";
import { comparandAt, flag, negate, type Operator, type OperatorInput, rowwise } from "./types.ts";

/** Type-insensitive text: numbers and numeric text lose trailing zeros ("1.0" and 1 are "1"). */
function looseText(v: Value): string {
  const n = asNumber(v);
  if (n !== null && typeof v !== "boolean") return String(n);
  return asText(v);
}

function round(v: Value): Value {
  const n = asNumber(v);
  return n === null ? v : Math.round(n);
}

/** Two populated values are equal: numbers numerically (numeric text included), text exactly. */
export function valuesEqual(a: Value, b: Value, caseInsensitive = false): boolean {
  if (typeof a === "number" || typeof b === "number") {
    const x = asNumber(a);
    const y = asNumber(b);
    if (x !== null && y !== null) return x === y;
  }
  const sa = asText(a);
  const sb = asText(b);
  return caseInsensitive ? sa.toLowerCase() === sb.toLowerCase() : sa === sb;
}

/** The value compared on row i: with value_is_reference the comparand names the column to read. */
function other(x: OperatorInput, i: number): Value {
  const c = comparandAt(x.comparand, i);
  if (flag(x.leaf.value_is_reference) && typeof c === "string") {
    return x.frame.has(c) ? x.frame.col(c).get(i) : null;
  }
  return c;
}

/**
 * CORE's truth table: both missing is never equal nor unequal; one missing is unequal.
 */
function compare(x: OperatorInput, wantEqual: boolean, caseInsensitive: boolean): Uint8Array {
  const t = x.frame.col(x.target);
  const typeInsensitive = flag(x.leaf.type_insensitive);
  const rounding = flag(x.leaf.round_values);
  const c = x.comparand;
  if (
    c.kind === "literal" &&
    typeof c.value === "string" &&
    c.value !== "" &&
    !typeInsensitive &&
    !rounding
  ) {
    // the common case, text against a literal: no per-record conversions for text values
    const lit = caseInsensitive ? c.value.toLowerCase() : c.value;
    const b = c.value;
    return rowwise(x.frame, (i) => {
      const a = t.get(i);
      if (isNull(a)) return !wantEqual;
      const eq =
        typeof a === "string"
          ? (caseInsensitive ? a.toLowerCase() : a) === lit
          : valuesEqual(a, b, caseInsensitive);
      return eq === wantEqual;
    });
  }
  return rowwise(x.frame, (i) => {
    let a = t.get(i);
    let b = other(x, i);
    if (isNull(a) && isNull(b)) return false;
    if (isNull(a) || isNull(b)) return !wantEqual;
    if (rounding) {
      a = round(a);
      b = round(b);
    }
    const eq = typeInsensitive
      ? caseInsensitive
        ? looseText(a).toLowerCase() === looseText(b).toLowerCase()
        : looseText(a) === looseText(b)
      : valuesEqual(a, b, caseInsensitive);
    return eq === wantEqual;
  });
}

export const equal_to: Operator = (x) => compare(x, true, false);
export const not_equal_to: Operator = (x) => compare(x, false, false);
export const equal_to_case_insensitive: Operator = (x) => compare(x, true, true);
export const not_equal_to_case_insensitive: Operator = (x) => compare(x, false, true);

/** Numeric comparison; text that is not a number never compares (pandas to_numeric coerce). */
function numeric(x: OperatorInput, test: (a: number, b: number) => boolean): Uint8Array {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => {
    const a = asNumber(t.get(i));
    const b = asNumber(comparandAt(x.comparand, i));
    return a !== null && b !== null && test(a, b);
  });
}

export const greater_than: Operator = (x) => numeric(x, (a, b) => a > b);
export const greater_than_or_equal_to: Operator = (x) => numeric(x, (a, b) => a >= b);
export const less_than: Operator = (x) => numeric(x, (a, b) => a < b);
export const less_than_or_equal_to: Operator = (x) => numeric(x, (a, b) => a <= b);

/** Missing: null, blank, or an empty list. */
export const empty: Operator = (x) => {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => isNull(t.get(i)));
};
export const non_empty: Operator = (x) => negate(empty(x));

/** The variable (or, in a Domain Presence frame, the dataset) is present. */
export const exists: Operator = (x) => {
  const out = new Uint8Array(x.frame.length);
  if (x.frame.has(x.target)) out.fill(1);
  return out;
};
export const not_exists: Operator = (x) => negate(exists(x));
