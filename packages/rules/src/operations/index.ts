/**
 * The closed vocabulary of CORE `Operations` (Operations.md): values derived once per dataset and
 * referenced in checks as `$id`. Each returns a column for the frame: one value for all records, or one
 * per record when grouped (merged onto the records by the group variables).
 */
import { igDataset, igVariables } from "@trialforge/terminology";
import {
  ArrayCol,
  asText,
  type Col,
  ConstCol,
  datasetCol,
  type Frame,
  isNull,
  type Scalar,
  type Value,
} from "../frame.ts";
import { compareDates, isCompleteDate, isValidDate } from "../operators/date.ts";
import { pyFindFirst, pyMatch } from "../operators/regex.ts";
import type { OperationSpec } from "../rule.ts";
import type { DatasetInfo, Study } from "../study.ts";

export interface OperationContext {
  study: Study;
  ds: DatasetInfo;
  /** The frame the check runs over (after Match Datasets); grouped results merge onto it. */
  frame: Frame;
  resolve(name: string): string;
}

export type Operation = (ctx: OperationContext, op: OperationSpec) => Col;

/** The operation needs metadata this engine does not carry (e.g. the SDTM model, define.xml). */
export class NotExecutable extends Error {}

const NUL = "\u0000";
const keyOf = (v: Value) => (isNull(v) ? "" : asText(v));

/** The datasets an operation reads: its `domain` (default the current dataset). */
function sources(ctx: OperationContext, op: OperationSpec): DatasetInfo[] {
  if (!op.domain) return [ctx.ds];
  if (op.domain === "SUPP--")
    return ctx.study.datasets.filter(
      (d) => d.isSupp && (ctx.ds.isSupp ? d === ctx.ds : d.rdomain === ctx.ds.domain),
    );
  return ctx.study.find(op.domain);
}

/** Rows of a dataset passing the operation's filter (a trailing `&` or `%` is a prefix match). */
function filteredRows(d: DatasetInfo, op: OperationSpec): number[] {
  const rows: number[] = [];
  const tests = Object.entries(op.filter ?? {}).map(([k, want]) => {
    const name = k.replace(/^--/, d.wildcard);
    const col = d.data.has(name) ? datasetCol(d.data, name) : undefined;
    const w = String(want);
    const prefix = w.endsWith("&") || w.endsWith("%") ? w.slice(0, -1) : undefined;
    return (i: number) => {
      if (!col) return false;
      const v = asText(col.get(i));
      return prefix !== undefined ? v.startsWith(prefix) : v === w;
    };
  });
  for (let i = 0; i < d.data.length; i++) if (tests.every((t) => t(i))) rows.push(i);
  return rows;
}

/** Group names of an operation, `--` resolved per dataset and `$lists` expanded. */
function groupNames(ctx: OperationContext, op: OperationSpec, wildcard: string): string[] {
  const out: string[] = [];
  for (const g of op.group ?? []) {
    if (g.startsWith("$") && ctx.frame.has(g) && ctx.frame.length > 0) {
      const v = ctx.frame.col(g).get(0);
      if (Array.isArray(v)) out.push(...v.map(String));
    } else out.push(g.replace(/^--/, wildcard));
  }
  return out;
}

/**
 * Groups → one value per group, merged onto the frame's records by the same group variables; records
 * without a group get null. Without groups the value is the same for every record.
 */
function perGroup(
  ctx: OperationContext,
  op: OperationSpec,
  reduce: (values: { d: DatasetInfo; rows: number[] }[]) => Value,
  transform?: (v: Value) => Value,
): Col {
  const srcs = sources(ctx, op);
  if (!op.group || op.group.length === 0)
    return new ConstCol(reduce(srcs.map((d) => ({ d, rows: filteredRows(d, op) }))));
  const groups = new Map<string, { d: DatasetInfo; rows: number[] }[]>();
  let names: string[] = [];
  for (const d of srcs) {
    names = groupNames(ctx, op, d.wildcard);
    if (!names.every((n) => d.data.has(n))) continue;
    const cols = names.map((n) => datasetCol(d.data, n));
    for (const i of filteredRows(d, op)) {
      const k = cols.map((c) => keyOf(transform ? transform(c.get(i)) : c.get(i))).join(NUL);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      const last = g[g.length - 1];
      if (last && last.d === d) last.rows.push(i);
      else g.push({ d, rows: [i] });
    }
  }
  const results = new Map<string, Value>();
  for (const [k, g] of groups) results.set(k, reduce(g));
  const frameNames = groupNames(ctx, op, ctx.ds.wildcard);
  // CORE merges grouped results on the group variables: a dataset without them is skipped
  for (const n of frameNames) ctx.frame.col(n);
  const fcols = frameNames.map((n) => ctx.frame.col(n));
  const values: Value[] = [];
  for (let i = 0; i < ctx.frame.length; i++) {
    const k = fcols.map((c) => keyOf(transform ? transform(c.get(i)) : c.get(i))).join(NUL);
    values.push(results.get(k) ?? null);
  }
  return new ArrayCol(values);
}

