/**
 * Keys and cross-domain: unique natural keys and --SEQ, subjects in DM, visits in SV/TV, VISITNUM-VISIT,
 * EPOCH against SE, SUPP-- parents, RELREC links, DM arms in TA.
 */
import { type Dataset, dtcEpochDay } from "@trialforge/core";
import type { Collector } from "../internal/collector.ts";
import { cellText, duplicateRows, numAsChar, recordKey } from "../internal/columns.ts";
import type { Prepared } from "../internal/prepare.ts";
import { forUsed, oneToOne } from "./terminology.ts";

export { duplicateRows };

export function checkKeys(p: Prepared, out: Collector): void {
  const { ds, name } = p;
  if (p.keys.length > 0)
    for (const i of duplicateRows(ds, p.keys))
      out.report("TF-KEY01", name, {
        key: recordKey(ds, i, p.keys),
        message: `Another record has the same natural key (${p.keys.join(", ")})`,
      });
  const seq = p.standard === "SDTM" ? `${p.prefix}SEQ` : "ASEQ";
  if (ds.has("USUBJID") && ds.has(seq))
    for (const i of duplicateRows(ds, ["USUBJID", seq]))
      out.report("TF-KEY02", name, {
        variable: seq,
        key: recordKey(ds, i, ["USUBJID", seq]),
        value: cellText(ds.column(seq), i),
      });
}

export interface CrossContext {
  sdtm: Map<string, Prepared>;
  dmSubjects?: Set<string>;
}

const NULL_ARMS = new Set(["", "SCRNFAIL", "NOTASSGN", "NOTTRT", "UNPLAN"]);

export function checkCrossDomain(p: Prepared, x: CrossContext, out: Collector): void {
  const { ds, name } = p;
  const dmName = "DM";
  // Every subject in DM.
  if (x.dmSubjects && name !== dmName && ds.has("USUBJID")) {
    forUsed(ds.char("USUBJID"), (s, row) => {
      if (s !== "" && !x.dmSubjects!.has(s))
        out.report("TF-KEY03", name, {
          variable: "USUBJID",
          value: s,
          key: recordKey(ds, row, p.reportKeys),
        });
    });
  }
  // Visits: subject visits in SV, planned visit numbers in TV, VISITNUM-VISIT one-to-one.
  if (ds.has("VISITNUM") && ds.column("VISITNUM").kind === "Num") {
    const sv = x.sdtm.get("SV")?.ds;
    if (
      sv &&
      name !== "SV" &&
      name !== "TV" &&
      ds.has("USUBJID") &&
      sv.has("USUBJID") &&
      sv.has("VISITNUM")
    ) {
      // Visit numbers in SV per subject, indexed by this dataset's USUBJID dictionary code.
      const u = ds.char("USUBJID");
      const have: (Set<number> | undefined)[] = new Array(u.dict.length);
      const su = sv.char("USUBJID");
      const sn = sv.num("VISITNUM").values;
      for (let i = 0; i < sv.length; i++) {
        const c = u.lookup(su.get(i));
        if (c === undefined) continue;
        have[c] ??= new Set();
        have[c].add(sn[i]!);
      }
      const vn = ds.num("VISITNUM").values;
      const told = new Set<string>();
      for (let i = 0; i < ds.length; i++) {
        const v = vn[i]!;
        if (Number.isNaN(v) || have[u.codes[i]!]?.has(v)) continue;
        const k = `${u.get(i)}\u0000${v}`;
        if (!told.has(k)) {
          told.add(k);
          out.report("TF-KEY04", name, {
            variable: "VISITNUM",
            value: String(v),
            key: recordKey(ds, i, p.reportKeys),
          });
        }
      }
    }
    const tv = x.sdtm.get("TV")?.ds;
    if (tv && name !== "TV" && tv.has("VISITNUM")) {
      const planned = new Set(Array.from(tv.num("VISITNUM").values));
      const vn = ds.num("VISITNUM").values;
      const told = new Set<number>();
      for (let i = 0; i < ds.length; i++) {
        const v = vn[i]!;
        if (!Number.isNaN(v) && Number.isInteger(v) && !planned.has(v) && !told.has(v)) {
          told.add(v);
          out.report("TF-KEY05", name, {
            variable: "VISITNUM",
            value: String(v),
            key: recordKey(ds, i, p.reportKeys),
          });
        }
      }
    }
    if (ds.has("VISIT") && ds.column("VISIT").kind === "Char") {
      const vnChar = numAsChar(ds.num("VISITNUM"));
      for (const bad of oneToOne(vnChar, ds.char("VISIT")))
        out.report(bad.variable === 0 ? "TF-KEY06" : "TF-KEY11", name, {
          variable: bad.variable === 0 ? "VISITNUM" : "VISIT",
          value: bad.value,
          message: bad.message("VISITNUM", "VISIT"),
        });
    }
  }
  // EPOCH against the subject's SE elements on the record's date.
  const se = x.sdtm.get("SE")?.ds;
  const dateVar = [`${p.prefix}DTC`, `${p.prefix}STDTC`].find((v) => ds.has(v));
  if (
    se &&
    name !== "SE" &&
    name !== "DM" &&
    ds.has("EPOCH") &&
    ds.has("USUBJID") &&
    dateVar &&
    se.has("EPOCH") &&
    se.has("SESTDTC")
  ) {
    const spans = seSpans(se);
    const u = ds.char("USUBJID");
    const bySubject = u.dict.map((subject) => spans.get(subject));
    const ep = ds.char("EPOCH");
    const dc = ds.char(dateVar);
    const days = dc.dict.map((d) => dtcEpochDay(d.slice(0, 10)) ?? Number.NaN);
    for (let i = 0; i < ds.length; i++) {
      const e = ep.codes[i]!;
      const d = days[dc.codes[i]!]!;
      if (e === 0 || Number.isNaN(d)) continue;
      const list = bySubject[u.codes[i]!];
      if (!list) continue;
      const epoch = ep.dict[e]!;
      let covered = false;
      let match = false;
      for (const s of list) {
        if (s.start <= d && d <= s.end) {
          covered = true;
          if (s.epoch === epoch) {
            match = true;
            break;
          }
        }
      }
      if (!covered || match) continue;
      const covering = list.filter((s) => s.start <= d && d <= s.end);
      out.report("TF-KEY07", name, {
        variable: "EPOCH",
        value: epoch,
        key: recordKey(ds, i, p.reportKeys),
        message: `EPOCH "${epoch}" but on ${dc.get(i)} the subject is in ${[...new Set(covering.map((s) => s.epoch))].join("/")} (SE)`,
      });
    }
  }
  // SUPP-- and RELREC records resolve to parent records.
  if (p.isSupp || name === "RELREC") checkLinks(p, x, out);
  // DM arms are TA arms (or a null-arm code).
  const ta = x.sdtm.get("TA")?.ds;
  if (name === dmName && ta && ta.has("ARMCD")) {
    const arms = new Set(ta.char("ARMCD").dict);
    for (const v of ["ARMCD", "ACTARMCD"]) {
      if (!ds.has(v)) continue;
      forUsed(ds.char(v), (val, row) => {
        if (!arms.has(val) && !NULL_ARMS.has(val))
          out.report("TF-KEY10", name, { variable: v, value: val, key: recordKey(ds, row, p.reportKeys) });
      });
    }
  }
}

