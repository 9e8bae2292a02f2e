/**
 * Runs CORE rules over a study: scope → the rule type's frame → Match Datasets → Operations → Check →
 * one finding per record (Sensitivity: Record) or per dataset (Dataset).
 */
import { igVariable } from "@trialforge/terminology";
import { ConstCol, datasetCol, Frame, MissingVariable, type Value } from "./frame.ts";
import { matchDatasets, NotJoinable } from "./match.ts";
import { isOperationName, NotExecutable, OPERATIONS } from "./operations/index.ts";
import { type Comparand, isOperatorName, OPERATORS, type OperatorInput } from "./operators/index.ts";
import { type CheckLeaf, type CheckNode, type CoreRule, leaves } from "./rule.ts";
import type { DatasetInfo, Study } from "./study.ts";

/** One breach of a rule: a record (or a dataset), the variables the rule reports and their values. */
export interface RuleFinding {
  ruleId: string;
  /** Dataset name ("AE"), or "STUDY" for Domain Presence checks. */
  dataset: string;
  /** 1-based record number in the dataset; null for dataset-level findings. */
  record: number | null;
  usubjid: string | null;
  seq: number | null;
  variables: string[];
  /** Values of `variables` on the record ("Not in dataset" when the variable is absent). */
  values: Value[];
  message: string;
}

export type RuleStatus = "ran" | "not run";

export interface RuleRun {
  ruleId: string;
  status: RuleStatus;
  /** Why the rule did not run (unsupported operator, metadata not carried). */
  reason?: string;
  findings: RuleFinding[];
  /** Datasets skipped because a referenced variable is absent (CORE: "Column not found in data"). */
  skipped: { dataset: string; reason: string }[];
  /** Findings per dataset beyond `maxPerDataset`, counted but not kept. */
  overflow: Map<string, number>;
}

export interface RunOptions {
  /** Findings kept per dataset (default: all); the rest are only counted in `overflow`. */
  maxPerDataset?: number;
}

export const NOT_IN_DATASET = "Not in dataset";

const RECORD_TYPES = new Set(["Record Data"]);
const SUPPORTED_TYPES = new Set([
  "Record Data",
  "Dataset Metadata Check",
  "Variable Metadata Check",
  "Variable Metadata Check against Library Metadata",
  "Domain Presence Check",
  "Value Check with Dataset Metadata",
  "Value Check with Variable Metadata",
]);

/** Why a rule cannot run here at all, or undefined when it can. */
export function unsupportedReason(rule: CoreRule): string | undefined {
  if (!SUPPORTED_TYPES.has(rule.ruleType)) return `rule type "${rule.ruleType}" needs define.xml metadata`;
  const ops = leaves(rule.check)
    .map((l) => l.operator)
    .filter((o) => !isOperatorName(o));
  if (ops.length > 0) return `operator ${[...new Set(ops)].join(", ")} not implemented`;
  const opns = rule.operations.map((o) => o.operator).filter((o) => !isOperationName(o));
  if (opns.length > 0) return `operation ${[...new Set(opns)].join(", ")} not implemented`;
  if (!["Record", "Dataset"].includes(rule.sensitivity))
    return `sensitivity ${rule.sensitivity} not supported`;
  return undefined;
}

const SUPP_PATTERNS = ["SUPP--", "SQ--", "SQAP--"];
const AP_PATTERNS = ["AP--", "APFA--"];

function domainListed(d: DatasetInfo, list: readonly string[], unsplit: boolean): boolean {
  if (list.includes("ALL")) return true;
  if (d.domain !== null && list.includes(d.domain)) return true;
  if (list.includes(d.name)) return true;
  if (unsplit && list.includes(d.unsplitName)) return true;
  // SUPP--/SQ-- name the supplemental qualifier datasets, AP-- the associated persons datasets
  return (
    (d.isSupp && list.some((x) => SUPP_PATTERNS.includes(x))) ||
    (d.isAp && !d.isSupp && list.some((x) => AP_PATTERNS.includes(x)))
  );
}