function targetName(op: OperationSpec, d: DatasetInfo): string {
  return (op.name ?? "").replace(/^--/, d.wildcard);
}

/** Distinct populated values of `name`, in first-seen order. */
const distinct: Operation = (ctx, op) => {
  if (op.value_is_reference) return referencedVariables(ctx, op);
  return perGroup(ctx, op, (parts) => {
    const seen = new Map<string, Scalar>();
    for (const { d, rows } of parts) {
      const n = targetName(op, d);
      if (!d.data.has(n)) continue;
      const c = datasetCol(d.data, n);
      for (const i of rows) {
        const v = c.get(i);
        if (!isNull(v) && !seen.has(keyOf(v))) seen.set(keyOf(v), v as Scalar);
      }
    }
    return [...seen.values()];
  });
};

/**
 * `distinct` with value_is_reference: the values of `name` (IDVAR) that are variables of the dataset
 * each record points to (RDOMAIN).
 */
function referencedVariables(ctx: OperationContext, op: OperationSpec): Col {
  const out = new Set<string>();
  for (const d of sources(ctx, op)) {
    const n = targetName(op, d);
    if (!d.data.has(n)) continue;
    const c = datasetCol(d.data, n);
    const rd = d.data.has("RDOMAIN") ? datasetCol(d.data, "RDOMAIN") : undefined;
    for (let i = 0; i < d.data.length; i++) {
      const v = c.get(i);
      if (isNull(v)) continue;
      const parent = rd ? asText(rd.get(i)) : (d.rdomain ?? "");
      if (ctx.study.find(parent).some((p) => p.data.has(asText(v)))) out.add(asText(v));
    }
  }
  return new ConstCol([...out]);
}

function extremeDate(want: "max" | "min"): Operation {
  return (ctx, op) =>
    perGroup(ctx, op, (parts) => {
      let best: string | null = null;
      for (const { d, rows } of parts) {
        const n = targetName(op, d);
        if (!d.data.has(n)) continue;
        const c = datasetCol(d.data, n);
        for (const i of rows) {
          const v = c.get(i);
          if (typeof v !== "string" || !isValidDate(v)) continue;
          if (best === null || compareDates(v, best, want === "max" ? "gt" : "lt", "auto")) best = v;
        }
      }
      return best;
    });
}

/** Number of records (of the filter), per group when grouped. */
const recordCount: Operation = (ctx, op) => {
  const re = op.regex;
  const transform =
    re === undefined
      ? undefined
      : (v: Value) => (typeof v === "string" && pyMatch(re, v) ? (pyFindFirst(re, v) ?? v) : v);
  return perGroup(ctx, op, (parts) => parts.reduce((n, p) => n + p.rows.length, 0), transform);
};

const studyDomains: Operation = (ctx) =>
  new ConstCol([...new Set(ctx.study.datasets.map((d) => d.domain ?? d.name))]);

const datasetNames: Operation = (ctx) => new ConstCol(ctx.study.datasets.map((d) => d.name));

/** The IG label of the current domain. */
const domainLabel: Operation = (ctx) => new ConstCol(igDataset("SDTM", ctx.ds.unsplitName)?.label ?? null);

/** IG variables of the current domain with the given core designation. */
function coreVariables(core: string): Operation {
  return (ctx) => {
    const vars = igVariables("SDTM", ctx.ds.unsplitName);
    if (!vars) return new ConstCol([]);
    return new ConstCol(
      vars.filter((v) => v.core === core).map((v) => v.name.replace(/^--/, ctx.ds.wildcard)),
    );
  };
}

const domainIsCustom: Operation = (ctx) => new ConstCol(igDataset("SDTM", ctx.ds.unsplitName) === undefined);

const columnOrderFromDataset: Operation = (ctx) =>
  new ConstCol(ctx.ds.data.meta.variables.map((v) => v.name));

