/** Shift tables, descriptive statistics by parameter, and listings. */
import { type Dataset, sortOrder } from "@trialforge/core";
import type { TlfLayout } from "@trialforge/spec";
import { computeDescriptive, countSubjects, formatNumber } from "@trialforge/stats";
import type { Cell, Column, ListingOutput, Row, Section, Span, TableOutput } from "../model.ts";
import {
  cell,
  compileWhere,
  getDataset,
  type LayoutContext,
  population,
  requireVar,
  selectRecords,
  treatmentColumns,
  valueText,
} from "./common.ts";
import { outputShell } from "./shell.ts";

type ShiftLayout = Extract<TlfLayout, { kind: "shift" }>;
type ByParamLayout = Extract<TlfLayout, { kind: "by-param" }>;
type ListingLayout = Extract<TlfLayout, { kind: "listing" }>;

/** Worst post-baseline grade by baseline grade: subjects counted once per parameter. */
export function layoutShift(ctx: LayoutContext, layout: ShiftLayout): TableOutput {
  const pop = population(ctx, layout.columns);
  const ds = getDataset(ctx, ctx.shell.dataset);
  for (const v of [layout.paramcdVar, layout.paramVar, layout.baselineVar, layout.postVar])
    requireVar(ctx, ds, v);
  const idx = selectRecords(ctx, ds, pop);
  const post = compileWhere(ctx, ds, layout.postBaseline);
  const u = ds.char("USUBJID");
  const pcd = ds.column(layout.paramcdVar);
  const pname = ds.column(layout.paramVar);
  const bcol = ds.column(layout.baselineVar);
  const acol = ds.column(layout.postVar);
  const gradeLabel = new Map(layout.grades.map((g) => [Number(g.value), g.label]));
  const groups = [...pop.groups, ...(layout.columns.total ? [layout.columns.totalLabel] : [])];
  const columns: Column[] = [];
  const spans: Span[] = [];
  for (const g of groups) {
    const N = g === layout.columns.totalLabel && layout.columns.total ? pop.total : (pop.N[g] ?? 0);
    spans.push({ key: `trt=${g}`, label: `${g} (N=${N})` });
    const isTotal = g === layout.columns.totalLabel && layout.columns.total;
    for (const gr of layout.grades)
      columns.push({
        key: `trt=${g}|post=${gr.label}`,
        label: gr.label,
        width: 0.7,
        align: "center",
        span: `trt=${g}`,
        ...(isTotal ? { totalOf: pop.groups.map((p) => `trt=${p}|post=${gr.label}`) } : {}),
      });
  }
  const rows: Row[] = [];
  for (const paramcd of layout.params) {
    const base = new Map<string, number>();
    const worst = new Map<string, number>();
    let label = paramcd;
    for (const i of idx) {
      if (valueText(pcd.get(i)) !== paramcd) continue;
      label = valueText(pname.get(i)) || paramcd;
      const s = u.get(i);
      const b = Number(bcol.get(i));
      if (bcol.get(i) !== null && bcol.get(i) !== "" && Number.isFinite(b) && !base.has(s)) base.set(s, b);
      if (!post(i)) continue;
      const a = Number(acol.get(i));
      if (acol.get(i) === null || acol.get(i) === "" || !Number.isFinite(a)) continue;
      if (!worst.has(s) || a > worst.get(s)!) worst.set(s, a);
    }
    const subjects = [...worst.keys()].filter((s) => base.has(s));
    // Level = "baseline|post"; counting via stats, one column per treatment.
    const denominators: Record<string, number> = {};
    for (const g of pop.groups) denominators[g] = pop.N[g] ?? 0;
    const ard = countSubjects({
      subjects,
      groups: subjects.map((s) => pop.trtOf.get(s)!),
      levels: subjects.map(
        (s) =>
          `${gradeLabel.get(base.get(s)!) ?? base.get(s)}|${gradeLabel.get(worst.get(s)!) ?? worst.get(s)}`,
      ),
      variable: layout.postVar,
      groupVariable: "TRT",
      denominators,
      overallLabel: layout.columns.total ? layout.columns.totalLabel : undefined,
    });
    const n = new Map<string, number>();
    for (const r of ard)
      if (r.statName === "n") n.set(`${r.groupLevel}\u0001${r.variableLevel}`, r.stat ?? 0);
    rows.push({
      key: `param=${paramcd}`,
      label,
      indent: 0,
      strong: true,
      keepWithNext: true,
      cells: columns.map((c) => cell("", [], `param=${paramcd}`, c.key)),
    });
    for (const bg of layout.grades) {
      const key = `param=${paramcd}|base=${bg.label}`;
      const cells: Cell[] = [];
      for (const g of groups) {
        for (const pg of layout.grades) {
          const v = n.get(`${g}\u0001${bg.label}|${pg.label}`) ?? 0;
          cells.push(cell(String(v), [{ name: "n", value: v }], key, `trt=${g}|post=${pg.label}`));
        }
      }
      rows.push({ key, label: bg.label, indent: 1, cells });
    }
  }
  return {
    ...outputShell(ctx.shell),
    kind: "table",
    stubHeader: "Parameter\n  Baseline grade",
    stubWidth: 2.5,
    columns,
    spans,
    sections: [{ rows }],
  };
}