/** Scope: the rule's domains and classes include the dataset and do not exclude it. */
export function inScope(rule: CoreRule, d: DatasetInfo): boolean {
  const s = rule.scope;
  if (s.domainsInclude.length > 0 && !domainListed(d, s.domainsInclude, false)) return false;
  if (s.domainsExclude.length > 0 && domainListed(d, s.domainsExclude, true)) return false;
  const cls = d.className;
  const fa = (list: readonly string[]) => cls === "FINDINGS ABOUT" && list.includes("FINDINGS");
  if (s.classesInclude.length > 0 && !s.classesInclude.includes("ALL")) {
    if (cls === null || (!s.classesInclude.includes(cls) && !fa(s.classesInclude))) return false;
  }
  if (s.classesExclude.length > 0 && cls !== null && (s.classesExclude.includes(cls) || fa(s.classesExclude)))
    return false;
  return true;
}

/** Replaces a leading `--` with the dataset's prefix. */
const resolver = (wildcard: string) => (name: string) =>
  name.startsWith("--") ? wildcard + name.slice(2) : name;

function comparand(frame: Frame, leaf: CheckLeaf, resolve: (n: string) => string): Comparand {
  const v = leaf.value;
  if (typeof v === "string") {
    const s = resolve(v);
    if (leaf.value_is_literal !== true && frame.has(s)) return { kind: "col", name: s, col: frame.col(s) };
    return { kind: "literal", value: s };
  }
  if (Array.isArray(v))
    return { kind: "literal", value: v.map((e) => (typeof e === "string" ? resolve(e) : e)) as Value };
  if (v === undefined || v === null) return { kind: "literal", value: null };
  if (typeof v === "number" || typeof v === "boolean") return { kind: "literal", value: v };
  return { kind: "literal", value: null };
}

/**
 * Evaluates a check tree. A condition on a variable the data lacks is false on every record (CORE's
 * test cases expect `any: [X not_exists, X not_equal_to …]` to hold when X is absent).
 */
export function evaluate(node: CheckNode, frame: Frame, resolve: (n: string) => string): Uint8Array {
  if ("all" in node || "any" in node) {
    const isAll = "all" in node;
    const out = new Uint8Array(frame.length).fill(isAll ? 1 : 0);
    // once no record can change (all false under `all`, all true under `any`) the rest is not evaluated:
    // the result is the same, as a condition on an absent variable is false rather than an error
    let live = frame.length;
    for (const c of isAll ? node.all : node.any) {
      if (live === 0) break;
      const p = evaluate(c, frame, resolve);
      live = 0;
      for (let i = 0; i < out.length; i++) {
        const v = isAll ? out[i]! & p[i]! : out[i]! | p[i]!;
        out[i] = v;
        if (isAll ? v === 1 : v === 0) live++;
      }
    }
    return out;
  }
  if ("not" in node) {
    const r = evaluate(node.not, frame, resolve);
    for (let i = 0; i < r.length; i++) r[i] = r[i] ? 0 : 1;
    return r;
  }
  const op = OPERATORS[node.operator as keyof typeof OPERATORS] as (x: OperatorInput) => Uint8Array;
  const target = resolve(node.name);
  try {
    return op({ frame, target, leaf: node, comparand: comparand(frame, node, resolve), resolve });
  } catch (e) {
    if (e instanceof MissingVariable) return new Uint8Array(frame.length);
    throw e;
  }
}

/** The variables a finding reports: Outcome's Output Variables, else every condition's target. */
export function reportedVariables(rule: CoreRule, resolve: (n: string) => string): string[] {
  const names =
    rule.outputVariables.length > 0 ? rule.outputVariables : leaves(rule.check).map((l) => l.name);
  return [...new Set(names.map(resolve))];
}

function referencedNames(rule: CoreRule): Set<string> {
  const out = new Set<string>();
  for (const l of leaves(rule.check)) {
    out.add(l.name);
    if (typeof l.value === "string") out.add(l.value);
  }
  for (const v of rule.outputVariables) out.add(v);
  return out;
}

// Frames per rule type (Rule_Type.md).

/**
 * The IG label, read as equal to the dataset's when they differ only by a trailing period (the SDTMIG
 * metadata we carry writes "Lab Test or Examination Short Name.", CDISC's cases use it without).
 */
