import { type Diagnostics, roundHalfAway } from "@trialforge/core";
import type { UnitConversion } from "@trialforge/spec";
import type { Frame } from "../internal/frame.ts";

/** Rounds half away from zero to `decimals` places, on the decimal value (core `roundHalfAway`). */
export function computeRound(x: number, decimals: number): number {
  return roundHalfAway(x, decimals);
}

/** Number as SDTM text: no exponent, no float noise. */
export function formatResult(x: number, decimals?: number): string {
  if (decimals !== undefined) return computeRound(x, decimals).toFixed(decimals);
  return String(Number(x.toPrecision(12)));
}

/** A result in the conversion's standard unit, as text: (x + offset) × factor, rounded by the spec. */
export function formatStandard(x: number, c: UnitConversion | null | undefined): string {
  if (!c) return formatResult(x);
  const text = formatResult(c.offset === undefined ? x * c.factor : (x + c.offset) * c.factor, c.decimals);
  return c.trimZeros ? formatResult(Number(text)) : text;
}

const LIMIT = /^([<>]=?)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * --STRESC/--STRESN/--STRESU (and --STNRLO/--STNRHI) from --ORRES/--ORRESU through the spec's conversion
 * factors per test and original unit.
 * @remarks SDTMIG 6.3.5: numeric results are converted; a result below/above a limit ("<0.5") stays text in
 * --STRESC with the limit converted and --STRESN missing; other text results are copied to --STRESC. A
 * numeric result whose test/unit has no conversion is copied unchanged with a warning.
 */
export function deriveStandardResults(
  frame: Frame,
  prefix: string,
  conversions: readonly UnitConversion[],
  ranges: boolean,
  diagnostics: Diagnostics,
): void {
  const conv = new Map(conversions.map((c) => [`${c.testcd}\u0000${c.from.toUpperCase()}`, c]));
  const testcd = frame.char(`${prefix}TESTCD`);
  const orres = frame.char(`${prefix}ORRES`);
  const orresu = frame.has(`${prefix}ORRESU`) ? frame.char(`${prefix}ORRESU`) : undefined;
  const warned = new Set<string>();
  const find = (i: number): UnitConversion | undefined => {
    const t = testcd.get(i);
    const u = orresu?.get(i) ?? "";
    const c = conv.get(`${t}\u0000${u.toUpperCase()}`);
    if (!c) {
      const k = `${t}/${u}`;
      if (!warned.has(k)) {
        warned.add(k);
        diagnostics.warning(
          "SDTM.NO_CONVERSION",
          `${frame.meta.name}: no unit conversion for ${t} in "${u}"; standard result copied unchanged`,
          { dataset: frame.meta.name, variable: `${prefix}STRESC`, value: k },
        );
      }
    }
    return c;
  };
  const n = frame.length;
  const stresc: string[] = new Array(n);
  const stresn = new Float64Array(n).fill(Number.NaN);
  const stresu: string[] = new Array(n);
  const convOf: (UnitConversion | null)[] = new Array(n);
  // Conversion per test and unit, and the standard result per conversion and original result: computed
  // once per distinct combination (dictionary codes), not per record.
  const convMemo = new Map<number, UnitConversion | null>();
  const uWidth = orresu ? orresu.dict.length : 1;
  const convIds = new Map<UnitConversion | null, number>();
  const resMemo = new Map<number, { c: string; n: number; u: string }>();
  const rWidth = orres.dict.length;
  for (let i = 0; i < n; i++) {
    const rc = orres.codes[i]!;
    convOf[i] = null;
    if (rc === 0) {
      stresc[i] = "";
      stresu[i] = "";
      continue;
    }
    const r = orres.dict[rc]!;
    const numeric = NUMBER.test(r);
    const lim = numeric ? null : LIMIT.exec(r);
    if (!numeric && !lim) {
      stresc[i] = r.toUpperCase();
      stresu[i] = "";
      continue;
    }
    const ck = testcd.codes[i]! * uWidth + (orresu ? orresu.codes[i]! : 0);
    let c = convMemo.get(ck);
    if (c === undefined) {
      c = find(i) ?? null;
      convMemo.set(ck, c);
    }
    convOf[i] = c;
    let id = convIds.get(c);
    if (id === undefined) {
      id = convIds.size;
      convIds.set(c, id);
    }
    const rk = id * rWidth + rc;
    let out = resMemo.get(rk);
    if (!out) {
      const u = orresu?.get(i) ?? "";
      if (numeric) {
        const text = formatStandard(Number(r), c);
        out = { c: text, n: Number(text), u: c ? c.to : u };
      } else {
        out = {
          c: `${lim![1]}${formatStandard(Number(lim![2]), c)}`,
          n: Number.NaN,
          u: c ? c.to : u,
        };
      }
      resMemo.set(rk, out);
    }
    stresc[i] = out.c;
    stresn[i] = out.n;
    stresu[i] = out.u;
  }
  frame.setChar(`${prefix}STRESC`, (i) => stresc[i]!);
  if (frame.has(`${prefix}STRESN`))
    frame.setNum(`${prefix}STRESN`, (i) => (Number.isNaN(stresn[i]!) ? null : stresn[i]!));
  if (frame.has(`${prefix}STRESU`)) frame.setChar(`${prefix}STRESU`, (i) => stresu[i]!);
  if (!ranges) return;
  for (const end of ["LO", "HI"]) {
    const or = `${prefix}ORNR${end}`;
    const st = `${prefix}STNR${end}`;
    if (!frame.has(or) || !frame.has(st)) continue;
    const src = frame.char(or);
    const width = src.dict.length;
    const memo = new Map<number, number | null>();
    frame.setNum(st, (i) => {
      const c = convOf[i] ?? null;
      const key = (convIds.get(c) ?? convIds.size) * width + src.codes[i]!;
      let v = memo.get(key);
      if (v === undefined) {
        const s = src.get(i);
        v = NUMBER.test(s) ? Number(formatStandard(Number(s), c)) : null;
        memo.set(key, v);
      }
      return v;
    });
  }
}