const STAT_LABEL: Record<string, string> = {
  n: "n",
  mean: "Mean",
  sd: "SD",
  cv: "CV%",
  geomean: "Geometric mean",
  geocv: "Geometric CV%",
  median: "Median",
  min: "Min",
  max: "Max",
};

/** Descriptive statistics of a value by parameter (and visit), one row per statistic. */
export function layoutByParam(ctx: LayoutContext, layout: ByParamLayout): TableOutput {
  const pop = population(ctx, layout.columns);
  const cs = treatmentColumns(pop, layout.columns);
  const ds = getDataset(ctx, ctx.shell.dataset);
  for (const v of [layout.paramVar, layout.var, ...(layout.visitVar ? [layout.visitVar] : [])])
    requireVar(ctx, ds, v);
  const idx = selectRecords(ctx, ds, pop);
  const u = ds.char("USUBJID");
  const pcol = ds.column(layout.paramVar);
  const vcol = layout.visitVar ? ds.column(layout.visitVar) : undefined;
  const ocol =
    layout.visitOrderVar && ds.has(layout.visitOrderVar) ? ds.column(layout.visitOrderVar) : undefined;
  const acol = ds.num(layout.var);
  const groups = new Map<
    string,
    {
      param: string;
      visit: string;
      order: number;
      vals: Map<string, number[]>;
      /** Records used per column and subject (for the records-per-subject check). */
      used: Map<string, Map<string, number>>;
    }
  >();
  const countUse = (m: Map<string, number>, s: string) => m.set(s, (m.get(s) ?? 0) + 1);
  for (const i of idx) {
    const param = valueText(pcol.get(i));
    const visit = vcol ? valueText(vcol.get(i)) : "";
    const k = `${param}\u0001${visit}`;
    let e = groups.get(k);
    if (!e) {
      e = {
        param,
        visit,
        order: ocol ? Number(ocol.get(i) ?? 0) : 0,
        vals: new Map(cs.labels.map((l) => [l, []])),
        used: new Map(cs.labels.map((l) => [l, new Map()])),
      };
      groups.set(k, e);
    }
    const x = acol.get(i);
    if (x === null) continue;
    const s = u.get(i);
    for (const l of cs.totalLabel ? [pop.trtOf.get(s)!, cs.totalLabel] : [pop.trtOf.get(s)!]) {
      e.vals.get(l)!.push(x);
      countUse(e.used.get(l)!, s);
    }
  }
  const keys = [...groups.values()].sort((a, b) =>
    a.param < b.param
      ? -1
      : a.param > b.param
        ? 1
        : a.order - b.order || (a.visit < b.visit ? -1 : a.visit > b.visit ? 1 : 0),
  );
  const rows: Row[] = [];
  let lastParam = "";
  const dec = layout.decimals;
  for (const g of keys) {
    if (g.param !== lastParam) {
      rows.push({
        key: `param=${g.param}`,
        label: g.param,
        indent: 0,
        strong: true,
        keepWithNext: true,
        cells: cs.columns.map((c) => cell("", [], `param=${g.param}`, c.key)),
      });
      lastParam = g.param;
    }
    const gk = `param=${g.param}${g.visit ? `|visit=${g.visit}` : ""}`;
    if (g.visit)
      rows.push({
        key: gk,
        label: g.visit,
        indent: 1,
        keepWithNext: true,
        cells: cs.columns.map((c) => cell("", [], gk, c.key)),
      });
    const d = new Map(cs.labels.map((l) => [l, computeDescriptive(g.vals.get(l)!)]));
    const records = {
      declared: layout.recordsPerSubject,
      maxPerSubject: cs.labels.map((l) => Math.max(0, ...g.used.get(l)!.values())),
    };
    for (const s of layout.stats) {
      const key = `${gk}|stat=${s}`;
      rows.push({
        key,
        label: STAT_LABEL[s]!,
        indent: g.visit ? 2 : 1,
        records,
        cells: cs.labels.map((l, j) => {
          const x = d.get(l)!;
          const v = {
            n: x.n,
            mean: x.mean,
            sd: x.sd,
            cv: x.cv,
            geomean: x.geoMean,
            geocv: x.geoCv,
            median: x.median,
            min: x.min,
            max: x.max,
          }[s];
          const digits =
            s === "n" ? 0 : s === "cv" || s === "geocv" ? 1 : s === "min" || s === "max" ? dec : dec + 1;
          return cell(
            v === null ? (x.n > 0 ? "NC" : "") : formatNumber(v, digits),
            [{ name: s, value: v }],
            key,
            cs.columns[j]!.key,
          );
        }),
      });
    }
  }
  return {
    ...outputShell(ctx.shell),
    kind: "table",
    stubHeader:
      layout.stubHeader ?? (layout.visitVar ? "Parameter\n  Visit\n    Statistic" : "Parameter\n  Statistic"),
    stubWidth: 2.5,
    columns: cs.columns,
    spans: layout.columns.span ? [{ key: "trt", label: layout.columns.span }] : [],
    sections: [{ rows }],
  };
}

