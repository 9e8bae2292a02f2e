/**
 * Raw numbers: one grammar for what an integer or float field accepts, the same one SDTM reads as a
 * number (sdtm `standardize.ts`), so a value ingest accepts never turns into text later. The rule:
 * an optional leading "-", digits, for floats an optional "." followed by digits and an optional exponent;
 * no "+" sign, no bare "." at either end, no thousands separators or decimal commas. The value must be
 * finite (1e309 is not) and an integer must be exact in a double (|n| < 2^53).
 */

const INTEGER = /^-?\d+$/;
const FLOAT = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** What a value that is not a number looks like, to say how to write it ("" when nothing recognisable). */
function looksLike(v: string): string {
  if (/^\+\d/.test(v)) return ' (a leading "+" is not allowed: write 120, not +120)';
  if (/^-?\d+,\d+$/.test(v)) return " (a decimal comma: write 1.5, not 1,5)";
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(v)) return " (thousands separators are not allowed)";
  if (/^-?\.\d+$|^-?\d+\.$/.test(v)) return ' (write a digit on both sides of the ".")';
  if (/^[<>]=?\s*\d/.test(v)) return " (a limit such as <0.5 belongs in a text field)";
  return "";
}

/** The problem with an integer field value, or undefined when `v` is an integer the spec allows. */
export function checkInteger(v: string): string | undefined {
  if (!INTEGER.test(v)) {
    if (FLOAT.test(v)) return "is not an integer";
    return `is not an integer${looksLike(v)}`;
  }
  return Number.isSafeInteger(Number(v))
    ? undefined
    : "is too large to hold exactly (integers must lie within ±9007199254740991)";
}

/** The problem with a float field value, or undefined when `v` is a number the spec allows. */
export function checkFloat(v: string): string | undefined {
  if (!FLOAT.test(v)) return `is not a number${looksLike(v)}`;
  // Without an exponent only 309+ digits pass the range of a double; skip the parse for the usual case.
  if (v.length < 300 && v.indexOf("e") < 0 && v.indexOf("E") < 0) return undefined;
  return Number.isFinite(Number(v)) ? undefined : "is not a finite number (beyond the range of a double)";
}