function libraryLabel(ig: string, data: string): string {
  const bare = (s: string) => s.replace(/\.$/, "");
  return bare(ig) === bare(data) ? data : bare(ig);
}

function variableRows(d: DatasetInfo, withLibrary: boolean): Frame {
  const names = [
    "variable_name",
    "variable_order_number",
    "variable_label",
    "variable_size",
    "variable_data_type",
    "variable_format",
    "variable_has_empty_values",
    ...(withLibrary
      ? [
          "library_variable_name",
          "library_variable_label",
          "library_variable_core",
          "library_variable_order_number",
          "library_variable_data_type",
          "library_variable_role",
          "library_variable_ccode",
        ]
      : []),
  ];
  const rows = d.data.meta.variables.map((v, k) => {
    const col = d.data.column(v.name);
    let hasEmpty = false;
    for (let i = 0; i < d.data.length && !hasEmpty; i++) {
      const x = col.get(i);
      hasEmpty = x === null || x === "";
    }
    const base: Value[] = [v.name, k + 1, v.label, v.length, v.type, v.displayFormat ?? null, hasEmpty];
    if (!withLibrary) return base;
    const lib =
      igVariable("SDTM", d.unsplitName, v.name) ?? igVariable("SDTM", d.unsplitName, `--${v.name.slice(2)}`);
    return [
      ...base,
      lib ? lib.name.replace(/^--/, d.wildcard) : null,
      lib ? libraryLabel(lib.label, v.label) : null,
      lib?.core ?? null,
      lib?.order ?? null,
      lib ? (lib.type === "Num" ? "Num" : "Char") : null,
      lib?.role ?? null,
      lib?.codelist ?? null,
    ];
  });
  return Frame.fromRows(names, rows);
}

function datasetMetaRow(d: DatasetInfo): Frame {
  return Frame.fromRows(
    ["dataset_name", "dataset_label", "dataset_location", "dataset_size", "dataset_domain", "record_count"],
    [[d.name, d.label, d.fileName, null, d.domain, d.data.length]],
  );
}

/**
 * One row per (record, variable) in long format, computed on demand: row r is record floor(r / V),
 * variable r % V, so millions of cells are never materialized.
 */
function valueRows(d: DatasetInfo, withVariableMeta: boolean): Frame {
  const vars = d.data.meta.variables;
  const nv = vars.length;
  const cols = vars.map((v) => datasetCol(d.data, v.name));
  const rec = (r: number) => Math.floor(r / nv);
  const value = (r: number): Value => cols[r % nv]!.get(rec(r));
  const m = new Map<string, { get(i: number): Value }>([
    ["row_number", { get: (r) => rec(r) + 1 }],
    ["variable_name", { get: (r) => vars[r % nv]!.name }],
    ["variable_value", { get: value }],
    ["dataset_name", new ConstCol(d.name)],
    ["dataset_label", new ConstCol(d.label)],
    ["dataset_location", new ConstCol(d.fileName)],
  ]);
  if (withVariableMeta) {
    m.set("variable_order_number", { get: (r) => (r % nv) + 1 });
    m.set("variable_label", { get: (r) => vars[r % nv]!.label });
    m.set("variable_size", { get: (r) => vars[r % nv]!.length });
    m.set("variable_data_type", { get: (r) => vars[r % nv]!.type });
    m.set("variable_value_length", {
      get: (r) => {
        const v = value(r);
        return v === null ? null : String(v).length;
      },
    });
  }
  return new Frame(d.data.length * nv, m, (r) => rec(r) + 1);
}

function domainPresence(study: Study): Frame {
  const names: string[] = [];
  const values: Value[] = [];
  for (const d of study.datasets) {
    const n = d.domain ?? d.name;
    if (names.includes(n)) continue;
    names.push(n);
    values.push(d.fileName);
  }
  return Frame.fromRows(names, [values]);
}

