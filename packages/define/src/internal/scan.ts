/**
 * Single passes over columns: distinct values, numeric shape (integer or float, digits, decimals) and
 * per-slice statistics for value-level metadata. Works on dictionary codes, so millions of rows cost one
 * typed-array walk per column and no per-row objects.
 */
import type { CharColumn, Column, NumColumn } from "@trialforge/core";

/** Shape of a set of numbers: all integral, the most digits (no sign, no point) and the most decimals. */
export interface NumShape {
  count: number;
  integer: boolean;
  digits: number;
  decimals: number;
}

export function emptyShape(): NumShape {
  return { count: 0, integer: true, digits: 0, decimals: 0 };
}

/** Shortest text of a number with at most 12 significant digits (drops binary noise like 0.1+0.2). */
export function computeNumberText(x: number): string {
  const s = String(Number(x.toPrecision(12)));
  return s;
}

export function addToShape(shape: NumShape, x: number): void {
  shape.count++;
  const s = computeNumberText(Math.abs(x));
  if (s.includes("e")) {
    // Very large or small: count the mantissa digits, keep decimals from the exponent.
    const [m = "", e = "0"] = s.split("e");
    const exp = Number(e);
    const mant = m.replace(".", "");
    shape.digits = Math.max(shape.digits, mant.length + Math.max(0, exp));
    if (exp < 0) {
      shape.integer = false;
      shape.decimals = Math.max(shape.decimals, mant.length - 1 - exp);
    }
    return;
  }
  const dot = s.indexOf(".");
  if (dot >= 0) {
    shape.integer = false;
    shape.decimals = Math.max(shape.decimals, s.length - dot - 1);
  }
  shape.digits = Math.max(shape.digits, s.replace(".", "").length);
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Shape of character values: longest text, and whether all are numbers written as text. */
export interface TextShape {
  count: number;
  maxLength: number;
  numeric: boolean;
  num: NumShape;
}

export function emptyTextShape(): TextShape {
  return { count: 0, maxLength: 0, numeric: true, num: emptyShape() };
}

export function addTextToShape(shape: TextShape, s: string): void {
  shape.count++;
  const len = Buffer.byteLength(s, "utf8");
  if (len > shape.maxLength) shape.maxLength = len;
  if (shape.numeric) {
    const t = s.trim();
    if (!NUMERIC_TEXT.test(t)) shape.numeric = false;
    else {
      const dot = t.indexOf(".");
      shape.num.count++;
      if (dot >= 0) {
        shape.num.integer = false;
        shape.num.decimals = Math.max(shape.num.decimals, t.length - dot - 1);
      }
      shape.num.digits = Math.max(shape.num.digits, t.replace(/[+.-]/g, "").length);
    }
  }
}

/** Which dictionary codes of a character column are used. */
export function usedCodes(col: CharColumn): Uint8Array {
  const used = new Uint8Array(col.dict.length);
  const codes = col.codes;
  for (let i = 0; i < col.length; i++) used[codes[i]!] = 1;
  return used;
}

/** Distinct non-missing values of a column as text (numbers in their shortest form). */
export function distinctTexts(col: Column): Set<string> {
  const out = new Set<string>();
  if (col.kind === "Char") {
    const used = usedCodes(col);
    for (let c = 1; c < used.length; c++) if (used[c]) out.add(col.dict[c]!);
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < col.length; i++) {
      const x = col.values[i]!;
      if (!Number.isNaN(x)) seen.add(x);
    }
    for (const x of seen) out.add(computeNumberText(x));
  }
  return out;
}

export function numShape(col: NumColumn): NumShape {
  const shape = emptyShape();
  const seen = new Set<number>();
  for (let i = 0; i < col.length; i++) {
    const x = col.values[i]!;
    if (Number.isNaN(x) || seen.has(x)) continue;
    seen.add(x);
    addToShape(shape, x);
  }
  return shape;
}

/** Pairs code → decode from two character columns (e.g. LBTESTCD → LBTEST); the first decode seen wins. */
export function pairedDecodes(codeCol: CharColumn, decodeCol: CharColumn): Map<string, string> {
  const first = new Int32Array(codeCol.dict.length).fill(-1);
  for (let i = 0; i < codeCol.length; i++) {
    const c = codeCol.codes[i]!;
    if (c !== 0 && first[c] === -1) first[c] = decodeCol.codes[i]!;
  }
  const out = new Map<string, string>();
  for (let c = 1; c < first.length; c++) {
    const d = first[c]!;
    if (d > 0) out.set(codeCol.dict[c]!, decodeCol.dict[d]!);
  }
  return out;
}

/** Statistics of one result variable in one value-level slice. */
export interface SliceStats {
  rows: number;
  /** Rows where the result is not missing. */
  filled: number;
  text?: TextShape;
  num?: NumShape;
}

/**
 * Per-slice statistics of `result`, slices given as a slice index per row (-1 = no slice).
 * Distinct values are shaped once per slice (a Set per slice), so repeated values cost a lookup.
 */
export function sliceStats(result: Column, sliceOf: Int32Array, nSlices: number): SliceStats[] {
  const stats: SliceStats[] = Array.from({ length: nSlices }, () => ({ rows: 0, filled: 0 }));
  if (result.kind === "Char") {
    const seen: Set<number>[] = Array.from({ length: nSlices }, () => new Set());
    for (let i = 0; i < result.length; i++) {
      const s = sliceOf[i]!;
      if (s < 0) continue;
      stats[s]!.rows++;
      const c = result.codes[i]!;
      if (c !== 0) {
        stats[s]!.filled++;
        seen[s]!.add(c);
      }
    }
    for (let s = 0; s < nSlices; s++) {
      const shape = emptyTextShape();
      for (const c of seen[s]!) addTextToShape(shape, result.dict[c]!);
      if (shape.count > 0) stats[s]!.text = shape;
    }
  } else {
    const seen: Set<number>[] = Array.from({ length: nSlices }, () => new Set());
    for (let i = 0; i < result.length; i++) {
      const s = sliceOf[i]!;
      if (s < 0) continue;
      stats[s]!.rows++;
      const x = result.values[i]!;
      if (!Number.isNaN(x)) {
        stats[s]!.filled++;
        seen[s]!.add(x);
      }
    }
    for (let s = 0; s < nSlices; s++) {
      const shape = emptyShape();
      for (const x of seen[s]!) addToShape(shape, x);
      if (shape.count > 0) stats[s]!.num = shape;
    }
  }
  return stats;
}
