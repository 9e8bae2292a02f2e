/** String operators: regular expressions, prefixes and suffixes, lengths (Operator.md "String"). */
import { asText, isNull, type Value } from "../frame.ts";
import { pyFindFirst, pyMatch, pySearch } from "./regex.ts";
import { valuesEqual } from "./relational.ts";
import { comparandAt, flag, negate, type Operator, type OperatorInput, rowwise } from "./types.ts";

/** Text of a populated value; integral numbers without ".0" (CORE's regex conversion). */
function text(v: Value): string | null {
  if (isNull(v)) return null;
  return asText(v);
}

function pattern(x: OperatorInput): string {
  const v = x.comparand.kind === "literal" ? x.comparand.value : x.leaf.value;
  return String(v ?? "");
}

function regexTest(x: OperatorInput, part: (s: string) => string, search: boolean, want: boolean) {
  const t = x.frame.col(x.target);
  const p = pattern(x);
  return rowwise(x.frame, (i) => {
    const s = text(t.get(i));
    if (s === null) return false;
    const hit = search ? pySearch(p, part(s)) : pyMatch(p, part(s));
    return hit === want;
  });
}

const whole = (s: string) => s;
const prefixOf = (x: OperatorInput) => (s: string) => s.slice(0, Number(x.leaf.prefix));
const suffixOf = (x: OperatorInput) => (s: string) => s.slice(-Number(x.leaf.suffix));

export const matches_regex: Operator = (x) => regexTest(x, whole, false, true);
export const not_matches_regex: Operator = (x) => regexTest(x, whole, false, false);
export const prefix_matches_regex: Operator = (x) => regexTest(x, prefixOf(x), true, true);
export const not_prefix_matches_regex: Operator = (x) => regexTest(x, prefixOf(x), true, false);
export const suffix_matches_regex: Operator = (x) => regexTest(x, suffixOf(x), true, true);
export const not_suffix_matches_regex: Operator = (x) => regexTest(x, suffixOf(x), true, false);

function affix(x: OperatorInput, test: (s: string, with_: string) => boolean): Uint8Array {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => {
    const s = text(t.get(i));
    const w = comparandAt(x.comparand, i);
    return s !== null && !isNull(w) && test(s, asText(w));
  });
}

export const starts_with: Operator = (x) => affix(x, (s, w) => s.startsWith(w));
export const ends_with: Operator = (x) => affix(x, (s, w) => s.endsWith(w));

/** The comparand of prefix/suffix_equal_to: the literal DOMAIN means the dataset's domain prefix. */
function partEqual(x: OperatorInput, part: (s: string) => string): Uint8Array {
  const t = x.frame.col(x.target);
  const domainWord = x.leaf.value === "DOMAIN" ? x.resolve("--") : undefined;
  return rowwise(x.frame, (i) => {
    const s = text(t.get(i));
    if (s === null) return false;
    const w = domainWord ?? comparandAt(x.comparand, i);
    return !isNull(w) && part(s) === asText(w);
  });
}

export const prefix_equal_to: Operator = (x) => partEqual(x, prefixOf(x));
export const prefix_not_equal_to: Operator = (x) => negate(prefix_equal_to(x));
export const suffix_equal_to: Operator = (x) => partEqual(x, suffixOf(x));
export const suffix_not_equal_to: Operator = (x) => negate(suffix_equal_to(x));

/** Length against a number, or against the length of another variable's value. */
function length(x: OperatorInput, test: (len: number, n: number) => boolean): Uint8Array {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => {
    const s = text(t.get(i));
    if (s === null) return false;
    const c = comparandAt(x.comparand, i);
    const n = x.comparand.kind === "col" && typeof c === "string" ? c.length : Number(c);
    return !Number.isNaN(n) && test(s.length, n);
  });
}

export const longer_than: Operator = (x) => length(x, (l, n) => l > n);
export const longer_than_or_equal_to: Operator = (x) => length(x, (l, n) => l >= n);
export const shorter_than: Operator = (x) => negate(longer_than_or_equal_to(x));
export const shorter_than_or_equal_to: Operator = (x) => negate(longer_than(x));

/** The target equals the part of the comparand (or of the dataset name) the regex extracts. */
export const equals_string_part: Operator = (x) => {
  const t = x.frame.col(x.target);
  const re = String(x.leaf.regex ?? "");
  const typeInsensitive = flag(x.leaf.type_insensitive);
  return rowwise(x.frame, (i) => {
    const a = t.get(i);
    const src = comparandAt(x.comparand, i);
    const b = isNull(src) ? null : pyFindFirst(re, asText(src));
    if (isNull(a) && isNull(b)) return false;
    if (isNull(a) || isNull(b)) return false;
    return typeInsensitive ? asText(a).trim() === String(b).trim() : valuesEqual(a, b);
  });
};
export const does_not_equal_string_part: Operator = (x) => negate(equals_string_part(x));

/** The comparand is an element of the target's list, or a substring of its text (Python `in`). */
export const contains: Operator = (x) => {
  const t = x.frame.col(x.target);
  return rowwise(x.frame, (i) => {
    const v = t.get(i);
    const c = comparandAt(x.comparand, i);
    if (isNull(c)) return false;
    if (Array.isArray(v)) return v.some((e) => valuesEqual(e, c as Value));
    if (isNull(v)) return false;
    if (typeof v === "string") return v.includes(asText(c));
    return valuesEqual(v, c);
  });
};
export const does_not_contain: Operator = (x) => negate(contains(x));
