/**
 * Value-level metadata from the data: for a vertical dataset (SDTM --TESTCD, ADaM PARAMCD, SUPP-- QNAM), one
 * where clause per topic value, split further by specimen where a topic value occurs in several, and for
 * each result variable one value-level item per where clause that has a value there, typed and sized from
 * those rows.
 */
import type { Dataset, DatasetMeta } from "@trialforge/core";
import type { ItemDef, ItemRefDef, OriginDef, ValueListDef, WhereClauseDef } from "../model.ts";
import { cmp, oidPart } from "./oid.ts";
import { pairedDecodes, type SliceStats, sliceStats } from "./scan.ts";

/** Topic variable of a vertical dataset and the result variables refined per topic value. */
export interface VlmPlan {
  topic: string;
  /** Splits a topic value further when it occurs with several values of this variable (e.g. LBSPEC). */
  split?: string;
  /** Variable whose value decodes the topic (e.g. LBTEST, PARAM, QLABEL). */
  decode?: string;
  results: string[];
}

/** Value-level plan from the variable names (SDTM --TESTCD/--SPEC/--ORRES..., ADaM PARAMCD/AVAL, SUPP-- QNAM/QVAL). */
export function planValueLevel(meta: DatasetMeta): VlmPlan | undefined {
  const names = new Set(meta.variables.map((v) => v.name));
  const has = (n: string) => names.has(n);
  const keep = (list: string[]) => list.filter(has);
  if (has("QNAM") && has("QVAL"))
    return { topic: "QNAM", decode: has("QLABEL") ? "QLABEL" : undefined, results: ["QVAL"] };
  if (has("PARAMCD")) {
    const results = keep(["AVAL", "AVALC"]);
    return results.length
      ? { topic: "PARAMCD", decode: has("PARAM") ? "PARAM" : undefined, results }
      : undefined;
  }
  const testcd = meta.variables.find((v) => /^[A-Z]{2}TESTCD$/.test(v.name));
  if (!testcd) return undefined;
  const p = testcd.name.slice(0, 2);
  const results = keep([`${p}ORRES`, `${p}STRESC`, `${p}STRESN`]);
  if (results.length === 0) return undefined;
  return {
    topic: testcd.name,
    split: has(`${p}SPEC`) ? `${p}SPEC` : undefined,
    decode: has(`${p}TEST`) ? `${p}TEST` : undefined,
    results,
  };
}

/** SUPPQUAL QORIG text → origin type. */
function originFromQorig(q: string): OriginDef | undefined {
  const t = q.trim().toUpperCase();
  if (t === "CRF" || t === "COLLECTED") return { type: "Collected", source: "Investigator" };
  if (t === "EDT") return { type: "Collected", source: "Vendor" };
  if (t === "DERIVED") return { type: "Derived", source: "Sponsor" };
  if (t === "ASSIGNED") return { type: "Assigned", source: "Sponsor" };
  if (t === "PROTOCOL") return { type: "Protocol", source: "Sponsor" };
  if (t === "PREDECESSOR") return { type: "Predecessor" };
  return undefined;
}

export interface ValueLevel {
  valueLists: ValueListDef[];
  whereClauses: WhereClauseDef[];
  items: ItemDef[];
}

/**
 * Value lists, where clauses and value-level items of one dataset. `parents` are the dataset's ItemDefs and
 * `parentRefs` its ItemRefs (a value-level item inherits label, origin, display format and method); a result
 * variable without any value-level item loses its def:ValueListRef.
 */
