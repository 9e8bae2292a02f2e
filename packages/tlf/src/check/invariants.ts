/**
 * Invariants every table must keep, checked over its QC JSON (the document written beside each output) on
 * every build. A failed check names the output, row and column; the build stops with exit 1. These are the
 * checks an independent QC programmer makes first:
 * - `n-within-N`: a subject count never exceeds its column's N (or the cell's own N);
 * - `percent`: the percentage shown is n/N at the precision shown;
 * - `total-union`: a Total column declared as the union of treatment columns has, for each subject
 *   count, the sum of theirs (a subject is in exactly one treatment column);
 * - `nested-count`: a row declared nested under another (PT under SOC, SOC under any event, a grade under
 *   its term) never counts more subjects than its parent in the same column;
 * - `records-per-subject`: no statistic uses more records of one subject than the shell declares.
 */
import { computePercent, formatNumber } from "@trialforge/stats";
import type { Output, RecordsPerSubject, Stamp } from "../model.ts";
import { renderJson } from "../render/json.ts";

/** The parts of the QC JSON document (`renderJson`) the checks read. */
export interface QcDocument {
  id: string;
  kind: string;
  columns?: { key: string; label: string; n: number | null; totalOf?: string[] }[];
  sections?: {
    label: string | null;
    rows: { key: string; label: string; parent?: string; records?: RecordsPerSubject }[];
  }[];
  ard: {
    rowKey: string;
    colKey: string;
    section?: string;
    statName: string;
    stat: number | null;
    text: string;
  }[];
}

export type InvariantName = "n-within-N" | "percent" | "total-union" | "nested-count" | "records-per-subject";

export interface InvariantViolation {
  check: InvariantName;
  output: string;
  section?: string;
  rowKey: string;
  rowLabel: string;
  colKey: string;
  colLabel: string;
  message: string;
}

/** Statistics that count subjects (or events of subjects): additive over treatment columns. */
const COUNT_STATS = ["n", "nEvents", "nCensored"] as const;

interface CellFacts {
  stats: Map<string, number | null>;
  text: string;
}

const SEP = "\u0001";

/** The invariant violations of an output, checked on exactly the QC JSON it writes (tables only). */
export function checkOutputInvariants(o: Output, stamp: Stamp): InvariantViolation[] {
  if (o.kind !== "table") return [];
  return checkQcInvariants(JSON.parse(renderJson(o, stamp)) as QcDocument);
}

