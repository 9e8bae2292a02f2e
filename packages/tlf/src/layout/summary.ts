/**
 * Summary tables (disposition, demographics, exposure, AE overview, SOC/PT, grades, DLT, ADA, response,
 * KM summaries): a list of items, each adding rows, over treatment columns of the shell's population.
 */
import type { Dataset } from "@trialforge/core";
import type { TlfItem, TlfLayout } from "@trialforge/spec";
import {
  type ArdRow,
  computeClopperPearson,
  computeDescriptive,
  computeKm,
  computeKmAtTimes,
  computeKmQuantiles,
  computePercent,
  countSubjects,
  formatCountPercent,
  formatNumber,
} from "@trialforge/stats";
import type { Cell, Row, Stat, TableOutput } from "../model.ts";
import {
  type ColumnSet,
  cell,
  getDataset,
  type LayoutContext,
  type Population,
  population,
  requireVar,
  selectRecords,
  treatmentColumns,
  valueText,
} from "./common.ts";
import { outputShell } from "./shell.ts";

type SummaryLayout = Extract<TlfLayout, { kind: "summary" }>;
const SEP = "\u0002";

interface ItemCtx {
  ctx: LayoutContext;
  pop: Population;
  cs: ColumnSet;
}

/** Group label of each record for countSubjects (the treatment of its subject). */
function groupsOf(ds: Dataset, idx: number[], pop: Population): { subjects: string[]; groups: string[] } {
  const u = ds.char("USUBJID");
  const subjects = idx.map((i) => u.get(i));
  return { subjects, groups: subjects.map((s) => pop.trtOf.get(s)!) };
}

/** n (%) lookup from countSubjects ARD rows. */
function countLookup(
  ard: ArdRow[],
): (level: string, col: string) => { n: number; N: number; p: number | null } {
  const m = new Map<string, { n: number; N: number; p: number | null }>();
  for (const r of ard) {
    const k = `${r.groupLevel}${SEP}${r.variableLevel}`;
    const e = m.get(k) ?? { n: 0, N: 0, p: null };
    if (r.statName === "n") e.n = r.stat ?? 0;
    else if (r.statName === "N") e.N = r.stat ?? 0;
    else if (r.statName === "p") e.p = r.stat;
    m.set(k, e);
  }
  return (level, col) => m.get(`${col}${SEP}${level}`) ?? { n: 0, N: 0, p: null };
}

function count(
  ic: ItemCtx,
  subjects: string[],
  groups: string[],
  levels: string[],
  variable: string,
  order?: string[],
) {
  const ard = countSubjects({
    subjects,
    levels,
    groups,
    groupVariable: "TRT",
    variable,
    denominators: ic.cs.denominators,
    overallLabel: ic.cs.totalLabel,
    levelOrder: order,
  });
  return countLookup(ard);
}

function npRow(
  ic: ItemCtx,
  key: string,
  label: string,
  indent: number,
  get: (col: string) => { n: number; N: number },
): Row {
  const cells: Cell[] = ic.cs.labels.map((g, j) => {
    const { n, N } = get(g);
    const stats: Stat[] = [{ name: "n", value: n }];
    if (n > 0 && N > 0) stats.push({ name: "pct", value: computePercent(n, N) });
    return cell(formatCountPercent(n, N), stats, key, ic.cs.columns[j]!.key);
  });
  return { key, label, indent, cells };
}

function blankRow(ic: ItemCtx, key: string, label: string, indent: number, strong = false): Row {
  return {
    key,
    label,
    indent,
    strong,
    keepWithNext: true,
    cells: ic.cs.columns.map((c) => cell("", [], key, c.key)),
  };
}

function itemDataset(ic: ItemCtx, item: { dataset?: string }): Dataset {
  return getDataset(ic.ctx, item.dataset ?? ic.ctx.shell.dataset);
}

/** Records of the item's dataset; one per subject for ADSL-like (first matching record). */
function records(
  ic: ItemCtx,
  item: { dataset?: string; where?: Record<string, unknown> },
): { ds: Dataset; idx: number[] } {
  const ds = itemDataset(ic, item);
  return { ds, idx: selectRecords(ic.ctx, ds, ic.pop, item.where as never) };
}

