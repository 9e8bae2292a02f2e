/** Structure: XPT v5 names, labels, lengths and types; IG required/expected variables, order, DOMAIN. */
import type { Dataset } from "@trialforge/core";
import type { Collector } from "../internal/collector.ts";
import { firstRowOfCode, recordKey, usedCodes } from "../internal/columns.ts";
import { igVar, type Prepared } from "../internal/prepare.ts";

const DATASET_NAME = /^[A-Z][A-Z0-9]{0,7}$/;
const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,7}$/;
const NON_ASCII = /[^\x20-\x7e]/;

/** ADaMIG placeholders (xx, y, zz, w) as a pattern, for "is some TRTxxP present". */
function placeholder(name: string): RegExp | undefined {
  if (!/[a-z]/.test(name)) return undefined;
  return new RegExp(`^${name.replace(/xx|zz|y|w/g, (p) => (p.length === 2 ? "\\d\\d" : "\\d{1,2}"))}$`);
}

/** Subjects whose DM value of a variable is null: an ADaM copy of it may be null too (ADaMIG 3.2: ADSL takes DM's values). */
function nullInDm(dm: Dataset | undefined, variable: string): Set<string> | undefined {
  if (!dm?.has(variable) || !dm.has("USUBJID")) return undefined;
  const col = dm.column(variable);
  const u = dm.char("USUBJID");
  const out = new Set<string>();
  for (let i = 0; i < dm.length; i++)
    if (col.kind === "Char" ? col.codes[i] === 0 : Number.isNaN(col.values[i])) out.add(u.get(i));
  return out;
}

export function checkStructure(p: Prepared, out: Collector, dm?: Dataset): void {
  const { ds, name } = p;
  if (!DATASET_NAME.test(ds.name)) out.report("TF-STR01", name, { value: ds.name });
  const label = ds.meta.label ?? "";
  if (label.trim() === "" || label.length > 40) out.report("TF-STR02", name, { value: label });
  if (ds.length === 0) out.report("TF-STR15", name);
  for (const v of ds.meta.variables) {
    if (!VARIABLE_NAME.test(v.name)) out.report("TF-STR03", name, { variable: v.name, value: v.name });
    if ((v.label ?? "").trim() === "" || v.label.length > 40)
      out.report("TF-STR04", name, { variable: v.name, value: v.label });
    const col = ds.column(v.name);
    if (col.kind === "Char") {
      if (!(v.length >= 1 && v.length <= 200))
        out.report("TF-STR05", name, { variable: v.name, value: String(v.length) });
      const used = usedCodes(col);
      let first: Int32Array | undefined;
      for (let c = 1; c < col.dict.length; c++) {
        if (!used[c]) continue;
        const s = col.dict[c]!;
        const bytes = Buffer.byteLength(s, "utf8");
        const long = bytes > v.length;
        const nonAscii = NON_ASCII.test(s);
        if (!long && !nonAscii) continue;
        first ??= firstRowOfCode(col);
        const key = recordKey(ds, first[c]!, p.reportKeys);
        if (long)
          out.report("TF-STR06", name, {
            variable: v.name,
            key,
            value: s,
            message: `Value of ${bytes} bytes is longer than the length ${v.length} of ${v.name}`,
          });
        if (nonAscii) out.report("TF-STR07", name, { variable: v.name, key, value: s });
      }
    }
    const ig = igVar(p, v.name);
    if (ig) {
      if (ig.type !== col.kind)
        out.report("TF-STR08", name, {
          variable: v.name,
          value: col.kind,
          message: `${v.name} is ${col.kind}; the IG defines it as ${ig.type}`,
        });
      if (ig.name === v.name && ig.label.trim().toUpperCase() !== (v.label ?? "").trim().toUpperCase())
        out.report("TF-STR14", name, {
          variable: v.name,
          value: v.label,
          message: `Label "${v.label}" differs from the IG label "${ig.label}"`,
        });
    }
  }
  if (!p.ig) return;
  // Required / expected variables (SDTM variable names are exact; ADaM placeholders match any instance).
  const names = ds.meta.variables.map((v) => v.name);
  for (const iv of p.ig.variables) {
    if (iv.name.startsWith("*")) continue;
    const pat = placeholder(iv.name);
    const present = pat ? names.some((n) => pat.test(n)) : ds.has(iv.name);
    if (iv.core === "Req" && !present) out.report("TF-STR09", name, { variable: iv.name });
    else if (iv.core === "Exp" && !present && p.standard === "SDTM")
      out.report("TF-STR11", name, { variable: iv.name });
    if (iv.core === "Req" && present && !pat) {
      const col = ds.column(iv.name);
      const inherited = p.standard === "ADaM" && ds.has("USUBJID") ? nullInDm(dm, iv.name) : undefined;
      const subj = inherited ? ds.char("USUBJID") : undefined;
      for (let i = 0; i < ds.length; i++) {
        const missing = col.kind === "Char" ? col.codes[i] === 0 : Number.isNaN(col.values[i]);
        if (missing && !inherited?.has(subj!.get(i)))
          out.report("TF-STR10", name, { variable: iv.name, key: recordKey(ds, i, p.reportKeys) });
      }
    }
  }
  // Variable order (SDTM): the IG variables present must appear in IG order.
  if (p.standard === "SDTM") {
    const order = new Map(p.ig.variables.map((v, i) => [v.name, i]));
    let last = -1;
    let lastName = "";
    for (const n of names) {
      const o = order.get(n);
      if (o === undefined) continue;
      if (o < last) {
        out.report("TF-STR12", name, {
          variable: n,
          message: `${n} comes after ${lastName}; the IG puts it before`,
        });
        break;
      }
      last = o;
      lastName = n;
    }
    // DOMAIN = the domain code (the dataset name, or its first two letters for a split dataset); SUPP-- RDOMAIN = the parent.
    const domVar = p.isSupp ? "RDOMAIN" : ds.has("DOMAIN") && name !== "RELREC" ? "DOMAIN" : undefined;
    if (domVar && ds.has(domVar)) {
      const col = ds.column(domVar);
      if (col.kind === "Char") {
        const ok = p.isSupp ? new Set([name.slice(4)]) : new Set([name, name.slice(0, 2)]);
        const used = usedCodes(col);
        const first = firstRowOfCode(col);
        for (let c = 0; c < col.dict.length; c++)
          if (used[c] && !ok.has(col.dict[c]!))
            out.report("TF-STR13", name, {
              variable: domVar,
              value: col.dict[c]!,
              key: recordKey(ds, first[c]!, p.reportKeys),
            });
      }
    }
  }
}
