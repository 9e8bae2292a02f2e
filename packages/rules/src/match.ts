/**
 * `Match Datasets`: joins the dataset under check with the datasets a rule names (Match_datasets.md):
 * a plain join on keys, the pivot of SUPP-- qualifiers onto their parent records, and the child → parent
 * merge of SUPP--/CO/RELREC records with the parent record their RDOMAIN/IDVAR/IDVARVAL point to.
 */
import { ArrayCol, asText, type Col, datasetCol, Frame, isNull, type Value } from "./frame.ts";
import type { MatchKey, MatchSpec } from "./rule.ts";
import type { DatasetInfo, Study } from "./study.ts";

export class NotJoinable extends Error {}

const NUL = "\u0000";
const keyText = (v: Value) => (isNull(v) ? "" : asText(v));
const left = (k: MatchKey) => (typeof k === "string" ? k : k.Left);
const right = (k: MatchKey) => (typeof k === "string" ? k : k.Right);

function datasetCols(d: DatasetInfo): Map<string, Col> {
  const m = new Map<string, Col>();
  for (const v of d.data.meta.variables) m.set(v.name, datasetCol(d.data, v.name));
  return m;
}

/** Joins `frame` (rows of `ds`) with one matched dataset. */
function joinPlain(
  frame: Frame,
  ds: DatasetInfo,
  other: DatasetInfo,
  spec: MatchSpec,
  referenced: Set<string>,
): Frame {
  const lk = spec.keys.map((k) => left(k).replace(/^--/, ds.wildcard));
  const rk = spec.keys.map((k) => right(k).replace(/^--/, other.wildcard));
  const rcols = datasetCols(other);
  for (const k of lk) frame.col(k);
  for (const k of rk) if (!rcols.has(k)) return frame;
  const index = new Map<string, number[]>();
  const rkc = rk.map((k) => rcols.get(k)!);
  for (let j = 0; j < other.data.length; j++) {
    const key = rkc.map((c) => keyText(c.get(j))).join(NUL);
    (index.get(key) ?? index.set(key, []).get(key)!).push(j);
  }
  const lkc = lk.map((k) => frame.col(k));
  const li: number[] = [];
  const ri: number[] = [];
  for (let i = 0; i < frame.length; i++) {
    const key = lkc.map((c) => keyText(c.get(i))).join(NUL);
    const hits = index.get(key);
    if (hits) {
      for (const j of hits) {
        li.push(i);
        ri.push(j);
      }
    } else if (spec.joinType === "left") {
      li.push(i);
      ri.push(-1);
    }
  }
  const base = frame.take(li);
  const cols = new Map(base.cols);
  const prefix = other.domain ?? other.name;
  for (const [name, c] of rcols) {
    const sameKey = lk.includes(name) && rk[lk.indexOf(name)] === name;
    if (sameKey) continue;
    const out = referenced.has(`${spec.name}.${name}`)
      ? `${spec.name}.${name}`
      : cols.has(name)
        ? `${name}.${prefix}`
        : name;
    cols.set(out, { get: (i) => (ri[i]! < 0 ? null : c.get(ri[i]!)) });
  }
  return new Frame(base.length, cols, base.record);
}

/** SUPP-- qualifiers as columns of their parent records (QNAM → QVAL), a left join. */
function pivotSupp(frame: Frame, supp: DatasetInfo): Frame {
  const s = datasetCols(supp);
  const get = (n: string, j: number) => s.get(n)?.get(j) ?? null;
  const statics = ["STUDYID", "USUBJID", "APID", "POOLID", "SPDEVID"].filter((k) => frame.has(k) && s.has(k));
  const qnams = new Map<string, Value[]>();
  const index = new Map<string, Map<string, Value>>();
  for (let j = 0; j < supp.data.length; j++) {
    const idvar = keyText(get("IDVAR", j));
    const key = [
      ...statics.map((k) => keyText(get(k, j))),
      idvar,
      idvar ? keyText(get("IDVARVAL", j)) : "",
    ].join(NUL);
    const q = keyText(get("QNAM", j));
    if (!qnams.has(q)) qnams.set(q, new Array(frame.length).fill(null));
    (index.get(key) ?? index.set(key, new Map()).get(key)!).set(q, get("QVAL", j));
  }
  const idvars = [...new Set([...index.keys()].map((k) => k.split(NUL)[statics.length]!))];
  for (let i = 0; i < frame.length; i++) {
    for (const idvar of idvars) {
      const idval = idvar && frame.has(idvar) ? keyText(frame.col(idvar).get(i)) : "";
      const key = [...statics.map((k) => keyText(frame.col(k).get(i))), idvar, idval].join(NUL);
      const hit = index.get(key);
      if (hit) for (const [q, v] of hit) qnams.get(q)![i] = v;
    }
  }
  const cols = new Map(frame.cols);
  for (const [q, vals] of qnams) if (q !== "" && !cols.has(q)) cols.set(q, new ArrayCol(vals));
  return new Frame(frame.length, cols, frame.record);
}

