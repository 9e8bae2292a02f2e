/**
 * End to end: synthesise the demo study's raw exports, ingest them via the EDC CSV files and via the
 * ODM export, and check that both give the same tables, that record counts reconcile with the synth
 * manifest, and that the injected defects are rejected (or accepted) as the manifest says.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type IngestResult, ingestStudy, type Rejection } from "@trialforge/ingest";
import { loadStudy, type Study } from "@trialforge/spec";
import { type SynthSummary, synthesize } from "@trialforge/synth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "ingest-synth-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let study: Study;
let summary: SynthSummary;
let viaCsv: IngestResult;
let viaOdm: IngestResult;

beforeAll(async () => {
  study = loadStudy(join(import.meta.dirname, "../specs/nct05563545"));
  const dir = join(root, "messy");
  summary = await synthesize(study, dir, { seed: 1, messy: true });
  viaCsv = await ingestStudy(study, dir, { edc: "csv", subjectForm: "DM" });
  viaOdm = await ingestStudy(study, dir, { edc: "odm", subjectForm: "DM" });
}, 120_000);

describe("ingest of synthesised raw data", () => {
  it("reads every form of the study", () => {
    expect([...viaCsv.tables.keys()].sort()).toEqual(study.forms.map((f) => f.id).sort());
    expect(viaCsv.diagnostics).toEqual([]);
    expect(viaOdm.diagnostics).toEqual([]);
  });

  it("record counts reconcile with the synth manifest: read = records written = accepted + rejected", () => {
    for (const file of summary.files) {
      if (file.form === "ODM") continue;
      const t = viaCsv.tables.get(file.form)!;
      expect(t.file).toBe(file.path);
      expect(t.read, file.path).toBe(file.records);
      expect(t.read).toBe(t.accepted + t.rejected);
      expect(t.data.length).toBe(t.accepted);
      const rejectedRows = new Set(viaCsv.rejections.filter((r) => r.form === file.form).map((r) => r.row));
      expect(rejectedRows.size, file.path).toBe(t.rejected);
    }
    const odmFile = summary.files.find((f) => f.form === "ODM")!;
    const edcForms = study.forms.filter((f) => f.source === "edc");
    expect(edcForms.reduce((n, f) => n + viaOdm.tables.get(f.id)!.read, 0)).toBe(odmFile.records);
  });

  it("the CSV and the ODM export give identical tables and the same rejections", () => {
    for (const form of study.forms) {
      const a = viaCsv.tables.get(form.id)!;
      const b = viaOdm.tables.get(form.id)!;
      expect(b.file).toBe(form.source === "edc" ? "edc/odm.xml" : form.file);
      expect([b.read, b.accepted, b.rejected], form.id).toEqual([a.read, a.accepted, a.rejected]);
      expect(b.data.meta.variables.map((v) => v.name)).toEqual(a.data.meta.variables.map((v) => v.name));
      expect(b.data.toRows(), form.id).toEqual(a.data.toRows());
    }
    const key = (r: Rejection) =>
      `${r.form}|${r.row}|${r.column ?? ""}|${r.code}|${r.reason}|${r.value ?? ""}`;
    expect(viaOdm.rejections.map(key).sort()).toEqual(viaCsv.rejections.map(key).sort());
  });

  it("rejects the injected duplicate and off-list term at the rows the manifest names, and keeps the other defects", () => {
    const expected = summary.messyRecords
      .filter((m) => m.kind === "duplicate-record" || m.kind === "unknown-term")
      .map((m) => ({
        form: m.form,
        row: m.row,
        code: m.kind === "duplicate-record" ? "INGEST.DUPLICATE_KEY" : "INGEST.NOT_IN_LIST",
      }));
    expect(expected.length).toBeGreaterThan(0);
    expect(viaCsv.rejections.map((r) => ({ form: r.form, row: r.row, code: r.code }))).toEqual(
      expected.sort((x, y) => x.form.localeCompare(y.form) || x.row! - y.row!),
    );
    // Partial dates, stray case and spaces are legal raw values: carried, trimmed.
    for (const m of summary.messyRecords.filter(
      (x) => x.row !== undefined && ["partial-date", "stray-case", "stray-space"].includes(x.kind),
    )) {
      const t = viaCsv.tables.get(m.form)!;
      const i = t.data.num("SOURCEROW").values.indexOf(m.row!);
      expect(i, `${m.form} row ${m.row}`).toBeGreaterThanOrEqual(0);
      expect(t.data.char(m.field).get(i)).toBe(m.value.trim());
    }
  });

  it("clean synthetic data has no rejections", async () => {
    const dir = join(root, "clean");
    const clean = await synthesize(study, dir, { seed: 7, subjects: 6, messy: false });
    const res = await ingestStudy(study, dir, { edc: "odm", subjectForm: "DM" });
    expect(res.rejections).toEqual([]);
    for (const f of clean.files)
      if (f.form !== "ODM") expect(res.tables.get(f.form)!.accepted, f.path).toBe(f.records);
  }, 60_000);
});