function formatListingValue(v: string | number | null, decimals: number | undefined): string {
  if (v === null) return "";
  if (typeof v === "number")
    return decimals === undefined ? String(Math.round(v * 1e6) / 1e6) : formatNumber(v, decimals);
  return v;
}

/** A listing: one row per record of the shell's dataset in the population; ADSL variables are joined by USUBJID. */
export function layoutListing(ctx: LayoutContext, layout: ListingLayout): ListingOutput {
  const pop = population(ctx, { var: "TRT01A", orderVar: "TRT01AN" });
  const ds = getDataset(ctx, ctx.shell.dataset);
  const adsl = getDataset(ctx, "ADSL");
  const idx = selectRecords(ctx, ds, pop);
  const adslRow = new Map<string, number>();
  const au = adsl.char("USUBJID");
  for (let i = 0; i < adsl.length; i++) adslRow.set(au.get(i), i);
  const u = ds.char("USUBJID");
  const getter = (name: string): ((i: number) => string | number | null) => {
    if (ds.has(name)) {
      const c = ds.column(name);
      return (i) => c.get(i);
    }
    requireVar(ctx, adsl, name);
    const c = adsl.column(name);
    return (i) => {
      const r = adslRow.get(u.get(i));
      return r === undefined ? null : c.get(r);
    };
  };
  // Order: page-by group (by TRT01AN when paging by treatment), then the sort variables.
  const sortVars = [...(layout.pageBy ? [layout.pageBy] : []), ...layout.sortBy];
  const sub = new Uint32Array(idx);
  const keyGetters = sortVars.map(getter);
  const orderKey = layout.pageBy === "TRT01A" && adsl.has("TRT01AN") ? getter("TRT01AN") : undefined;
  const cmp = (a: string | number | null, b: string | number | null) =>
    a === b
      ? 0
      : a === null || a === ""
        ? -1
        : b === null || b === ""
          ? 1
          : typeof a === "number" && typeof b === "number"
            ? a - b
            : String(a) < String(b)
              ? -1
              : 1;
  const sorted = Array.from(sub).sort((i, j) => {
    if (orderKey) {
      const d = cmp(orderKey(i), orderKey(j));
      if (d) return d;
    }
    for (const g of keyGetters) {
      const d = cmp(g(i), g(j));
      if (d) return d;
    }
    return i - j;
  });
  void sortOrder;
  const cols = layout.columns.map((c) => ({
    spec: c,
    get: getter(c.var),
    alt: c.whenMissingVar ? getter(c.whenMissingVar) : undefined,
    textWhen: c.textWhen
      ? { test: compileWhere(ctx, ds, c.textWhen.where), text: getter(c.textWhen.textVar) }
      : undefined,
  }));
  const columns: Column[] = layout.columns.map((c) => ({
    key: c.var,
    label: c.label,
    width: c.width,
    align: c.align,
  }));
  const pageGet = layout.pageBy ? getter(layout.pageBy) : undefined;
  const sections: Section[] = [];
  let current: Section | undefined;
  let lastPage: string | undefined;
  for (const i of sorted) {
    const pv = pageGet ? valueText(pageGet(i)) : "";
    if (!current || pv !== lastPage) {
      current = { rows: [], ...(pageGet ? { label: `${layout.pageByLabel ?? layout.pageBy}: ${pv}` } : {}) };
      sections.push(current);
      lastPage = pv;
    }
    const key = `${u.get(i)}|rec=${i}`;
    current.rows.push({
      key,
      label: "",
      indent: 0,
      cells: cols.map(({ spec, get, alt, textWhen }) => {
        if (textWhen?.test(i)) return cell(valueText(textWhen.text(i)), [], key, spec.var);
        const v = get(i);
        let text = formatListingValue(v, spec.decimals);
        if (text === "") text = alt ? valueText(alt(i)) || spec.missing : spec.missing;
        return cell(text, typeof v === "number" ? [{ name: spec.var, value: v }] : [], key, spec.var);
      }),
    });
  }
  if (sections.length === 0) sections.push({ rows: [] });
  return { ...outputShell(ctx.shell), kind: "listing", columns, spans: [], sections };
}

export type { Dataset };