/**
 * Child → parent: each record of a SUPP--/CO/RELREC dataset is merged with the parent record it points
 * to (by RDOMAIN, the standard keys, and IDVAR = IDVARVAL; any parent record when IDVAR is blank).
 */
function childMerge(frame: Frame, ds: DatasetInfo, study: Study, spec: MatchSpec): Frame {
  const rdom = frame.has("RDOMAIN") ? frame.col("RDOMAIN") : undefined;
  const std = spec.keys.filter((k) => left(k) !== "IDVAR" && left(k) !== "IDVARVAL");
  const rows: Map<string, Value>[] = [];
  const names = new Set(frame.names);
  // parent records indexed by the standard keys, per parent domain
  const indexes = new Map<
    string,
    { parent: DatasetInfo; cols: Map<string, Col>; byKey: Map<string, number[]> }
  >();
  const parentIndex = (pd: string) => {
    if (!indexes.has(pd)) {
      const parent = study.find(pd).find((p) => !p.isSupp);
      if (!parent) return undefined;
      const cols = datasetCols(parent);
      const keyCols = std.map((k) => cols.get(right(k).replace(/^--/, parent.wildcard)));
      const byKey = new Map<string, number[]>();
      for (let j = 0; j < parent.data.length; j++) {
        const key = keyCols.map((c) => (c ? keyText(c.get(j)) : "")).join(NUL);
        (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(j);
      }
      indexes.set(pd, { parent, cols, byKey });
    }
    return indexes.get(pd);
  };
  const wanted =
    spec.name === "SUPP--" ||
    spec.name === ds.name ||
    spec.name === ds.domain ||
    spec.name === "RELREC" ||
    spec.name === "CO";
  for (let i = 0; i < frame.length; i++) {
    const row = new Map<string, Value>();
    for (const n of frame.names) row.set(n, frame.col(n).get(i));
    const pd = ds.isSupp ? ds.rdomain : rdom ? keyText(rdom.get(i)) : null;
    const idx = pd && wanted ? parentIndex(pd) : undefined;
    if (idx) {
      for (const n of idx.cols.keys()) names.add(n);
      const key = std.map((k) => keyText(row.get(left(k).replace(/^--/, ds.wildcard)) ?? null)).join(NUL);
      const candidates = idx.byKey.get(key) ?? [];
      const idvar = keyText(row.get("IDVAR") ?? null);
      const idval = keyText(row.get("IDVARVAL") ?? null);
      let match = -1;
      if (idvar && idval) {
        const pc = idx.cols.get(idvar);
        if (pc) match = candidates.find((j) => keyText(pc.get(j)).trim() === idval.trim()) ?? -1;
      } else match = candidates[0] ?? -1;
      if (match >= 0) for (const [n, c] of idx.cols) row.set(n, c.get(match));
    }
    rows.push(row);
  }
  const cols = new Map<string, Col>();
  for (const n of names) cols.set(n, new ArrayCol(rows.map((r) => r.get(n) ?? null)));
  return new Frame(frame.length, cols, frame.record);
}

/** The frame after every `Match Datasets` entry; `referenced` are the rule's `DOMAIN.VAR` names. */
export function matchDatasets(
  frame: Frame,
  ds: DatasetInfo,
  study: Study,
  specs: readonly MatchSpec[],
  referenced: Set<string>,
): Frame {
  let f = frame;
  for (const spec of specs) {
    if (spec.child) {
      f = childMerge(f, ds, study, spec);
      continue;
    }
    if (spec.name === "RELREC") throw new NotJoinable("RELREC-based joins are not implemented");
    if (spec.name === ds.unsplitName || spec.name === ds.name) continue;
    if (spec.name.startsWith("SUPP") || spec.name.startsWith("SQ")) {
      const supps = study.datasets.filter((d) =>
        spec.name === "SUPP--"
          ? d.isSupp && !ds.isSupp && d.rdomain === (ds.domain ?? ds.name)
          : d.name === spec.name,
      );
      for (const s of supps) f = pivotSupp(f, s);
      continue;
    }
    const others = study.find(spec.name);
    for (const o of others) f = joinPlain(f, ds, o, spec, referenced);
  }
  return f;
}