/**
 * Reference range indicator of a limit result ("<1.7", ">500") where the bound decides it; "" when it does
 * not. A "<x" result is a quantity below a limit of quantification, so it lies in [0, x): LOW when x is at
 * or below the low reference; NORMAL when the low reference is at most 0 (or absent) and x is at or below
 * the high reference. A ">x" result lies above x: HIGH when x is at or above the high reference; NORMAL when
 * there is no high reference and x is at or above the low one. Otherwise (e.g. "<0.5" against 0-0) the
 * value could fall either side of a limit and the indicator is left blank.
 * @example
 * computeLimitNrind("<", 1.7, 0, 5.1)   // "NORMAL"
 * computeLimitNrind("<", 10, 30, 200)   // "LOW"
 * computeLimitNrind("<", 0.5, 0, 0)     // ""
 */
export function computeLimitNrind(
  sign: "<" | ">",
  limit: number,
  lo: number | null,
  hi: number | null,
): "LOW" | "NORMAL" | "HIGH" | "" {
  if (sign === "<") {
    if (lo !== null && limit <= lo) return "LOW";
    if ((lo === null || lo <= 0) && (hi === null || limit <= hi)) return "NORMAL";
    return "";
  }
  if (hi !== null && limit >= hi) return "HIGH";
  if (hi === null && (lo === null || limit >= lo)) return "NORMAL";
  return "";
}

/**
 * --NRIND: LOW below --STNRLO, HIGH above --STNRHI, NORMAL within (C78736). A limit result ("<0.5") gets
 * the indicator its bound decides (`computeLimitNrind`), else none.
 */
export function deriveNrind(frame: Frame, prefix: string): void {
  const stresn = frame.num(`${prefix}STRESN`);
  const stresc = frame.char(`${prefix}STRESC`);
  const lo = frame.num(`${prefix}STNRLO`);
  const hi = frame.num(`${prefix}STNRHI`);
  frame.setChar(`${prefix}NRIND`, (i) => {
    const l = lo.get(i);
    const h = hi.get(i);
    if (l === null && h === null) return "";
    let x = stresn.get(i);
    if (x === null) {
      const m = /^([<>])=?\s*(-?[\d.]+)$/.exec(stresc.get(i));
      return m ? computeLimitNrind(m[1] as "<" | ">", Number(m[2]), l, h) : "";
    }
    x = Number(x);
    if (l !== null && x < l) return "LOW";
    if (h !== null && x > h) return "HIGH";
    return "NORMAL";
  });
}
