/**
 * ADaM: ADSL one record per subject and its subjects in DM, every subject in ADSL, baseline (ABLFL/BASE),
 * CHG and PCHG arithmetic, TRTEMFL against the dates, CNSR 0/1, population flags populated.
 */
import type { Dataset } from "@trialforge/core";
import type { Collector } from "../internal/collector.ts";
import { groupIds, recordKey } from "../internal/columns.ts";
import type { Prepared } from "../internal/prepare.ts";
import { duplicateRows } from "./keys.ts";
import { forUsed } from "./terminology.ts";

export interface AdamContext {
  dmSubjects?: Set<string>;
  adsl?: Dataset;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(b));

export function checkAdam(p: Prepared, x: AdamContext, out: Collector): void {
  const { ds, name } = p;
  const key = (i: number) => recordKey(ds, i, p.reportKeys);
  if (p.igName === "ADSL" && ds.has("USUBJID")) {
    for (const i of duplicateRows(ds, ["USUBJID"]))
      out.report("TF-AD01", name, { variable: "USUBJID", value: ds.char("USUBJID").get(i) });
    if (x.dmSubjects)
      forUsed(ds.char("USUBJID"), (s) => {
        if (s !== "" && !x.dmSubjects!.has(s)) out.report("TF-AD02", name, { variable: "USUBJID", value: s });
      });
    // ADaMIG population flags (their IG values are N/Y) are never null.
    for (const v of p.ig?.variables ?? []) {
      if (!/FL$/.test(v.name) || v.values?.join() !== "N,Y" || !ds.has(v.name)) continue;
      const col = ds.char(v.name);
      for (let i = 0; i < ds.length; i++)
        if (col.codes[i] === 0) out.report("TF-AD12", name, { variable: v.name, key: key(i) });
    }
  }
  if (p.igName !== "ADSL" && x.adsl?.has("USUBJID") && ds.has("USUBJID")) {
    const subjects = new Set(x.adsl.char("USUBJID").dict);
    forUsed(ds.char("USUBJID"), (s, row) => {
      if (s !== "" && !subjects.has(s))
        out.report("TF-AD03", name, { variable: "USUBJID", value: s, key: key(row) });
    });
  }
  const num = (v: string) => (ds.has(v) && ds.column(v).kind === "Num" ? ds.num(v).values : undefined);
  const aval = num("AVAL");
  const base = num("BASE");
  // Baseline: one ABLFL=Y record per subject/parameter/BASETYPE, and BASE equal to its AVAL.
  if (ds.has("ABLFL") && ds.has("USUBJID") && ds.has("PARAMCD") && aval) {
    const by = ["USUBJID", "PARAMCD", ...(ds.has("BASETYPE") ? ["BASETYPE"] : [])];
    const { ids, count } = groupIds(ds, by);
    const baseVal = new Float64Array(count).fill(Number.NaN);
    const nBase = new Uint32Array(count);
    const fl = ds.char("ABLFL");
    const y = fl.lookup("Y");
    for (let i = 0; i < ds.length; i++) {
      if (fl.codes[i] !== y) continue;
      const g = ids[i]!;
      if (++nBase[g]! === 2) out.report("TF-AD06", name, { variable: "ABLFL", key: recordKey(ds, i, by) });
      baseVal[g] = aval[i]!;
    }
    if (base) {
      for (let i = 0; i < ds.length; i++) {
        const b = base[i]!;
        if (Number.isNaN(b)) continue;
        const g = ids[i]!;
        const want = baseVal[g]!;
        if (nBase[g] === 0)
          out.report("TF-AD05", name, {
            variable: "BASE",
            value: String(b),
            key: key(i),
            message: `BASE=${b} but the subject has no ABLFL=Y record for this parameter`,
          });
        else if (!Number.isNaN(want) && !close(b, want))
          out.report("TF-AD05", name, {
            variable: "BASE",
            value: String(b),
            key: key(i),
            message: `BASE=${b} but the baseline record has AVAL=${want}`,
          });
      }
    }
  }
  const chg = num("CHG");
  if (chg && aval && base) {
    for (let i = 0; i < ds.length; i++) {
      const c = chg[i]!;
      const a = aval[i]!;
      const b = base[i]!;
      if (Number.isNaN(c)) continue;
      if (Number.isNaN(a) || Number.isNaN(b) || !close(c, a - b))
        out.report("TF-AD07", name, {
          variable: "CHG",
          value: String(c),
          key: key(i),
          message: `CHG=${c} but AVAL - BASE = ${Number.isNaN(a) || Number.isNaN(b) ? "missing" : a - b}`,
        });
    }
  }
  const pchg = num("PCHG");
  if (pchg && aval && base) {
    for (let i = 0; i < ds.length; i++) {
      const c = pchg[i]!;
      if (Number.isNaN(c)) continue;
      const a = aval[i]!;
      const b = base[i]!;
      const want = !Number.isNaN(a) && !Number.isNaN(b) && b !== 0 ? ((a - b) / b) * 100 : Number.NaN;
      if (Number.isNaN(want) || Math.abs(c - want) > 1e-6 * Math.max(1, Math.abs(want)))
        out.report("TF-AD08", name, {
          variable: "PCHG",
          value: String(c),
          key: key(i),
          message: `PCHG=${c} but (AVAL - BASE) / BASE * 100 = ${Number.isNaN(want) ? "missing" : want}`,
        });
    }
  }
  const cnsr = num("CNSR");
  if (cnsr)
    for (let i = 0; i < ds.length; i++) {
      const c = cnsr[i]!;
      if (!Number.isNaN(c) && c !== 0 && c !== 1)
        out.report("TF-AD10", name, { variable: "CNSR", value: String(c), key: key(i) });
    }
  checkTrtemfl(p, x, out);
}