export function deriveValueLevel(
  ds: Dataset,
  plan: VlmPlan,
  parents: ItemDef[],
  parentRefs: ItemRefDef[],
  issues: string[],
): ValueLevel {
  const dsName = ds.meta.name;
  const igOidDs = `IG.${dsName}`;
  const names = new Set(ds.meta.variables.map((v) => v.name));
  const valueLists: ValueListDef[] = [];
  const vlmItems: ItemDef[] = [];
  const topic = ds.char(plan.topic);
  const split = plan.split ? ds.char(plan.split) : undefined;
  const decodes =
    plan.decode && ds.column(plan.decode).kind === "Char"
      ? pairedDecodes(topic, ds.char(plan.decode))
      : new Map<string, string>();
  // Distinct split codes per topic code.
  const splitsOf = new Map<number, Set<number>>();
  for (let i = 0; i < ds.length; i++) {
    const t = topic.codes[i]!;
    if (t === 0) continue;
    let s = splitsOf.get(t);
    if (!s) {
      s = new Set();
      splitsOf.set(t, s);
    }
    if (split) s.add(split.codes[i]!);
  }
  const sliceKeys: { t: number; s: number }[] = [];
  // Slice of a topic code when it is not split (-1: split by the split variable, see sliceByPair).
  const wholeSlice = new Int32Array(topic.dict.length).fill(-1);
  const splitWidth = split ? split.dict.length : 1;
  const sliceByPair = new Map<number, number>();
  const topicOrder = [...splitsOf.keys()].sort((a, b) => cmp(topic.dict[a]!, topic.dict[b]!));
  for (const t of topicOrder) {
    const specs = [...splitsOf.get(t)!].filter((c) => c !== 0);
    if (split && specs.length > 1) {
      if (splitsOf.get(t)!.has(0)) {
        issues.push(
          `${dsName}: ${plan.topic}=${topic.dict[t]} has records with and without ${plan.split}; those without are not in the value-level metadata`,
        );
      }
      specs.sort((a, b) => cmp(split.dict[a]!, split.dict[b]!));
      for (const s of specs) {
        sliceByPair.set(t * splitWidth + s, sliceKeys.length);
        sliceKeys.push({ t, s });
      }
    } else {
      wholeSlice[t] = sliceKeys.length;
      sliceKeys.push({ t, s: -1 });
    }
  }
  const sliceOf = new Int32Array(ds.length);
  for (let i = 0; i < ds.length; i++) {
    const t = topic.codes[i]!;
    if (t === 0) {
      sliceOf[i] = -1;
      continue;
    }
    const whole = wholeSlice[t]!;
    sliceOf[i] = whole >= 0 ? whole : (sliceByPair.get(t * splitWidth + split!.codes[i]!) ?? -1);
  }
  // Where clauses, shared by the result variables.
  const wcOids: string[] = [];
  const wcDefs: WhereClauseDef[] = [];
  const usedWc = new Set<string>();
  for (const { t, s } of sliceKeys) {
    let base = `WC.${dsName}.${oidPart(topic.dict[t]!)}${s >= 0 ? `.${oidPart(split!.dict[s]!)}` : ""}`;
    for (let n = 2; usedWc.has(base); n++) base = `${base}.${n}`;
    usedWc.add(base);
    wcOids.push(base);
    const checks: WhereClauseDef["checks"] = [
      { itemOid: `IT.${dsName}.${plan.topic}`, comparator: "EQ", values: [topic.dict[t]!] },
    ];
    if (s >= 0)
      checks.push({ itemOid: `IT.${dsName}.${plan.split}`, comparator: "EQ", values: [split!.dict[s]!] });
    wcDefs.push({ oid: base, checks });
  }
  const usedSlices = new Set<number>();
  const qorig =
    plan.topic === "QNAM" && names.has("QORIG") ? pairedDecodes(topic, ds.char("QORIG")) : undefined;
  for (const r of plan.results) {
    const parent = parents.find((it) => it.name === r)!;
    const parentRef = parentRefs.find((x) => x.itemOid === parent.oid)!;
    const stats: SliceStats[] = sliceStats(ds.column(r), sliceOf, sliceKeys.length);
    const refs: ItemRefDef[] = [];
    sliceKeys.forEach(({ t, s }, k) => {
      const st = stats[k]!;
      if (st.filled === 0) return;
      const wc = wcOids[k]!;
      usedSlices.add(k);
      const oid = `IT.${dsName}.${r}.${wc.slice(`WC.${dsName}.`.length)}`;
      const topicValue = topic.dict[t]!;
      const label = `${parent.label} for ${decodes.get(topicValue) ?? topicValue}${s >= 0 ? ` in ${split!.dict[s]!}` : ""}`;
      const item: ItemDef = {
        oid,
        name: r,
        dataType: "text",
        label,
        itemGroupOid: igOidDs,
        parentOid: parent.oid,
      };
      if (st.text) {
        const tx = st.text;
        item.dataType = tx.numeric ? (tx.num.integer ? "integer" : "float") : "text";
        item.length = Math.max(1, tx.maxLength);
        if (item.dataType === "float" && tx.num.decimals > 0) item.significantDigits = tx.num.decimals;
      } else if (st.num) {
        item.dataType = st.num.integer ? "integer" : "float";
        item.length = Math.max(1, st.num.digits);
        if (!st.num.integer && st.num.decimals > 0) item.significantDigits = st.num.decimals;
      }
      if (parent.displayFormat) item.displayFormat = parent.displayFormat;
      const o = qorig?.get(topicValue);
      const origin = (o !== undefined ? originFromQorig(o) : undefined) ?? parent.origin;
      if (origin) item.origin = origin;
      vlmItems.push(item);
      const ref: ItemRefDef = {
        itemOid: oid,
        orderNumber: refs.length + 1,
        mandatory: st.filled === st.rows ? "Yes" : "No",
        whereClauseOid: wc,
      };
      if (parentRef.methodOid) ref.methodOid = parentRef.methodOid;
      refs.push(ref);
    });
    if (refs.length > 0) valueLists.push({ oid: `VL.${dsName}.${r}`, parentOid: parent.oid, itemRefs: refs });
    else delete parent.valueListOid;
  }
  // Only the where clauses some value-level item refers to.
  const whereClauses = wcDefs.filter((_, k) => usedSlices.has(k));
  return { valueLists, whereClauses, items: vlmItems };
}
