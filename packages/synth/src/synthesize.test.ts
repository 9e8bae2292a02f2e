import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadStudy } from "@trialforge/spec";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeArmCounts, type SynthSummary, synthesize } from "./synthesize.ts";

const study = loadStudy(resolve(import.meta.dirname, "../../../specs/nct05563545"));
const root = mkdtempSync(join(tmpdir(), "synth-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p.slice(dir.length + 1), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Minimal CSV reader for the tests (quotes, doubled quotes). */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, "utf8");
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  const [head, ...data] = rows;
  return data.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])));
}

let a: SynthSummary;
let clean: SynthSummary;
const dirA = join(root, "a");
const dirA2 = join(root, "a2");
const dirB = join(root, "b");
const dirClean = join(root, "clean");
const dirBig = join(root, "big");

beforeAll(async () => {
  a = await synthesize(study, dirA, { subjects: 12, seed: 7 });
  await synthesize(study, dirA2, { subjects: 12, seed: 7 });
  await synthesize(study, dirB, { subjects: 12, seed: 8 });
  clean = await synthesize(study, dirClean, { subjects: 12, seed: 7, messy: false });
  await synthesize(study, dirBig, { subjects: 90, seed: 11, messy: false });
}, 120_000);

describe("synthesize", () => {
  it("same seed gives byte-identical files, XLSX and ODM included", () => {
    const x = files(dirA);
    const y = files(dirA2);
    expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
    for (const [k, v] of x) expect(v.equals(y.get(k)!), k).toBe(true);
    expect(x.has("vendor/ada.xlsx")).toBe(true);
    expect(x.has("edc/odm.xml")).toBe(true);
  });

  it("a different seed gives different data", () => {
    const x = files(dirA);
    const z = files(dirB);
    expect(x.get("edc/dm.csv")!.equals(z.get("edc/dm.csv")!)).toBe(false);
    expect(x.get("vendor/central_lab.csv")!.equals(z.get("vendor/central_lab.csv")!)).toBe(false);
  });

  it("writes every form of the study plus the ODM export and a manifest", () => {
    for (const f of study.forms) expect(statSync(join(dirA, f.file)).isFile(), f.file).toBe(true);
    const m = JSON.parse(readFileSync(join(dirA, "synth-manifest.json"), "utf8"));
    expect(m.seed).toBe(7);
    expect(m.files).toHaveLength(study.forms.length + 1);
    expect(a.headerOnlyForms).toEqual([]);
  });

  it("manifest record counts equal the CSV data rows", () => {
    for (const f of a.files.filter((x) => x.format === "csv")) {
      expect(readCsv(join(dirA, f.path)).length, f.path).toBe(f.records);
    }
  });

  it("12 treated subjects: 1 screen failure, arms 3/3/6, one infusion each", () => {
    expect(computeArmCounts(12, 3)).toEqual([3, 3, 6]);
    expect(computeArmCounts(21, 3)).toEqual([6, 6, 9]);
    expect(a.screenFailures).toBe(1);
    const dm = readCsv(join(dirA, "edc/dm.csv"));
    expect(dm).toHaveLength(13);
    expect(dm.filter((r) => r.DOSELVL === "").length).toBe(1);
    expect(a.byArm).toEqual({ DL1: 3, DL2: 3, DL3: 6 });
    const inf = readCsv(join(dirA, "edc/ex_inf.csv"));
    expect(new Set(inf.map((r) => r.SUBJID)).size).toBe(12);
    // Lymphodepletion: 2 agents x 3 days per treated subject.
    expect(readCsv(join(dirA, "edc/ex_ld.csv"))).toHaveLength(12 * 6);
  });

  it("every lab sample carries all 50 tests", () => {
    const lb = readCsv(join(dirA, "vendor/central_lab.csv"));
    const bySample = new Map<string, number>();
    for (const r of lb) bySample.set(r.ACCSNUM!, (bySample.get(r.ACCSNUM!) ?? 0) + 1);
    expect([...new Set(bySample.values())]).toEqual([50]);
  });

  it("clean mode injects nothing: no partial dates, no duplicate AE keys, all AEOUT terms valid", () => {
    expect(clean.messyRecords).toEqual([]);
    const ae = readCsv(join(dirClean, "edc/ae.csv"));
    expect(ae.some((r) => r.AESTDAT!.startsWith("UN") || r.AEENDAT!.startsWith("UN"))).toBe(false);
    const keys = ae.map((r) => `${r.SUBJID}/${r.AESPID}`);
    expect(new Set(keys).size).toBe(keys.length);
    const outcomes = study.forms.find((f) => f.id === "AE")!.fields.find((f) => f.name === "AEOUT")!.values!;
    for (const r of ae) expect(outcomes).toContain(r.AEOUT);
  });

  it("messy mode injects each defect kind once and the manifest points at the row", () => {
    const kinds = a.messyRecords.map((m) => m.kind).sort();
    expect(new Set(kinds)).toEqual(
      new Set([
        "partial-date",
        "stray-case",
        "stray-space",
        "duplicate-record",
        "unknown-term",
        "out-of-window-visit",
      ]),
    );
    for (const m of a.messyRecords.filter((x) => x.row !== undefined)) {
      const rows = readCsv(join(dirA, study.forms.find((f) => f.id === m.form)!.file));
      expect(rows[m.row! - 1]![m.field], `${m.kind} ${m.form}.${m.field}`).toBe(m.value);
      expect(rows[m.row! - 1]!.SUBJID).toBe(m.subject);
    }
    const dup = a.messyRecords.find((m) => m.kind === "duplicate-record")!;
    const ae = readCsv(join(dirA, "edc/ae.csv"));
    expect(ae[dup.row! - 1]).toEqual(ae[dup.row! - 2]);
  });

  it("the out-of-window visit is outside its window in the vendor data", () => {
    const m = a.messyRecords.find((x) => x.kind === "out-of-window-visit")!;
    const v = study.visits.find((x) => x.VISIT === m.value)!;
    const inf = readCsv(join(dirA, "edc/ex_inf.csv")).find((r) => r.SUBJID === m.subject)!;
    const lb = readCsv(join(dirA, "vendor/central_lab.csv")).find(
      (r) => r.SUBJID === m.subject && r.VISIT === m.value,
    )!;
    const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    const [d, mon, y] = inf.EXSTDAT!.split("-");
    const day0 = Date.UTC(Number(y), months.indexOf(mon!), Number(d));
    const day = (Date.parse(`${lb.LBDAT}T00:00:00Z`) - day0) / 86400000;
    expect(day).toBeGreaterThan(v.day + v.windowHigh);
  });

  it("CAR transgene peaks between day 3 and 14 and is BLQ before infusion and from week 12", () => {
    const pc = readCsv(join(dirBig, "vendor/pk_qpcr.csv")).filter((r) => r.PCSPEC === "BLOOD");
    const bySubject = new Map<string, typeof pc>();
    for (const r of pc) bySubject.set(r.SUBJID!, [...(bySubject.get(r.SUBJID!) ?? []), r]);
    let peaks = 0;
    let inWindow = 0;
    for (const rows of bySubject.values()) {
      const quantified = rows.filter((r) => r.PCORRES !== "BLQ");
      if (quantified.length === 0) continue;
      const top = quantified.reduce((x, y) => (Number(y.PCORRES) > Number(x.PCORRES) ? y : x));
      peaks++;
      if (Number(top.PCNOMDY) >= 3 && Number(top.PCNOMDY) <= 14) inWindow++;
    }
    expect(peaks).toBeGreaterThan(60);
    expect(inWindow / peaks).toBeGreaterThan(0.8);
    const pre = pc.filter((r) => Number(r.PCNOMHR) <= 0);
    expect(pre.length).toBeGreaterThan(0);
    expect(pre.every((r) => r.PCORRES === "BLQ")).toBe(true);
    const late = pc.filter((r) => Number(r.PCNOMDY) >= 84);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((r) => r.PCORRES === "BLQ").length / late.length).toBeGreaterThan(0.95);
  });

  it("IL-6 peaks higher in subjects with grade >=2 CRS than in subjects without CRS", async () => {
    const ae = readCsv(join(dirBig, "edc/ae.csv"));
    const crs2 = new Set(
      ae.filter((r) => r.CRSICANS === "CRS" && Number(r.ASTCTGR) >= 2).map((r) => r.SUBJID),
    );
    const anyCrs = new Set(ae.filter((r) => r.CRSICANS === "CRS").map((r) => r.SUBJID));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dirBig, "vendor/cytokines.xlsx"));
    const ws = wb.worksheets[0]!;
    const head = (ws.getRow(1).values as unknown[]).map(String);
    const col = (n: string) => head.indexOf(n);
    const peak = new Map<string, number>();
    ws.eachRow((row, i) => {
      if (i === 1 || row.getCell(col("CYTESTCD")).text !== "IL6") return;
      const subj = row.getCell(col("SUBJID")).text;
      const v = Number.parseFloat(row.getCell(col("CYORRES")).text.replace("<", ""));
      peak.set(subj, Math.max(peak.get(subj) ?? 0, v));
    });
    const median = (xs: number[]) => xs.sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
    const withCrs = [...peak].filter(([k]) => crs2.has(k)).map(([, v]) => v);
    const without = [...peak].filter(([k]) => !anyCrs.has(k)).map(([, v]) => v);
    expect(withCrs.length).toBeGreaterThan(3);
    expect(median(withCrs)).toBeGreaterThan(3 * median(without));
  });
});