function firstPerSubject(ds: Dataset, idx: number[]): number[] {
  const u = ds.char("USUBJID");
  const seen = new Set<string>();
  return idx.filter((i) => {
    const s = u.get(i);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

/**
 * Values of `var` per column label (treatment columns plus total), and the largest number of records one
 * subject contributed to each column.
 */
function valuesByColumn(
  ic: ItemCtx,
  ds: Dataset,
  idx: number[],
  v: string,
): { vals: Map<string, number[]>; maxPerSubject: number[] } {
  const col = ds.num(v);
  const u = ds.char("USUBJID");
  const out = new Map<string, number[]>(ic.cs.labels.map((l) => [l, []]));
  const used = new Map<string, Map<string, number>>(ic.cs.labels.map((l) => [l, new Map()]));
  for (const i of idx) {
    const x = col.get(i);
    if (x === null) continue;
    const s = u.get(i);
    const trt = ic.pop.trtOf.get(s)!;
    for (const l of ic.cs.totalLabel !== undefined ? [trt, ic.cs.totalLabel] : [trt]) {
      out.get(l)?.push(x);
      const m = used.get(l);
      m?.set(s, (m.get(s) ?? 0) + 1);
    }
  }
  return {
    vals: out,
    maxPerSubject: ic.cs.labels.map((l) => Math.max(0, ...used.get(l)!.values())),
  };
}

const byFreqThenAlpha = (total: (l: string) => number) => (a: string, b: string) =>
  total(b) - total(a) || (a < b ? -1 : a > b ? 1 : 0);

function itemRows(ic: ItemCtx, item: TlfItem, k: number): Row[] {
  const base = `item${k}`;
  switch (item.type) {
    case "heading":
      return [blankRow(ic, `${base}`, item.label, item.indent, true)];
    case "count": {
      const { ds, idx } = records(ic, item);
      const { subjects, groups } = groupsOf(ds, idx, ic.pop);
      const get = count(
        ic,
        subjects,
        groups,
        subjects.map(() => "Y"),
        item.label,
        ["Y"],
      );
      return [npRow(ic, `${base}:${item.label}`, item.label, item.indent, (g) => get("Y", g))];
    }
    case "categorical": {
      const r = records(ic, item);
      requireVar(ic.ctx, r.ds, item.var);
      const idx = firstPerSubject(r.ds, r.idx);
      const { subjects, groups } = groupsOf(r.ds, idx, ic.pop);
      const col = r.ds.column(item.var);
      const byValue = new Map((item.values ?? []).map((v) => [String(v.value), v.label]));
      const levels = idx.map((i) => {
        const t = valueText(col.get(i));
        return t === "" ? item.missingLabel : (byValue.get(t) ?? t);
      });
      let order = item.values
        ? item.values.map((v) => v.label)
        : [...new Set(levels)].filter((l) => l !== item.missingLabel).sort();
      if (levels.includes(item.missingLabel)) order = [...order, item.missingLabel];
      const get = count(ic, subjects, groups, levels, item.var, order);
      return [
        blankRow(ic, `${base}:${item.label}`, item.label, item.indent),
        ...order.map((l) => npRow(ic, `${base}:${item.var}=${l}`, l, item.indent + 1, (g) => get(l, g))),
      ];
    }
    case "continuous": {
      const r = records(ic, item);
      requireVar(ic.ctx, r.ds, item.var);
      const idx = r.ds.name === "ADSL" ? firstPerSubject(r.ds, r.idx) : r.idx;
      const { vals, maxPerSubject } = valuesByColumn(ic, r.ds, idx, item.var);
      const recordsUsed = { declared: item.recordsPerSubject, maxPerSubject };
      const d = new Map([...vals].map(([g, v]) => [g, computeDescriptive(v)]));
      const dec = item.decimals;
      const rows: Row[] = [blankRow(ic, `${base}:${item.label}`, item.label, item.indent)];
      const mk = (
        stat: string,
        label: string,
        f: (x: ReturnType<typeof computeDescriptive>) => [string, { name: string; value: number | null }[]],
      ) => {
        const key = `${base}:${item.var}:${stat}`;
        rows.push({
          key,
          label,
          indent: item.indent + 1,
          records: recordsUsed,
          cells: ic.cs.labels.map((g, j) => {
            const [text, stats] = f(d.get(g)!);
            return cell(text, stats, key, ic.cs.columns[j]!.key);
          }),
        });
      };
      for (const s of item.stats) {
        if (s === "n") mk("n", "n", (x) => [String(x.n), [{ name: "n", value: x.n }]]);
        if (s === "mean_sd")
          mk("mean_sd", "Mean (SD)", (x) => [
            x.n === 0
              ? ""
              : `${formatNumber(x.mean, dec + 1)} (${x.sd === null ? "-" : formatNumber(x.sd, dec + 2)})`,
            [
              { name: "mean", value: x.mean },
              { name: "sd", value: x.sd },
            ],
          ]);
        if (s === "median")
          mk("median", "Median", (x) => [
            formatNumber(x.median, dec + 1),
            [{ name: "median", value: x.median }],
          ]);
        if (s === "q1_q3")
          mk("q1_q3", "Q1, Q3", (x) => [
            x.n === 0 ? "" : `${formatNumber(x.q1, dec + 1)}, ${formatNumber(x.q3, dec + 1)}`,
            [
              { name: "q1", value: x.q1 },
              { name: "q3", value: x.q3 },
            ],
          ]);
        if (s === "min_max")
          mk("min_max", "Min, Max", (x) => [
            x.n === 0 ? "" : `${formatNumber(x.min, dec)}, ${formatNumber(x.max, dec)}`,
            [
              { name: "min", value: x.min },
              { name: "max", value: x.max },
            ],
          ]);
        if (s === "geomean_cv")
          mk("geomean_cv", "Geo. mean (geo. CV%)", (x) => [
            x.geoMean === null
              ? ""
              : `${formatNumber(x.geoMean, dec + 1)} (${x.geoCv === null ? "-" : formatNumber(x.geoCv, 1)})`,
            [
              { name: "geoMean", value: x.geoMean },
              { name: "geoCv", value: x.geoCv },
            ],
          ]);
      }
      return rows;
    }
    case "maxgrade": {
      const r = records(ic, item);
      requireVar(ic.ctx, r.ds, item.var);
      const col = r.ds.column(item.var);
      const u = r.ds.char("USUBJID");
      const worst = new Map<string, number>();
      for (const i of r.idx) {
        const x = Number(col.get(i));
        if (!Number.isFinite(x) || col.get(i) === "" || col.get(i) === null) continue;
        const s = u.get(i);
        if (!worst.has(s) || x > worst.get(s)!) worst.set(s, x);
      }
      const byValue = new Map(item.values.map((v) => [Number(v.value), v.label]));
      const subjects = [...worst.keys()];
      const groups = subjects.map((s) => ic.pop.trtOf.get(s)!);
      const levels = subjects.map((s) => byValue.get(worst.get(s)!) ?? `Grade ${worst.get(s)}`);
      const order = item.values.map((v) => v.label);
      const get = count(ic, subjects, groups, levels, item.var, order);
      return [
        blankRow(ic, `${base}:${item.label}`, item.label, item.indent),
        ...order.map((l) => npRow(ic, `${base}:${item.var}=${l}`, l, item.indent + 1, (g) => get(l, g))),
      ];
    }
    case "hierarchy":
      return hierarchyRows(ic, item, base);
    case "binomial": {
      const r = records(ic, item);
      const u = r.ds.char("USUBJID");
      const respond = selectRecords(ic.ctx, r.ds, ic.pop, {
        ...(item.where ?? {}),
        ...item.responders,
      } as never);
      const evaluable = new Set(r.idx.map((i) => u.get(i)));
      const responders = new Set(respond.map((i) => u.get(i)));
      const key = `${base}:${item.label}`;
      const ciKey = `${key}:ci`;
      const ciPct = Math.round(item.confLevel * 100);
      const rowN: Row = { key, label: item.label, indent: item.indent, cells: [] };
      const rowCi: Row = { key: ciKey, label: `${ciPct}% CI (exact)`, indent: item.indent + 1, cells: [] };
      ic.cs.labels.forEach((g, j) => {
        const inCol = (s: string) => g === ic.cs.totalLabel || ic.pop.trtOf.get(s) === g;
        const x = [...responders].filter(inCol).length;
        const n =
          item.denominator === "population"
            ? (ic.cs.denominators[g] ?? 0)
            : [...evaluable].filter(inCol).length;
        const ci = computeClopperPearson(x, n, item.confLevel);
        const colKey = ic.cs.columns[j]!.key;
        rowN.cells.push(
          cell(
            `${x}/${n}${n > 0 ? ` (${formatNumber(computePercent(x, n), 1)})` : ""}`,
            [
              { name: "n", value: x },
              { name: "N", value: n },
              ...(n > 0 ? [{ name: "pct", value: computePercent(x, n) }] : []),
            ],
            key,
            colKey,
          ),
        );
        rowCi.cells.push(
          cell(
            ci.lower === null
              ? ""
              : `(${formatNumber(100 * ci.lower, 1)}, ${formatNumber(100 * (ci.upper ?? 0), 1)})`,
            [
              { name: "lcl", value: ci.lower === null ? null : 100 * ci.lower },
              { name: "ucl", value: ci.upper === null ? null : 100 * ci.upper },
            ],
            ciKey,
            colKey,
          ),
        );
      });
      return [rowN, rowCi];
    }
    case "km":
      return kmRows(ic, item, base);
  }
}

function hierarchyRows(ic: ItemCtx, item: Extract<TlfItem, { type: "hierarchy" }>, base: string): Row[] {
  const r = records(ic, item);
  for (const v of item.vars) requireVar(ic.ctx, r.ds, v);
  const { subjects, groups } = groupsOf(r.ds, r.idx, ic.pop);
  const v1 = r.ds.column(item.vars[0]!);
  const v2 = item.vars[1] ? r.ds.column(item.vars[1]) : undefined;
  const l1 = r.idx.map((i) => valueText(v1.get(i)) || "Uncoded");
  const l2 = v2 ? r.idx.map((i, k) => `${l1[k]}${SEP}${valueText(v2.get(i)) || "Uncoded"}`) : [];
  const total = ic.cs.totalLabel ?? ic.cs.labels[ic.cs.labels.length - 1]!;
  const anyGet = count(
    ic,
    subjects,
    groups,
    subjects.map(() => "Y"),
    item.label,
    ["Y"],
  );
  const get1 = count(ic, subjects, groups, l1, item.vars[0]!);
  const get2 = v2 ? count(ic, subjects, groups, l2, item.vars[1]!) : undefined;
  const terms1 = [...new Set(l1)];
  const sort = (get: typeof get1) =>
    item.sort === "frequency"
      ? byFreqThenAlpha((l) => get(l, total).n)
      : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  terms1.sort(sort(get1));
  // Worst grade per subject within a term (for grade sub-rows).
  const gradeRows = (
    termKey: string,
    label: (k: number) => string | undefined,
    indent: number,
    levelsOfRecord: string[],
    parentKey: string,
  ): Row[] => {
    if (!item.gradeVar || !item.grades) return [];
    const gcol = r.ds.column(item.gradeVar);
    const worst = new Map<string, number>();
    r.idx.forEach((i, k) => {
      if (levelsOfRecord[k] !== termKey && termKey !== "*") return;
      const x = Number(gcol.get(i));
      if (!Number.isFinite(x) || gcol.get(i) === "" || gcol.get(i) === null) return;
      const s = subjects[k]!;
      if (!worst.has(s) || x > worst.get(s)!) worst.set(s, x);
    });
    const byValue = new Map(item.grades.map((g) => [Number(g.value), g.label]));
    const subs = [...worst.keys()];
    const get = count(
      ic,
      subs,
      subs.map((s) => ic.pop.trtOf.get(s)!),
      subs.map((s) => byValue.get(worst.get(s)!) ?? `Grade ${worst.get(s)}`),
      item.gradeVar,
      item.grades.map((g) => g.label),
    );
    void label;
    return item.grades.map((g) => ({
      ...npRow(ic, `${base}:${termKey}:grade=${g.label}`, g.label, indent, (c) => get(g.label, c)),
      parent: parentKey,
    }));
  };
  const rows: Row[] = [];
  // Nesting (any event > term 1 > term 2 > worst grade) is declared on each row as its parent, so the build
  // can check that no nested count exceeds the count above it.
  const anyRow = npRow(ic, `${base}:any`, item.label, item.indent, (g) => anyGet("Y", g));
  rows.push(anyRow, ...gradeRows("*", () => undefined, item.indent + 1, [], anyRow.key));
  for (const t1 of terms1) {
    const r1 = npRow(ic, `${base}:${item.vars[0]}=${t1}`, t1, item.indent + 1, (g) => get1(t1, g));
    r1.keepWithNext = true;
    r1.parent = anyRow.key;
    rows.push(r1);
    if (!v2 || !get2) {
      rows.push(...gradeRows(t1, () => undefined, item.indent + 2, l1, r1.key));
      continue;
    }
    const terms2 = [...new Set(l2.filter((l) => l.startsWith(`${t1}${SEP}`)))];
    terms2.sort(sort(get2));
    for (const t2 of terms2) {
      const pt = t2.slice(t1.length + 1);
      const key = `${base}:${item.vars[0]}=${t1}|${item.vars[1]}=${pt}`;
      rows.push({ ...npRow(ic, key, pt, item.indent + 2, (g) => get2(t2, g)), parent: r1.key });
      rows.push(...gradeRows(t2, () => undefined, item.indent + 3, l2, key));
    }
  }
  return rows;
}

/**
 * Confidence limits shown beside a KM rate. One rule for every rate: a rate of 0% or 100% has no interval
 * (the log-log transform is undefined at 0 and 1; R survfit_confint gives NA there), shown "NE". R's
 * summary() itself gives 100 (100, 100) before the first time and NA after a censoring at S = 1.
 */
function kmRateInterval(a: { surv: number; lower: number | null; upper: number | null }): {
  lower: number | null;
  upper: number | null;
} {
  if (a.surv === 0 || a.surv === 1) return { lower: null, upper: null };
  return { lower: a.lower, upper: a.upper };
}

function kmRows(ic: ItemCtx, item: Extract<TlfItem, { type: "km" }>, base: string): Row[] {
  const ds = getDataset(ic.ctx, item.dataset ?? ic.ctx.shell.dataset);
  for (const v of ["PARAMCD", "AVAL", "CNSR"]) requireVar(ic.ctx, ds, v);
  const idx = selectRecords(
    ic.ctx,
    ds,
    ic.pop,
    { ...(item.where ?? {}), PARAMCD: item.paramcd } as never,
    false,
  );
  const u = ds.char("USUBJID");
  const aval = ds.num("AVAL");
  const cnsr = ds.num("CNSR");
  const rowsOut: Row[] = [blankRow(ic, `${base}:${item.paramcd}`, item.label, item.indent)];
  const ind = item.indent + 1;
  const keys = {
    ev: `${base}:${item.paramcd}:events`,
    cn: `${base}:${item.paramcd}:censored`,
    med: `${base}:${item.paramcd}:median`,
  };
  const rEv: Row = { key: keys.ev, label: "Subjects with event", indent: ind, cells: [] };
  const rCn: Row = { key: keys.cn, label: "Censored", indent: ind, cells: [] };
  const rMed: Row = {
    key: keys.med,
    label: `Median (${Math.round(item.confLevel * 100)}% CI), ${item.timeUnit}`,
    indent: ind,
    cells: [],
  };
  const rates: Row[] = item.rateTimes.map((t) => ({
    key: `${base}:${item.paramcd}:rate@${t.time}`,
    label: `Rate at ${t.label} (${Math.round(item.confLevel * 100)}% CI), %`,
    indent: ind,
    cells: [],
  }));
  const fmtT = (x: number | null) => (x === null ? "NE" : formatNumber(x, 1));
  ic.cs.labels.forEach((g, j) => {
    const colKey = ic.cs.columns[j]!.key;
    const time: number[] = [];
    const event: number[] = [];
    for (const i of idx) {
      const s = u.get(i);
      if (g !== ic.cs.totalLabel && ic.pop.trtOf.get(s) !== g) continue;
      const t = aval.get(i);
      const c = cnsr.get(i);
      if (t === null || c === null) continue;
      time.push(t / item.timeDivisor);
      event.push(c === 0 ? 1 : 0);
    }
    const n = time.length;
    const nEv = event.reduce((a, b) => a + b, 0);
    rEv.cells.push(
      cell(
        formatCountPercent(nEv, n),
        [
          { name: "nEvents", value: nEv },
          { name: "N", value: n },
        ],
        keys.ev,
        colKey,
      ),
    );
    rCn.cells.push(
      cell(
        formatCountPercent(n - nEv, n),
        [
          { name: "nCensored", value: n - nEv },
          { name: "N", value: n },
        ],
        keys.cn,
        colKey,
      ),
    );
    if (n === 0) {
      rMed.cells.push(cell("", [], keys.med, colKey));
      for (const r of rates) r.cells.push(cell("", [], r.key, colKey));
      return;
    }
    const fit = computeKm(time, event, { confType: "log-log", confLevel: item.confLevel });
    const med = computeKmQuantiles(fit, [0.5])[0]!;
    rMed.cells.push(
      cell(
        `${fmtT(med.quantile)} (${fmtT(med.lower)}, ${fmtT(med.upper)})`,
        [
          { name: "median", value: med.quantile },
          { name: "lcl", value: med.lower },
          { name: "ucl", value: med.upper },
        ],
        keys.med,
        colKey,
      ),
    );
    const at = computeKmAtTimes(
      fit,
      item.rateTimes.map((t) => t.time),
    );
    const lastTime = Math.max(...time);
    at.forEach((a, k) => {
      const r = rates[k]!;
      // Beyond the last follow-up time the rate is not estimable (the curve is not observed there), unless
      // the curve reached 0: every subject has had the event, so S(t) = 0 is known (R: 0).
      if (a.time > lastTime && a.surv > 0) {
        r.cells.push(cell("NE", [{ name: "surv", value: null }], r.key, colKey));
        return;
      }
      const ci = kmRateInterval(a);
      const pct = (x: number | null) => (x === null ? "NE" : formatNumber(100 * x, 1));
      r.cells.push(
        cell(
          `${pct(a.surv)} (${pct(ci.lower)}, ${pct(ci.upper)})`,
          [
            { name: "surv", value: 100 * a.surv },
            { name: "lcl", value: ci.lower === null ? null : 100 * ci.lower },
            { name: "ucl", value: ci.upper === null ? null : 100 * ci.upper },
          ],
          r.key,
          colKey,
        ),
      );
    });
  });
  rowsOut.push(rEv, rCn, rMed, ...rates);
  return rowsOut;
}

/** Builds a summary table from the shell's items. */
export function layoutSummary(ctx: LayoutContext, layout: SummaryLayout): TableOutput {
  const pop = population(ctx, layout.columns);
  const cs = treatmentColumns(pop, layout.columns);
  const ic: ItemCtx = { ctx, pop, cs };
  const rows = layout.items.flatMap((item, k) => itemRows(ic, item, k));
  return {
    ...outputShell(ctx.shell),
    kind: "table",
    stubHeader: layout.stubHeader,
    stubWidth: 3,
    columns: cs.columns,
    spans: layout.columns.span ? [{ key: "trt", label: layout.columns.span }] : [],
    sections: [{ rows }],
  };
}
