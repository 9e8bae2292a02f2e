/**
 * XPT -> Dataset-JSON -> XPT is lossless (same bytes) for a dataset with partial dates, numeric dates,
 * special missing values, 200-byte strings and awkward doubles; the same through `trialforge convert`,
 * with its exit statuses (2 usage, 1 bad input, one message).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, SpecialMissing } from "@trialforge/core";
import { readDatasetJson, writeDatasetJson } from "@trialforge/dataset-json";
import { readXpt, writeXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "roundtrip-"));
const TS = { timestamp: "2026-01-01T00:00:00Z" };

const meta: DatasetMeta = {
  name: "AE",
  label: "Adverse Events",
  standard: "SDTM",
  class: "EVENTS",
  structure: "One record per adverse event per subject",
  keys: ["USUBJID", "AESEQ"],
  variables: [
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", length: 24 },
    { name: "AESEQ", label: "Sequence Number", type: "Num", length: 8 },
    { name: "AETERM", label: "Reported Term for the Adverse Event", type: "Char", length: 200 },
    {
      name: "AESTDTC",
      label: "Start Date/Time of Adverse Event",
      type: "Char",
      length: 19,
      dataType: "partialDatetime",
    },
    { name: "ASTDT", label: "Analysis Start Date", type: "Num", length: 8, displayFormat: "DATE9." },
    { name: "ASTDTM", label: "Analysis Start Datetime", type: "Num", length: 8, displayFormat: "E8601DT19." },
    { name: "ASTTM", label: "Analysis Start Time", type: "Num", length: 8, displayFormat: "TIME8." },
    { name: "AETOXGRN", label: "Standard Toxicity Grade (N)", type: "Num", length: 8, displayFormat: "3." },
    { name: "AVAL", label: "Analysis Value", type: "Num", length: 8, displayFormat: "10.4" },
  ],
};
const t200 = `CYTOKINE RELEASE SYNDROME ${"X".repeat(200 - 26 - 1)}Z`;
// prettier-ignore
const rows = [
  {
    USUBJID: "NCT05563545-001-001",
    AESEQ: 1,
    AETERM: t200,
    AESTDTC: "2024",
    ASTDT: 23376,
    ASTDTM: 2019734400,
    ASTTM: 0,
    AETOXGRN: 3,
    AVAL: 0.1,
  },
  {
    USUBJID: "NCT05563545-001-001",
    AESEQ: 2,
    AETERM: "ICANS",
    AESTDTC: "2024-03",
    ASTDT: null,
    ASTDTM: null,
    ASTTM: 86399,
    AETOXGRN: new SpecialMissing("A"),
    AVAL: 1 / 3,
  },
  {
    USUBJID: "NCT05563545-001-002",
    AESEQ: 3,
    AETERM: "",
    AESTDTC: "2024---15",
    ASTDT: new SpecialMissing("B"),
    ASTDTM: -1,
    ASTTM: null,
    AETOXGRN: new SpecialMissing("_"),
    AVAL: -0,
  },
  {
    USUBJID: "NCT05563545-001-002",
    AESEQ: 4,
    AETERM: "  leading blanks kept",
    AESTDTC: "2024-03-15T-:30",
    ASTDT: -1,
    ASTDTM: 0,
    ASTTM: 3600,
    AETOXGRN: new SpecialMissing("Z"),
    AVAL: 1e-78,
  },
  {
    USUBJID: "",
    AESEQ: 5,
    AETERM: 'quote " and \\',
    AESTDTC: "",
    ASTDT: 0.5,
    ASTDTM: 1.25,
    ASTTM: -60,
    AETOXGRN: null,
    AVAL: 7.2e75,
  },
  {
    USUBJID: "NCT05563545-001-003",
    AESEQ: 6,
    AETERM: "Grade 4",
    AESTDTC: "2024-03-15T14:30:59",
    ASTDT: 23450,
    ASTDTM: 2026081000,
    ASTTM: 52205,
    AETOXGRN: 4,
    AVAL: -123456.789,
  },
];

const sameDataset = async (a: string, b: string) => {
  const x = await readXpt(a);
  const y = await readXpt(b);
  expect(y.meta.variables).toEqual(x.meta.variables);
  expect(y.toRows()).toEqual(x.toRows());
};

describe("XPT -> Dataset-JSON -> XPT", () => {
  it.each(["json", "ndjson"])("through .%s gives the same XPT bytes", async (ext) => {
    const ds = datasetFromRows(meta, rows);
    const x1 = join(dir, `ae1-${ext}.xpt`);
    const j = join(dir, `ae.${ext}`);
    const x2 = join(dir, `ae2-${ext}.xpt`);
    await writeXpt(ds, x1, TS);
    await writeDatasetJson(await readXpt(x1), j, TS);
    await writeXpt(await readDatasetJson(j), x2, TS);
    expect(readFileSync(x2).equals(readFileSync(x1))).toBe(true);
    const back = await readXpt(x2);
    expect([...back.num("AETOXGRN").special!]).toEqual([
      [1, "A"],
      [2, "_"],
      [3, "Z"],
    ]);
    expect([...back.num("ASTDT").special!]).toEqual([[2, "B"]]);
    expect(back.char("AETERM").get(0)).toBe(t200);
    expect(Object.is(back.get("AVAL", 2), -0)).toBe(true);
  });

  it("the Dataset-JSON twin carries the same metadata and ISO dates where the value is a whole date", async () => {
    const ds = datasetFromRows(meta, rows);
    const j = join(dir, "ae-meta.json");
    await writeDatasetJson(ds, j, TS);
    const doc = JSON.parse(readFileSync(j, "utf8"));
    expect(
      doc.columns.map((c: { name: string; label: string; length?: number; displayFormat?: string }) => [
        c.name,
        c.label,
        c.displayFormat,
      ]),
    ).toEqual(meta.variables.map((v) => [v.name, v.label, v.displayFormat]));
    // ASTDT holds 0.5 (not a whole day), so it stays numeric rather than lose the half day; ASTTM holds
    // -60 (not a time of day), likewise. ASTDTM holds 1.25 s: numeric too.
    expect(doc.columns.find((c: { name: string }) => c.name === "ASTDT")).toMatchObject({
      dataType: "float",
    });
    const clean = datasetFromRows(meta, rows.slice(0, 4));
    await writeDatasetJson(clean, j, TS);
    const doc2 = JSON.parse(readFileSync(j, "utf8"));
    expect(doc2.columns.find((c: { name: string }) => c.name === "ASTDT")).toMatchObject({
      dataType: "date",
      targetDataType: "integer",
    });
    // 23376 days after 1960-01-01 = 2024-01-01 (Date.UTC)
    expect(new Date(Date.UTC(1960, 0, 1) + 23376 * 864e5).toISOString().slice(0, 10)).toBe("2024-01-01");
    expect(doc2.rows[0][4]).toBe("2024-01-01");
    expect(doc2.rows[2][4]).toBe(".B");
  });
});

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "apps/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
  });

// each CLI run starts node + tsx (about 1 s)
describe("trialforge convert", { timeout: 60_000 }, () => {
  it("xpt -> ndjson -> json -> xpt keeps every byte", async () => {
    const x1 = join(dir, "c1.xpt");
    await writeXpt(datasetFromRows(meta, rows), x1, TS);
    for (const [a, b] of [
      [x1, join(dir, "c.ndjson")],
      [join(dir, "c.ndjson"), join(dir, "c.json")],
      [join(dir, "c.json"), join(dir, "c2.xpt")],
    ]) {
      const r = cli("convert", a!, b!);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/convert: AE 6 rows x 9 variables/);
    }
    // SOURCE_DATE_EPOCH 1767225600 is 2026-01-01T00:00:00Z, the same stamp as TS
    expect(readFileSync(join(dir, "c2.xpt")).equals(readFileSync(x1))).toBe(true);
    await sameDataset(x1, join(dir, "c2.xpt"));
  });

  it("usage errors exit 2", () => {
    expect(cli("convert", "a.xpt", "b.csv").status).toBe(2);
    expect(cli("convert", "a.xpt").status).toBe(2);
    expect(cli("convert", join(dir, "c1.xpt"), join(dir, "c1.xpt")).status).toBe(2);
  });

  it("bad input exits 1 with one readable message and no output file", () => {
    let r = cli("convert", join(dir, "nope.xpt"), join(dir, "nope.json"));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^trialforge: .*nope\.xpt: cannot open \(ENOENT\)$/);
    const j = join(dir, "bad.json");
    writeFileSync(
      j,
      JSON.stringify({
        datasetJSONCreationDateTime: "2026-01-01T00:00:00",
        datasetJSONVersion: "1.1.0",
        itemGroupOID: "IG.LONGNAME1",
        records: 1,
        name: "LONGNAME1",
        label: "x",
        columns: [{ itemOID: "IT.A", name: "A", label: "a", dataType: "string", length: 3 }],
        rows: [["abc"]],
      }),
    );
    r = cli("convert", j, join(dir, "bad.xpt"));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'trialforge: dataset name "LONGNAME1" is not a SAS name of at most 8 characters (XPT v5)',
    );
    expect(() => readFileSync(join(dir, "bad.xpt"))).toThrow();
    writeFileSync(
      j,
      JSON.stringify({
        datasetJSONCreationDateTime: "2026-01-01T00:00:00",
        datasetJSONVersion: "1.1.0",
        itemGroupOID: "IG.X",
        records: 2,
        name: "X",
        label: "x",
        columns: [{ itemOID: "IT.A", name: "A", label: "a", dataType: "string", length: 8 }],
        rows: [["abc"], ["Müller"]],
      }),
    );
    r = cli("convert", j, join(dir, "bad.xpt"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/X\.A row 2: value has the non-ASCII character "ü"/);
    r = cli("convert", join(dir, "c1.xpt"), join(dir, "no-such-folder", "c1.json"));
    expect([r.status, r.stderr.trim()]).toEqual([
      1,
      `trialforge: convert: the folder of ${join(dir, "no-such-folder", "c1.json")} does not exist`,
    ]);
    r = cli("convert", `${dir}/.`, join(dir, "d.json"));
    expect(r.status).toBe(2); // a folder has no .xpt/.json/.ndjson extension
    const fake = join(dir, "folder.xpt");
    mkdirSync(fake, { recursive: true });
    r = cli("convert", fake, join(dir, "d.json"));
    expect([r.status, r.stderr.trim()]).toEqual([1, `trialforge: ${fake}: cannot read (EISDIR)`]);
  });
});