/** TRTEMFL=Y needs a start on or after TRTSDT; a start after TRTSDT and up to TRTEDT needs TRTEMFL=Y. */
function checkTrtemfl(p: Prepared, x: AdamContext, out: Collector): void {
  const { ds, name } = p;
  if (!ds.has("TRTEMFL") || !ds.has("ASTDT") || ds.column("ASTDT").kind !== "Num") return;
  const start = ds.num("ASTDT").values;
  const fromAdsl = (v: string): ArrayLike<number> | undefined => {
    if (ds.has(v) && ds.column(v).kind === "Num") return ds.num(v).values;
    if (!x.adsl?.has(v) || !x.adsl.has("USUBJID") || !ds.has("USUBJID")) return undefined;
    const by = new Map<string, number>();
    const au = x.adsl.char("USUBJID");
    const av = x.adsl.num(v).values;
    for (let i = 0; i < x.adsl.length; i++) by.set(au.get(i), av[i]!);
    const u = ds.char("USUBJID");
    const perCode = u.dict.map((s) => by.get(s) ?? Number.NaN);
    const outv = new Float64Array(ds.length);
    for (let i = 0; i < ds.length; i++) outv[i] = perCode[u.codes[i]!]!;
    return outv;
  };
  const trts = fromAdsl("TRTSDT");
  if (!trts) return;
  const trte = fromAdsl("TRTEDT");
  const fl = ds.char("TRTEMFL");
  for (let i = 0; i < ds.length; i++) {
    const a = start[i]!;
    const t = trts[i]!;
    if (Number.isNaN(a) || Number.isNaN(t)) continue;
    const y = fl.get(i) === "Y";
    const e = trte ? trte[i]! : Number.NaN;
    if (y && a < t)
      out.report("TF-AD09", name, {
        variable: "TRTEMFL",
        value: "Y",
        key: recordKey(ds, i, p.reportKeys),
        message: `TRTEMFL=Y but ASTDT ${a} is before TRTSDT ${t}`,
      });
    else if (!y && a > t && !Number.isNaN(e) && a <= e)
      out.report("TF-AD09", name, {
        variable: "TRTEMFL",
        value: fl.get(i),
        key: recordKey(ds, i, p.reportKeys),
        message: `ASTDT ${a} is within treatment (TRTSDT ${t} to TRTEDT ${e}) but TRTEMFL is not Y`,
      });
  }
}
