/**
 * The build-time table invariants: every shell of the study passes them on the fixture, and each check
 * fails on a table broken on purpose, naming the output, row and column.
 */
import { loadTlfShells, TlfShell } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import {
  buildOutput,
  checkOutputInvariants,
  checkQcInvariants,
  formatInvariantViolations,
  type QcDocument,
  renderJson,
} from "../src/index.ts";
import { makeAdamFixture } from "./adam-fixture.ts";
import { stamp } from "./samples.ts";

const specDir = new URL("../../../specs/nct05563545", import.meta.url).pathname;
const shells = loadTlfShells(specDir);
const shell = (id: string) => shells.find((s) => s.id === id)!;
const adam = makeAdamFixture();
const qc = (id: string): QcDocument =>
  JSON.parse(renderJson(buildOutput(shell(id), adam), stamp)) as QcDocument;
const found = (doc: QcDocument) => checkQcInvariants(doc).map((v) => `${v.check} ${v.rowKey} @ ${v.colKey}`);

const DL1 = "trt=DL1 1x10^7 cells/kg";
/** The ARD record of one statistic (the tests edit it in place). */
function stat(doc: QcDocument, rowKey: string, colKey: string, name: string) {
  const a = doc.ard.find((x) => x.rowKey === rowKey && x.colKey === colKey && x.statName === name);
  if (!a) throw new Error(`no ${name} at ${rowKey} / ${colKey}`);
  return a;
}
function setText(doc: QcDocument, rowKey: string, colKey: string, text: string) {
  for (const a of doc.ard) if (a.rowKey === rowKey && a.colKey === colKey) a.text = text;
}

describe("every table of the study passes the invariants on the fixture", () => {
  for (const s of shells)
    it(s.id, () => {
      expect(checkOutputInvariants(buildOutput(s, adam), stamp)).toEqual([]);
    });
});

describe("each invariant fails on a table broken on purpose", () => {
  it("the fixture's DL1 column has N = 5 on t-ae-socpt (the numbers the edits below rely on)", () => {
    const doc = qc("t-ae-socpt");
    expect(doc.columns!.find((c) => c.key === DL1)?.n).toBe(5);
    expect(doc.columns!.find((c) => c.key === "total")?.totalOf).toHaveLength(3);
  });

  it("n-within-N: 6 subjects in a column of N = 5", () => {
    const doc = qc("t-ae-socpt");
    const n = stat(doc, "item0:any", DL1, "n");
    n.stat = 6;
    const pct = stat(doc, "item0:any", DL1, "pct");
    pct.stat = 120;
    setText(doc, "item0:any", DL1, "6 (120.0)");
    expect(found(doc)).toContain(`n-within-N item0:any @ ${DL1}`);
    expect(checkQcInvariants(doc).find((v) => v.check === "n-within-N")?.message).toBe("n = 6 exceeds N = 5");
  });

  it("percent: 2 of 5 shown as 50.0 instead of 40.0 (and a pct statistic that is not 100 n/N)", () => {
    const doc = qc("t-ae-socpt");
    const row = doc.sections![0]!.rows.find((r) => r.key !== "item0:any" && r.parent === "item0:any")!;
    const n = stat(doc, row.key, DL1, "n");
    n.stat = 2;
    stat(doc, row.key, DL1, "pct").stat = 40;
    setText(doc, row.key, DL1, "2 (50.0)");
    const v = checkQcInvariants(doc).filter((x) => x.check === "percent");
    expect(v.map((x) => [x.rowKey, x.colKey, x.message])).toEqual([
      [row.key, DL1, 'the text "2 (50.0)" shows 50.0%, but 100 x 2/5 = 40.0'],
    ]);
    stat(doc, row.key, DL1, "pct").stat = 50;
    expect(checkQcInvariants(doc).find((x) => x.check === "percent")?.message).toBe(
      "pct = 50 but 100 x 2/5 = 40",
    );
  });

  it("total-union: a Total that is not the sum of the dose-level columns", () => {
    const doc = qc("t-ae-socpt");
    const t = stat(doc, "item0:any", "total", "n");
    const N = doc.columns!.find((c) => c.key === "total")!.n!;
    t.stat = t.stat! - 1;
    stat(doc, "item0:any", "total", "pct").stat = (100 * t.stat) / N;
    setText(doc, "item0:any", "total", `${t.stat} (${((100 * t.stat) / N).toFixed(1)})`);
    expect(found(doc).filter((x) => x.startsWith("total-union"))).toEqual(["total-union item0:any @ total"]);
  });

  it("nested-count: a preferred term with more subjects than its SOC", () => {
    const doc = qc("t-ae-socpt");
    const rows = doc.sections![0]!.rows;
    const pt = rows.find((r) => r.parent !== undefined && r.parent !== "item0:any")!;
    const soc = stat(doc, pt.parent!, "total", "n").stat!;
    const n = stat(doc, pt.key, "total", "n");
    n.stat = soc + 1;
    expect(found(doc)).toContain(`nested-count ${pt.key} @ total`);
  });

  it("records-per-subject: t-cyto without the analysis-record filter uses the repeat result too", () => {
    // The shell as it was before the QC finding: no ANL01FL filter.
    const broken = TlfShell.parse({ ...shell("t-cyto"), where: { PARAMCD: ["IL6"] } });
    const v = checkOutputInvariants(buildOutput(broken, adam), stamp);
    const rec = v.filter((x) => x.check === "records-per-subject");
    expect(rec.length).toBeGreaterThan(0);
    expect(new Set(rec.map((x) => x.rowKey.split("|stat=")[0]))).toEqual(
      new Set(["param=Interleukin 6 (ng/L)|visit=Day 7"]),
    );
    expect(rec[0]!.message).toBe(
      "a subject contributes 2 records; the shell declares one analysis record per subject",
    );
  });

  it("the build message names the output, row and column", () => {
    const doc = qc("t-ae-socpt");
    stat(doc, "item0:any", DL1, "n").stat = 6;
    const msg = formatInvariantViolations(checkQcInvariants(doc).filter((v) => v.check === "n-within-N"));
    expect(msg).toBe(
      `t-ae-socpt, row "Subjects with any TEAE" (item0:any), column "DL1 1x10^7 cells/kg" (${DL1}): n-within-N: n = 6 exceeds N = 5`,
    );
  });
});