function frameFor(rule: CoreRule, d: DatasetInfo, study: Study): Frame {
  switch (rule.ruleType) {
    case "Record Data":
      return Frame.fromDataset(d.data);
    case "Dataset Metadata Check":
      return datasetMetaRow(d);
    case "Variable Metadata Check":
      return variableRows(d, false);
    case "Variable Metadata Check against Library Metadata":
      return variableRows(d, true);
    case "Domain Presence Check":
      return domainPresence(study);
    case "Value Check with Dataset Metadata":
      return valueRows(d, false);
    case "Value Check with Variable Metadata":
      return valueRows(d, true);
    default:
      throw new NotExecutable(`rule type ${rule.ruleType}`);
  }
}

function findingsFor(
  rule: CoreRule,
  d: DatasetInfo,
  frame: Frame,
  mask: Uint8Array,
  resolve: (n: string) => string,
): RuleFinding[] {
  const vars = reportedVariables(rule, resolve);
  const presence = rule.ruleType === "Domain Presence Check";
  const cols = vars.map((v) => (frame.has(v) ? frame.col(v) : undefined));
  const seqName = `${d.domain ?? ""}SEQ`;
  const usub = frame.has("USUBJID") ? frame.col("USUBJID") : undefined;
  const seq = frame.has(seqName) ? frame.col(seqName) : undefined;
  const message = rule.message.replaceAll("--", d.wildcard);
  const make = (i: number, record: number | null): RuleFinding => {
    const u = usub?.get(i) ?? null;
    const s = seq?.get(i) ?? null;
    return {
      ruleId: rule.id,
      dataset: presence ? "STUDY" : d.name,
      record: presence ? null : record,
      usubjid: u === null ? null : String(u),
      seq: typeof s === "number" ? s : null,
      variables: vars,
      values: cols.map((c) => (c ? c.get(i) : NOT_IN_DATASET)),
      message,
    };
  };
  const out: RuleFinding[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    if (rule.sensitivity === "Dataset") return [make(i, null)];
    out.push(make(i, frame.record(i)));
  }
  return out;
}

/** Runs one rule over one dataset; throws MissingVariable / NotExecutable / NotJoinable. */
function runOnDataset(rule: CoreRule, d: DatasetInfo, study: Study): RuleFinding[] {
  const resolve = resolver(d.wildcard);
  let frame = frameFor(rule, d, study);
  if (RECORD_TYPES.has(rule.ruleType) && rule.matchDatasets.length > 0)
    frame = matchDatasets(frame, d, study, rule.matchDatasets, referencedNames(rule));
  for (const op of rule.operations) {
    const impl = OPERATIONS[op.operator as keyof typeof OPERATIONS];
    const col = impl({ study, ds: d, frame, resolve }, op);
    frame = frame.with(op.id, col instanceof ConstCol ? col : col);
  }
  if (frame.length === 0) return [];
  const mask = evaluate(rule.check, frame, resolve);
  return findingsFor(rule, d, frame, mask, resolve);
}

/** Runs one rule over the study's datasets in scope. */
export function runRule(rule: CoreRule, study: Study, options: RunOptions = {}): RuleRun {
  const run: RuleRun = { ruleId: rule.id, status: "ran", findings: [], skipped: [], overflow: new Map() };
  const max = options.maxPerDataset ?? Number.POSITIVE_INFINITY;
  const why = unsupportedReason(rule);
  if (why) return { ...run, status: "not run", reason: why };
  const seen = new Set<string>();
  for (const d of study.datasets) {
    if (!inScope(rule, d)) continue;
    try {
      let kept = 0;
      for (const f of runOnDataset(rule, d, study)) {
        if (f.dataset === "STUDY") {
          const key = JSON.stringify([f.variables, f.values]);
          if (seen.has(key)) continue;
          seen.add(key);
        }
        if (kept >= max) run.overflow.set(f.dataset, (run.overflow.get(f.dataset) ?? 0) + 1);
        else {
          run.findings.push(f);
          kept++;
        }
      }
    } catch (e) {
      if (e instanceof MissingVariable) run.skipped.push({ dataset: d.name, reason: e.message });
      else if (e instanceof NotExecutable || e instanceof NotJoinable)
        return { ...run, status: "not run", reason: e.message, findings: [] };
      else throw e;
    }
  }
  return run;
}
