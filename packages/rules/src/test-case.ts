/**
 * CDISC's test cases for CORE rules (docs/test_data.md): per case `data/*.csv`, `_datasets.csv`,
 * `_variables.csv`, `.env`, and the expected `results/results.csv`. A case is read from any file source
 * (the vendored archive or a folder), turned into datasets, run, and compared with what is expected.
 */
import { type Column, Dataset, type DatasetMeta, newColumn, type VariableMeta } from "@trialforge/core";
import { parseCsv } from "./csv.ts";
import { NOT_IN_DATASET, type RuleRun, runRule } from "./engine.ts";
import type { CoreRule } from "./rule.ts";
import { Study, type StudyDatasetInput } from "./study.ts";

export interface ExpectedRow {
  dataset: string;
  record: string;
  variable: string;
  value: string;
}

export interface TestCase {
  ruleId: string;
  kind: "positive" | "negative";
  /** Case folder name, e.g. "01". */
  name: string;
  datasets: StudyDatasetInput[];
  env: Record<string, string>;
  /** Rows of results/results.csv; undefined when the case has none. */
  expected: ExpectedRow[] | undefined;
}

/** Reads the files of one case folder: `read(relativePath)` gives the text or undefined. */
export type CaseFiles = {
  list(): string[];
  read(path: string): string | undefined;
};

function csvObjects(text: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(text);
  if (!head) return [];
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? "") !== "")
    .map((r) => Object.fromEntries(head.map((h, k) => [h.trim(), r[k] ?? ""])));
}

/**
 * One dataset from its CSV and its `_variables.csv` rows; numeric text that is not a number is kept as
 * text. `class` is a placeholder: the engine takes the class from the IG, as CORE does.
 */
function toDataset(name: string, label: string, text: string, vars: Record<string, string>[]): Dataset {
  const [head = [], ...rows] = parseCsv(text);
  const body = rows.filter((r) => r.length > 1 || (r[0] ?? "") !== "");
  const info = new Map(vars.map((v) => [v.variable?.toUpperCase() ?? "", v]));
  const variables: VariableMeta[] = [];
  const columns = new Map<string, Column>();
  head.forEach((h, k) => {
    const vname = h.trim();
    if (vname === "" || columns.has(vname)) return;
    const v = info.get(vname.toUpperCase());
    let type: "Char" | "Num" = v?.type?.toLowerCase().startsWith("num") ? "Num" : "Char";
    if (type === "Num" && body.some((r) => (r[k] ?? "").trim() !== "" && Number.isNaN(Number(r[k]))))
      type = "Char";
    const meta: VariableMeta = {
      name: vname,
      label: v?.label ?? "",
      type,
      length: Number(v?.length) || (type === "Num" ? 8 : 200),
    };
    const col = newColumn(meta, body.length);
    for (const r of body) col.push(type === "Num" ? (r[k] ?? "").trim() : (r[k] ?? ""));
    variables.push(meta);
    columns.set(vname, col.seal());
  });
  const meta: DatasetMeta = {
    name,
    label,
    standard: "SDTM",
    class: "FINDINGS",
    structure: "",
    keys: [],
    variables,
  };
  return new Dataset(meta, columns, body.length);
}

/** The datasets of a case's `data/` folder. */
export function readCaseData(files: CaseFiles): {
  datasets: StudyDatasetInput[];
  env: Record<string, string>;
} {
  const dsRows = csvObjects(files.read("data/_datasets.csv") ?? "");
  const varRows = csvObjects(files.read("data/_variables.csv") ?? "");
  const env: Record<string, string> = {};
  for (const line of (files.read("data/.env") ?? "").split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) env[m[1]!.toUpperCase()] = m[2]!;
  }
  const datasets: StudyDatasetInput[] = [];
  for (const r of dsRows) {
    const file = (r.Filename ?? r.filename ?? "").trim();
    if (!file) continue;
    const base = file.replace(/\.(csv|xpt)$/i, "");
    const text = files.read(`data/${base}.csv`) ?? files.read(`data/${base.toLowerCase()}.csv`);
    if (text === undefined) continue;
    const vars = varRows.filter((v) => (v.dataset ?? "").toLowerCase() === base.toLowerCase());
    datasets.push({
      name: base.toUpperCase(),
      label: r.Label ?? r.label ?? "",
      fileName: `${base.toLowerCase()}.csv`,
      data: toDataset(base.toUpperCase(), r.Label ?? "", text, vars),
    });
  }
  return { datasets, env };
}

export function readExpected(files: CaseFiles): ExpectedRow[] | undefined {
  const text = files.read("results/results.csv");
  if (text === undefined) return undefined;
  return csvObjects(text).map((r) => ({
    dataset: (r.Dataset ?? "").trim(),
    record: (r.Record ?? "").trim(),
    variable: (r.Variable ?? "").trim(),
    value: r.Value ?? "",
  }));
}

export type CaseVerdict = "pass" | "fail" | "not run";

export interface CaseResult {
  case: string;
  verdict: CaseVerdict;
  detail: string;
  run: RuleRun;
}

/** A finding row as results.csv writes it: dataset, record, variable. */
function rowKey(r: { dataset: string; record: string; variable: string }): string {
  return `${r.dataset.toUpperCase()},${r.record},${r.variable}`;
}

/** Runs the rule on a case: positive → no finding; negative → exactly the expected (dataset, record, variable) rows. */
export function runCase(rule: CoreRule, tc: TestCase): CaseResult {
  const label = `${tc.kind}/${tc.name}`;
  const run = runRule(rule, new Study(tc.datasets));
  if (run.status === "not run") return { case: label, verdict: "not run", detail: run.reason ?? "", run };
  // Rows for variables absent from the data ("Not in dataset") are left out on both sides: CDISC's
  // expected results list them for some rules and not for others of the same shape.
  const got = run.findings.flatMap((f) =>
    f.variables
      .filter((_, k) => f.values[k] !== NOT_IN_DATASET)
      .map((v) =>
        rowKey({ dataset: f.dataset, record: f.record === null ? "" : String(f.record), variable: v }),
      ),
  );
  const want = (tc.expected ?? []).filter((r) => r.value !== NOT_IN_DATASET).map(rowKey);
  if (tc.kind === "positive") {
    return got.length === 0
      ? { case: label, verdict: "pass", detail: "", run }
      : {
          case: label,
          verdict: "fail",
          detail: `expected no finding, got ${got.length}: ${got.slice(0, 4).join(" ")}`,
          run,
        };
  }
  if (tc.expected === undefined) {
    // a negative case without results/results.csv: it must report something
    return run.findings.length > 0
      ? { case: label, verdict: "pass", detail: "", run }
      : { case: label, verdict: "fail", detail: "no results.csv and no finding", run };
  }
  const g = [...got].sort();
  const w = [...want].sort();
  if (g.length === w.length && g.every((x, k) => x === w[k]))
    return { case: label, verdict: "pass", detail: "", run };
  const missing = w.filter((x) => !g.includes(x));
  const extra = g.filter((x) => !w.includes(x));
  return {
    case: label,
    verdict: "fail",
    detail: `missing ${missing.length} [${missing.slice(0, 3).join(" ")}] extra ${extra.length} [${extra.slice(0, 3).join(" ")}]${
      run.skipped.length
        ? ` skipped: ${run.skipped
            .map((s) => `${s.dataset} (${s.reason})`)
            .join("; ")
            .slice(0, 160)}`
        : ""
    }`,
    run,
  };
}
