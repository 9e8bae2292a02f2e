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

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Accumulates the shape of numbers without keeping them: integer test and magnitude per value, decimals by
 * a numeric check against the current maximum (the text form is computed only when a value has more).
 */
export class NumAcc {
  count = 0;
  integer = true;
  maxIntPart = 0;
  decimals = 0;

  add(x: number): void {
    this.count++;
    const a = Math.abs(x);
    if (Number.isInteger(a)) {
      if (a > this.maxIntPart) this.maxIntPart = a;
      return;
    }
    this.integer = false;
    const ip = Math.floor(a);
    if (ip > this.maxIntPart) this.maxIntPart = ip;
    const p = POW10[this.decimals]!;
    if (this.decimals >= 15 || Math.abs(Math.round(a * p) / p - a) <= a * 1e-12) return;
    const probe = emptyShape();
    addToShape(probe, a);
    if (probe.decimals > this.decimals) this.decimals = probe.decimals;
  }

  /** Digits: those of the largest integer part plus the most decimals (SAS w.d without the point). */
  shape(): NumShape {
    const intDigits =
      this.maxIntPart < 1 ? 1 : String(this.maxIntPart).replace(/e.*$/, "").replace(".", "").length;
    return {
      count: this.count,
      integer: this.integer,
      digits: intDigits + this.decimals,
      decimals: this.decimals,
    };
  }
}

export function numShape(col: NumColumn): NumShape {
  const acc = new NumAcc();
  const values = col.values;
  for (let i = 0; i < col.length; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x)) acc.add(x);
  }
  return acc.shape();
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
 * Per-slice statistics of `result`, slices given as a slice index per row (-1 = no slice). Character values
 * are shaped once per dictionary code, then aggregated per slice in typed arrays (no per-row objects).
 */
export function sliceStats(result: Column, sliceOf: Int32Array, nSlices: number): SliceStats[] {
  const rows = new Int32Array(nSlices);
  const filled = new Int32Array(nSlices);
  if (result.kind === "Char") {
    const n = result.dict.length;
    const len = new Int32Array(n);
    const kind = new Int8Array(n); // 0 text, 1 integer text, 2 decimal text
    const dec = new Int16Array(n);
    const dig = new Int16Array(n);
    for (let c = 1; c < n; c++) {
      const sh = emptyTextShape();
      addTextToShape(sh, result.dict[c]!);
      len[c] = sh.maxLength;
      kind[c] = sh.numeric ? (sh.num.integer ? 1 : 2) : 0;
      dec[c] = sh.num.decimals;
      dig[c] = sh.num.digits;
    }
    const maxLen = new Int32Array(nSlices);
    const numeric = new Uint8Array(nSlices).fill(1);
    const integer = new Uint8Array(nSlices).fill(1);
    const maxDec = new Int16Array(nSlices);
    const maxDig = new Int16Array(nSlices);
    const codes = result.codes;
    for (let i = 0; i < result.length; i++) {
      const s = sliceOf[i]!;
      if (s < 0) continue;
      rows[s]!++;
      const c = codes[i]!;
      if (c === 0) continue;
      filled[s]!++;
      if (len[c]! > maxLen[s]!) maxLen[s] = len[c]!;
      const k = kind[c]!;
      if (k === 0) numeric[s] = 0;
      else {
        if (k === 2) integer[s] = 0;
        if (dec[c]! > maxDec[s]!) maxDec[s] = dec[c]!;
        if (dig[c]! > maxDig[s]!) maxDig[s] = dig[c]!;
      }
    }
    return Array.from({ length: nSlices }, (_, s) => {
      const st: SliceStats = { rows: rows[s]!, filled: filled[s]! };
      if (filled[s]! > 0) {
        st.text = {
          count: filled[s]!,
          maxLength: maxLen[s]!,
          numeric: numeric[s] === 1,
          num: { count: filled[s]!, integer: integer[s] === 1, digits: maxDig[s]!, decimals: maxDec[s]! },
        };
      }
      return st;
    });
  }
  const accs = Array.from({ length: nSlices }, () => new NumAcc());
  const values = result.values;
  for (let i = 0; i < result.length; i++) {
    const s = sliceOf[i]!;
    if (s < 0) continue;
    rows[s]!++;
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    filled[s]!++;
    accs[s]!.add(x);
  }
  return accs.map((acc, s) => {
    const st: SliceStats = { rows: rows[s]!, filled: filled[s]! };
    if (acc.count > 0) st.num = acc.shape();
    return st;
  });
}
