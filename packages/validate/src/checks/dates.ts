/**
 * Dates: ISO 8601 validity (once per distinct value), start not after end, --DY against RFSTDTC, no day 0,
 * no date after the data cut-off, ISO 8601 durations. Variables are found by name pattern (--DTC, --STDTC /
 * --ENDTC, --DY), never by domain.
 */
import { type CharColumn, compareDtc, dtcEpochDay, isValidDtc, parseDuration } from "@trialforge/core";
import type { Collector } from "../internal/collector.ts";
import { recordKey } from "../internal/columns.ts";
import type { Prepared } from "../internal/prepare.ts";
import { forUsed } from "./terminology.ts";

export interface DateContext {
  /** RFSTDTC epoch day by USUBJID (DM), for --DY. */
  rfstdtc: Map<string, number>;
  cutoff?: string;
}

/** Epoch day per dictionary code (NaN when not a complete date). */
function epochDays(col: CharColumn): Float64Array {
  const out = new Float64Array(col.dict.length);
  for (let c = 0; c < col.dict.length; c++) out[c] = dtcEpochDay(col.dict[c]!) ?? Number.NaN;
  return out;
}

export function checkDates(p: Prepared, ctx: DateContext, out: Collector): void {
  const { ds, name } = p;
  const dtcVars = ds.meta.variables
    .filter((v) => v.type === "Char" && /DTC$/.test(v.name))
    .map((v) => v.name);
  for (const v of dtcVars) {
    forUsed(ds.char(v), (val, row) => {
      if (val === "") return;
      if (!isValidDtc(val)) {
        out.report("TF-DT01", name, { variable: v, value: val, key: recordKey(ds, row, p.reportKeys) });
        return;
      }
      // Digits-only prefixes compare as text; compareDtc (precision-aware) only for the few that might be later.
      if (ctx.cutoff && val.slice(0, ctx.cutoff.length) > ctx.cutoff && compareDtc(val, ctx.cutoff) === 1)
        out.report("TF-DT05", name, {
          variable: v,
          value: val,
          key: recordKey(ds, row, p.reportKeys),
          message: `${val} is after the data cut-off ${ctx.cutoff}`,
        });
    });
  }
  // Start not after end: every xxSTDTC with a matching xxENDTC.
  for (const st of dtcVars.filter((v) => v.endsWith("STDTC"))) {
    const en = `${st.slice(0, -5)}ENDTC`;
    if (!ds.has(en)) continue;
    const a = ds.char(st);
    const b = ds.char(en);
    const cache = new Map<number, number>();
    const nb = b.dict.length;
    for (let i = 0; i < ds.length; i++) {
      const ca = a.codes[i]!;
      const cb = b.codes[i]!;
      if (ca === 0 || cb === 0) continue;
      const k = ca * nb + cb;
      let r = cache.get(k);
      if (r === undefined) {
        r = compareDtc(a.dict[ca]!, b.dict[cb]!) ?? 0;
        cache.set(k, r);
      }
      if (r === 1)
        out.report("TF-DT02", name, {
          variable: st,
          value: `${a.dict[ca]} > ${en} ${b.dict[cb]}`,
          key: recordKey(ds, i, p.reportKeys),
        });
    }
  }
  // --DY from --DTC and RFSTDTC: date - RFSTDTC + 1 on or after it, date - RFSTDTC before it (core studyDay's rule).
  if (p.standard === "SDTM" && ds.has("USUBJID")) {
    const subj = ds.char("USUBJID");
    const ref = new Float64Array(subj.dict.length);
    for (let c = 0; c < subj.dict.length; c++) ref[c] = ctx.rfstdtc.get(subj.dict[c]!) ?? Number.NaN;
    for (const dtc of dtcVars) {
      const dyName = `${dtc.slice(0, -3)}DY`;
      if (!ds.has(dyName) || ds.column(dyName).kind !== "Num") continue;
      const dy = ds.num(dyName).values;
      const col = ds.char(dtc);
      const days = epochDays(col);
      for (let i = 0; i < ds.length; i++) {
        const got = dy[i]!;
        if (Number.isNaN(got)) continue;
        const d = days[col.codes[i]!]!;
        const r = ref[subj.codes[i]!]!;
        if (Number.isNaN(d) || Number.isNaN(r)) continue;
        const want = d >= r ? d - r + 1 : d - r;
        if (want !== got)
          out.report("TF-DT03", name, {
            variable: dyName,
            value: String(got),
            key: recordKey(ds, i, p.reportKeys),
            message: `${dyName}=${got} but ${dtc}=${col.dict[col.codes[i]!]} gives study day ${want}`,
          });
      }
    }
  }
  if (p.standard === "SDTM") {
    for (const v of ds.meta.variables) {
      if (v.type !== "Num" || !/DY$/.test(v.name)) continue;
      const x = ds.num(v.name).values;
      for (let i = 0; i < ds.length; i++)
        if (x[i] === 0)
          out.report("TF-DT04", name, { variable: v.name, value: "0", key: recordKey(ds, i, p.reportKeys) });
    }
    for (const v of ds.meta.variables) {
      if (v.type !== "Char" || !/(DUR|ELTM|EVLINT)$/.test(v.name)) continue;
      forUsed(ds.char(v.name), (val, row) => {
        if (val !== "" && !parseDuration(val))
          out.report("TF-DT06", name, {
            variable: v.name,
            value: val,
            key: recordKey(ds, row, p.reportKeys),
          });
      });
    }
  }
}

/** ADaM numeric dates: start after end (xxSDT/xxEDT, xSTDT/xENDT and their DTM forms) and dates after the cut-off. */
export function checkAdamDates(p: Prepared, cutoffSasDate: number | undefined, out: Collector): void {
  const { ds, name } = p;
  const nums = ds.meta.variables.filter((v) => v.type === "Num").map((v) => v.name);
  const pairs: [string, string][] = [];
  for (const v of nums) {
    for (const [s, e] of [
      ["STDT", "ENDT"],
      ["SDT", "EDT"],
      ["STDTM", "ENDTM"],
      ["SDTM", "EDTM"],
    ] as const) {
      if (v.endsWith(s)) {
        const other = v.slice(0, -s.length) + e;
        if (ds.has(other) && ds.column(other).kind === "Num") pairs.push([v, other]);
      }
    }
  }
  for (const [s, e] of pairs) {
    const a = ds.num(s).values;
    const b = ds.num(e).values;
    for (let i = 0; i < ds.length; i++)
      if (a[i]! > b[i]!)
        out.report("TF-DT02", name, {
          variable: s,
          value: `${a[i]} > ${e} ${b[i]}`,
          key: recordKey(ds, i, p.reportKeys),
        });
  }
  if (cutoffSasDate === undefined) return;
  for (const v of nums) {
    const isDate = /DT$/.test(v);
    const isDtm = /DTM$/.test(v);
    if (!isDate && !isDtm) continue;
    const limit = isDate ? cutoffSasDate : (cutoffSasDate + 1) * 86400 - 1;
    const x = ds.num(v).values;
    for (let i = 0; i < ds.length; i++)
      if (x[i]! > limit)
        out.report("TF-AD11", name, {
          variable: v,
          value: String(x[i]),
          key: recordKey(ds, i, p.reportKeys),
        });
  }
}
