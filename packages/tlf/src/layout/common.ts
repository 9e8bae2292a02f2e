/**
 * Shared pieces of the layouts: record filters from shell `where`, the population and its treatment
 * columns from ADSL, and cell constructors. Counting and statistics come from @trialforge/stats.
 */
import { type Dataset, UserError } from "@trialforge/core";
import type { TlfColumns, TlfShell, TlfWhere } from "@trialforge/spec";
import type { Cell, Column, Stat } from "../model.ts";

export interface LayoutContext {
  shell: TlfShell;
  adam: ReadonlyMap<string, Dataset>;
}

export function getDataset(ctx: LayoutContext, name: string): Dataset {
  const ds = ctx.adam.get(name);
  if (!ds) throw new UserError(`TLF ${ctx.shell.id}: dataset ${name} is not in the ADaM build`);
  return ds;
}

export function requireVar(ctx: LayoutContext, ds: Dataset, name: string): void {
  if (!ds.has(name)) throw new UserError(`TLF ${ctx.shell.id}: ${ds.name} has no variable ${name}`);
}

/** Compiles a `where` into a row predicate over `ds`. */
export function compileWhere(
  ctx: LayoutContext,
  ds: Dataset,
  where: TlfWhere | undefined,
): (i: number) => boolean {
  if (!where) return () => true;
  const tests: ((i: number) => boolean)[] = [];
  for (const [name, cond] of Object.entries(where)) {
    requireVar(ctx, ds, name);
    const col = ds.column(name);
    const get = (i: number): string | number | null => col.get(i);
    const eq = (v: string | number | null, w: string | number): boolean =>
      col.kind === "Num" ? v !== null && v === Number(w) : v === String(w);
    if (Array.isArray(cond)) tests.push((i) => cond.some((w) => eq(get(i), w)));
    else if (typeof cond === "object") {
      tests.push((i) => {
        const v = get(i);
        const missing = v === null || v === "";
        // `ne: ""` means "not missing", for character and numeric variables alike.
        if (cond.ne === "" && missing) return false;
        if (cond.ne !== undefined && cond.ne !== "" && !missing && eq(v, cond.ne)) return false;
        const x = typeof v === "number" ? v : v === null || v === "" ? Number.NaN : Number(v);
        if (cond.lt !== undefined && !(x < cond.lt)) return false;
        if (cond.le !== undefined && !(x <= cond.le)) return false;
        if (cond.gt !== undefined && !(x > cond.gt)) return false;
        if (cond.ge !== undefined && !(x >= cond.ge)) return false;
        return true;
      });
    } else tests.push((i) => eq(get(i), cond));
  }
  return (i) => tests.every((t) => t(i));
}

export interface Population {
  /** USUBJID -> treatment column label, for subjects in the population. */
  trtOf: Map<string, string>;
  /** Treatment labels in column order. */
  groups: string[];
  /** N per treatment label (and the total under `totalLabel`). */
  N: Record<string, number>;
  total: number;
}

/** The shell's population (ADSL flag = "Y") with treatment groups ordered by the order variable. */
export function population(ctx: LayoutContext, cols: Pick<TlfColumns, "var" | "orderVar">): Population {
  const adsl = getDataset(ctx, "ADSL");
  const flag = ctx.shell.population;
  for (const v of ["USUBJID", flag, cols.var]) requireVar(ctx, adsl, v);
  const usubjid = adsl.char("USUBJID");
  const fl = adsl.column(flag);
  const trt = adsl.column(cols.var);
  const ord = adsl.has(cols.orderVar) ? adsl.column(cols.orderVar) : undefined;
  const trtOf = new Map<string, string>();
  const order = new Map<string, number>();
  const N: Record<string, number> = {};
  for (let i = 0; i < adsl.length; i++) {
    if (fl.get(i) !== "Y") continue;
    const g = String(trt.get(i) ?? "");
    if (g === "") continue;
    trtOf.set(usubjid.get(i), g);
    N[g] = (N[g] ?? 0) + 1;
    const o = ord ? Number(ord.get(i) ?? Number.POSITIVE_INFINITY) : 0;
    if (!order.has(g) || o < order.get(g)!) order.set(g, o);
  }
  const groups = [...order.keys()].sort(
    (a, b) => order.get(a)! - order.get(b)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  return { trtOf, groups, N, total: trtOf.size };
}

export interface ColumnSet {
  columns: Column[];
  /** Group label per column (the total column's label is `totalLabel`). */
  labels: string[];
  totalLabel?: string;
  /** Denominators in column order, for countSubjects. */
  denominators: Record<string, number>;
}

export function treatmentColumns(pop: Population, spec: TlfColumns, width = 1): ColumnSet {
  const columns: Column[] = pop.groups.map((g) => ({
    key: `trt=${g}`,
    label: g,
    n: pop.N[g] ?? 0,
    width,
    align: "center",
    span: spec.span ? "trt" : undefined,
  }));
  const labels = [...pop.groups];
  const denominators: Record<string, number> = {};
  for (const g of pop.groups) denominators[g] = pop.N[g] ?? 0;
  if (spec.total) {
    columns.push({
      key: "total",
      label: spec.totalLabel,
      n: pop.total,
      width,
      align: "center",
      totalOf: pop.groups.map((g) => `trt=${g}`),
    });
    labels.push(spec.totalLabel);
    denominators[spec.totalLabel] = pop.total;
  }
  return { columns, labels, totalLabel: spec.total ? spec.totalLabel : undefined, denominators };
}

export function cell(text: string, stats: Stat[], rowKey: string, colKey: string): Cell {
  return { text, stats, rowKey, colKey };
}

/** Indices of records in `ds` passing the shell filter and `where`, for subjects in the population. */
export function selectRecords(
  ctx: LayoutContext,
  ds: Dataset,
  pop: Population,
  where?: TlfWhere,
  useShellWhere = true,
): number[] {
  requireVar(ctx, ds, "USUBJID");
  const f1 =
    useShellWhere && ds.name === ctx.shell.dataset ? compileWhere(ctx, ds, ctx.shell.where) : () => true;
  const f2 = compileWhere(ctx, ds, where);
  const u = ds.char("USUBJID");
  const out: number[] = [];
  for (let i = 0; i < ds.length; i++) if (pop.trtOf.has(u.get(i)) && f1(i) && f2(i)) out.push(i);
  return out;
}

/** Text of a value for display and categories. */
export function valueText(v: string | number | null): string {
  return v === null ? "" : String(v);
}