/** Every invariant violation of one output's QC document (empty when it passes). */
export function checkQcInvariants(doc: QcDocument): InvariantViolation[] {
  if (doc.kind !== "table" || !doc.columns || !doc.sections) return [];
  const cells = new Map<string, CellFacts>();
  for (const a of doc.ard) {
    const k = [a.section ?? "", a.rowKey, a.colKey].join(SEP);
    let c = cells.get(k);
    if (!c) {
      c = { stats: new Map(), text: a.text };
      cells.set(k, c);
    }
    c.stats.set(a.statName, a.stat);
  }
  const out: InvariantViolation[] = [];
  const columns = doc.columns;
  const colByKey = new Map(columns.map((c) => [c.key, c]));
  for (const sec of doc.sections) {
    const section = sec.label ?? "";
    const rowByKey = new Map(sec.rows.map((r) => [r.key, r]));
    const cellAt = (rowKey: string, colKey: string) => cells.get([section, rowKey, colKey].join(SEP));
    for (const row of sec.rows) {
      const perRecord = row.records?.declared === "all";
      const fail = (check: InvariantName, colKey: string, message: string) =>
        out.push({
          check,
          output: doc.id,
          ...(sec.label ? { section: sec.label } : {}),
          rowKey: row.key,
          rowLabel: row.label,
          colKey,
          colLabel: colByKey.get(colKey)?.label ?? colKey,
          message,
        });
      columns.forEach((col, j) => {
        const c = cellAt(row.key, col.key);
        if (c) {
          const n = countOf(c);
          const N = c.stats.get("N") ?? col.n;
          // A per-record statistic's n counts records, which may exceed the number of subjects.
          if (n !== null && N !== null && N !== undefined && !perRecord && n.value > N)
            fail("n-within-N", col.key, `${n.name} = ${n.value} exceeds N = ${N}`);
          const pctProblem =
            n !== null && N !== null && N !== undefined ? percentProblem(c, n.value, N) : null;
          if (pctProblem) fail("percent", col.key, pctProblem);
        }
        if (row.records?.declared === "one" && (row.records.maxPerSubject[j] ?? 0) > 1)
          fail(
            "records-per-subject",
            col.key,
            `a subject contributes ${row.records.maxPerSubject[j]} records; the shell declares one analysis record per subject`,
          );
        if (row.parent !== undefined && c) {
          const parent = rowByKey.get(row.parent);
          const pc = parent ? cellAt(parent.key, col.key) : undefined;
          const n = countOf(c);
          const pn = pc ? countOf(pc) : null;
          if (n !== null && pn !== null && n.value > pn.value)
            fail(
              "nested-count",
              col.key,
              `${n.value} subjects exceed the ${pn.value} of the row above it ("${parent!.label}")`,
            );
        }
        if (col.totalOf && c) {
          for (const name of COUNT_STATS) {
            const t = c.stats.get(name);
            if (t === undefined || t === null) continue;
            let sum = 0;
            for (const part of col.totalOf) sum += cellAt(row.key, part)?.stats.get(name) ?? 0;
            if (t !== sum)
              fail(
                "total-union",
                col.key,
                `${name} = ${t} is not the union of ${col.totalOf.join(", ")} (${sum} subjects)`,
              );
          }
        }
      });
    }
  }
  return out;
}

function countOf(c: CellFacts): { name: string; value: number } | null {
  for (const name of COUNT_STATS) {
    const v = c.stats.get(name);
    if (v !== undefined && v !== null) return { name, value: v };
  }
  return null;
}

/** "n (pct)" or "x/N (pct)" cells: the n shown and the percent shown must agree with n/N. */
function percentProblem(c: CellFacts, n: number, N: number): string | null {
  const pct = c.stats.get("pct");
  const expected = computePercent(n, N);
  if (pct !== undefined && pct !== null && (expected === null || Math.abs(pct - expected) > 1e-9 * 100))
    return `pct = ${pct} but 100 x ${n}/${N} = ${expected}`;
  const m = /^(\d+)(?:\/(\d+))? \((\d+(?:\.(\d+))?)%?\)$/.exec(c.text.trim());
  if (!m || expected === null) return null;
  if (Number(m[1]) !== n) return `the text "${c.text}" shows n = ${m[1]}, the statistic is ${n}`;
  if (m[2] !== undefined && Number(m[2]) !== N)
    return `the text "${c.text}" shows N = ${m[2]}, the statistic is ${N}`;
  const digits = m[4]?.length ?? 0;
  const shown = m[3]!;
  // 0 and 100 are shown without decimals (formatPercent); any other percent at the shown precision.
  const want =
    digits === 0 && (expected === 0 || expected === 100) ? String(expected) : formatNumber(expected, digits);
  return shown === want ? null : `the text "${c.text}" shows ${shown}%, but 100 x ${n}/${N} = ${want}`;
}

/** One readable message for a list of violations (at most `limit` lines, then a count of the rest). */
export function formatInvariantViolations(v: InvariantViolation[], limit = 10): string {
  const lines = v
    .slice(0, limit)
    .map(
      (x) =>
        `${x.output}${x.section ? ` [${x.section}]` : ""}, row "${x.rowLabel}" (${x.rowKey}), column "${x.colLabel}" (${x.colKey}): ${x.check}: ${x.message}`,
    );
  if (v.length > limit) lines.push(`... and ${v.length - limit} more`);
  return lines.join("\n");
}