interface Span {
  start: number;
  end: number;
  epoch: string;
}

function seSpans(se: Dataset): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  const u = se.char("USUBJID");
  const st = se.char("SESTDTC");
  const en = se.has("SEENDTC") ? se.char("SEENDTC") : undefined;
  const ep = se.char("EPOCH");
  for (let i = 0; i < se.length; i++) {
    const start = dtcEpochDay(st.get(i).slice(0, 10));
    if (start === undefined) continue;
    const end = en
      ? (dtcEpochDay(en.get(i).slice(0, 10)) ?? Number.POSITIVE_INFINITY)
      : Number.POSITIVE_INFINITY;
    const list = out.get(u.get(i)) ?? [];
    list.push({ start, end, epoch: ep.get(i) });
    out.set(u.get(i), list);
  }
  return out;
}

/** Normalized text of a key value: numbers compare by value ("3" = "3.0"). */
function norm(s: string): string {
  const t = s.trim();
  if (t !== "" && /^[+-]?\d*\.?\d+(e[+-]?\d+)?$/i.test(t)) return String(Number(t));
  return t;
}

function checkLinks(p: Prepared, x: CrossContext, out: Collector): void {
  const { ds, name } = p;
  const rule = p.isSupp ? "TF-KEY08" : "TF-KEY09";
  for (const v of ["RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL"]) if (!ds.has(v)) return;
  const rd = ds.char("RDOMAIN");
  const us = ds.char("USUBJID");
  const iv = ds.char("IDVAR");
  const ivv = ds.char("IDVARVAL");
  // Parent record sets per (RDOMAIN, IDVAR), built on first use.
  const sets = new Map<string, { withSubject: Set<string>; values: Set<string> } | null>();
  const parentSet = (dom: string, idvar: string) => {
    const k = `${dom}.${idvar}`;
    if (sets.has(k)) return sets.get(k)!;
    const parent = x.sdtm.get(dom)?.ds;
    let r: { withSubject: Set<string>; values: Set<string> } | null = null;
    if (parent && (idvar === "" || parent.has(idvar))) {
      r = { withSubject: new Set(), values: new Set() };
      const pu = parent.has("USUBJID") ? parent.char("USUBJID") : undefined;
      const col = idvar === "" ? undefined : parent.column(idvar);
      for (let i = 0; i < parent.length; i++) {
        const val = col ? norm(cellText(col, i)) : "";
        r.withSubject.add(`${pu?.get(i) ?? ""}\u0000${val}`);
        r.values.add(val);
      }
    }
    sets.set(k, r);
    return r;
  };
  const told = new Set<string>();
  for (let i = 0; i < ds.length; i++) {
    const dom = rd.get(i);
    const idvar = iv.get(i);
    const subj = us.get(i);
    const val = norm(ivv.get(i));
    const k = `${dom}\u0000${subj}\u0000${idvar}\u0000${val}`;
    if (told.has(k)) continue;
    const set = parentSet(dom, idvar);
    let ok: boolean;
    let why: string;
    if (!set) {
      ok = false;
      why = x.sdtm.has(dom) ? `${dom} has no variable ${idvar}` : `parent dataset ${dom} is missing`;
    } else {
      ok =
        subj === ""
          ? val === "" || set.values.has(val)
          : set.withSubject.has(`${subj}\u0000${idvar === "" ? "" : val}`);
      why = `no ${dom} record with USUBJID=${subj}${idvar ? ` ${idvar}=${val}` : ""}`;
    }
    if (!ok) {
      told.add(k);
      out.report(rule, name, {
        variable: "IDVARVAL",
        value: ivv.get(i),
        key: recordKey(ds, i, p.reportKeys),
        message: `${name} record points at ${why}`,
      });
    }
  }
}