const columnOrderFromLibrary: Operation = (ctx) => {
  const vars = igVariables("SDTM", ctx.ds.unsplitName);
  if (!vars) throw new NotExecutable("no SDTMIG metadata for a custom domain (needs the SDTM model)");
  return new ConstCol(vars.map((v) => v.name.replace(/^--/, ctx.ds.wildcard)));
};

/** Dataset metadata of the current dataset (dataset_name, dataset_label, …). */
const extractMetadata: Operation = (ctx, op) => {
  const meta: Record<string, Value> = {
    dataset_name: ctx.ds.name,
    dataset_label: ctx.ds.label,
    dataset_location: ctx.ds.fileName,
  };
  const n = op.name ?? "";
  if (!(n in meta)) throw new NotExecutable(`dataset metadata ${n} is not available`);
  return new ConstCol(meta[n]!);
};

/** In how many datasets of the study the variable (`--` resolved per dataset) occurs. */
const variableCount: Operation = (ctx, op) => {
  const name = op.name ?? "";
  let n = 0;
  for (const d of ctx.study.datasets) if (d.data.has(name.replace(/^--/, d.wildcard))) n++;
  return new ConstCol(n);
};

const variableExists: Operation = (ctx, op) => new ConstCol(ctx.ds.data.has(ctx.resolve(op.name ?? "")));

/** Study day of a date against DM.RFSTDTC (merged onto the frame): no day 0. */
const dy: Operation = (ctx, op) => {
  const dtc = ctx.frame.col(ctx.resolve(op.name ?? ""));
  const ref = ctx.frame.col("RFSTDTC");
  const values: Value[] = [];
  for (let i = 0; i < ctx.frame.length; i++) {
    const a = dtc.get(i);
    const b = ref.get(i);
    if (!isCompleteDate(a) || !isCompleteDate(b)) {
      values.push(null);
      continue;
    }
    const day = (s: string) =>
      Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
    const diff = Math.round((day(a as string) - day(b as string)) / 86_400_000);
    values.push(diff >= 0 ? diff + 1 : diff);
  }
  return new ArrayCol(values);
};

/** Variables of the current dataset whose IG role is `key_value` (e.g. Timing). */
const datasetFilteredVariables: Operation = (ctx, op) => {
  const vars = igVariables("SDTM", ctx.ds.unsplitName) ?? [];
  const want = String(op.key_value ?? "").toLowerCase();
  const names = new Set(
    vars
      .filter((v) => String(v.role ?? "").toLowerCase() === want)
      .map((v) => v.name.replace(/^--/, ctx.ds.wildcard)),
  );
  return new ConstCol(ctx.ds.data.meta.variables.map((v) => v.name).filter((n) => names.has(n)));
};

const notExecutable =
  (why: string): Operation =>
  () => {
    throw new NotExecutable(why);
  };

export const OPERATION_NAMES = [
  "distinct",
  "max_date",
  "min_date",
  "record_count",
  "study_domains",
  "dataset_names",
  "domain_label",
  "required_variables",
  "expected_variables",
  "domain_is_custom",
  "get_column_order_from_dataset",
  "get_column_order_from_library",
  "extract_metadata",
  "variable_count",
  "variable_exists",
  "dy",
  "get_dataset_filtered_variables",
  "get_model_column_order",
  "get_parent_model_column_order",
  "get_model_filtered_variables",
  "codelist_terms",
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

export const OPERATIONS = {
  distinct,
  max_date: extremeDate("max"),
  min_date: extremeDate("min"),
  record_count: recordCount,
  study_domains: studyDomains,
  dataset_names: datasetNames,
  domain_label: domainLabel,
  required_variables: coreVariables("Req"),
  expected_variables: coreVariables("Exp"),
  domain_is_custom: domainIsCustom,
  get_column_order_from_dataset: columnOrderFromDataset,
  get_column_order_from_library: columnOrderFromLibrary,
  extract_metadata: extractMetadata,
  variable_count: variableCount,
  variable_exists: variableExists,
  dy,
  get_dataset_filtered_variables: datasetFilteredVariables,
  get_model_column_order: notExecutable(
    "needs the SDTM model's class variables (CDISC Library), not carried",
  ),
  get_parent_model_column_order: notExecutable(
    "needs the SDTM model's class variables (CDISC Library), not carried",
  ),
  get_model_filtered_variables: notExecutable(
    "needs the SDTM model's variable roles (CDISC Library), not carried",
  ),
  codelist_terms: notExecutable("runs against define.xml codelists"),
} satisfies Record<OperationName, Operation>;

export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
