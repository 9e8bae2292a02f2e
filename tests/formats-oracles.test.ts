/**
 * Other readers agree with what we write: xport-js (devDependency) and R haven (`Rscript`, installed on
 * the development machine, not in CI: that test skips without it) read our XPT; js-stream-dataset-json
 * (devDependency) reads our Dataset-JSON and NDJSON.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, SpecialMissing } from "@trialforge/core";
import { writeDatasetJson } from "@trialforge/dataset-json";
import { readXpt, writeXpt } from "@trialforge/xport";
import DatasetJsonLib from "js-stream-dataset-json";
import { describe, expect, it } from "vitest";
import XportLib from "xport-js";

const dir = mkdtempSync(join(tmpdir(), "oracles-"));
const TS = { timestamp: "2026-01-01T00:00:00Z" };
const hasR =
  spawnSync("Rscript", ["-e", "library(haven); library(jsonlite)"], { stdio: "ignore" }).status === 0;
if (!hasR)
  console.warn(
    "formats-oracles: Rscript with haven and jsonlite not found; skipping the R haven cross-check",
  );

const meta: DatasetMeta = {
  name: "LB",
  label: "Laboratory Test Results",
  standard: "SDTM",
  class: "FINDINGS",
  structure: "One record per lab test per visit per subject",
  keys: ["USUBJID", "LBSEQ"],
  variables: [
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", length: 24 },
    { name: "LBSEQ", label: "Sequence Number", type: "Num", length: 8 },
    { name: "LBTESTCD", label: "Lab Test or Examination Short Name", type: "Char", length: 8 },
    { name: "LBORRES", label: "Result or Finding in Original Units", type: "Char", length: 200 },
    {
      name: "LBSTRESN",
      label: "Numeric Result/Finding in Standard Units",
      type: "Num",
      length: 8,
      displayFormat: "8.2",
    },
    { name: "LBDT", label: "Date of Specimen Collection", type: "Num", length: 8, displayFormat: "DATE9." },
  ],
};
const long = `${"L".repeat(199)}!`;
// prettier-ignore
const rows = [
  { USUBJID: "NCT05563545-001-001", LBSEQ: 1, LBTESTCD: "ALT", LBORRES: "41", LBSTRESN: 41, LBDT: 23450 },
  { USUBJID: "NCT05563545-001-001", LBSEQ: 2, LBTESTCD: "CRP", LBORRES: "<0.1", LBSTRESN: 0.1, LBDT: null },
  {
    USUBJID: "NCT05563545-001-002",
    LBSEQ: 3,
    LBTESTCD: "IL6",
    LBORRES: long,
    LBSTRESN: new SpecialMissing("A"),
    LBDT: 0,
  },
  { USUBJID: "", LBSEQ: 4, LBTESTCD: "", LBORRES: "", LBSTRESN: -1234.5678, LBDT: -1 },
  {
    USUBJID: "NCT05563545-001-003",
    LBSEQ: 5,
    LBTESTCD: "FERR",
    LBORRES: "  x",
    LBSTRESN: 1 / 3,
    LBDT: new SpecialMissing("_"),
  },
];

describe("xport-js reads our XPT", () => {
  it("same names, labels, lengths and values (its first array row is the variable names)", async () => {
    const p = join(dir, "lb.xpt");
    await writeXpt(datasetFromRows(meta, rows), p, TS);
    const Library = ((XportLib as unknown as { default?: unknown }).default ?? XportLib) as new (
      p: string,
    ) => {
      getMetadata(): Promise<{ name: string; label: string; length: number; type: string }[]>;
      read(o: { rowFormat: "array" }): AsyncIterable<unknown[]>;
    };
    const lib = new Library(p);
    const md = await lib.getMetadata();
    expect(md.map((m) => [m.name, m.label, m.length])).toEqual(
      meta.variables.map((v) => [v.name, v.label, v.length]),
    );
    const got: unknown[][] = [];
    for await (const r of lib.read({ rowFormat: "array" })) got.push(r);
    expect(got[0]).toEqual(meta.variables.map((v) => v.name));
    const data = got.slice(1);
    expect(data.length).toBe(5);
    const ours = await readXpt(p);
    data.forEach((r, i) => {
      meta.variables.forEach((v, k) => {
        const mine = ours.get(v.name, i);
        // xport-js gives null for every missing numeric and trims text at both ends (haven, below, and
        // SAS keep leading blanks, so we do too)
        if (v.type === "Num") expect(r[k], `${v.name} row ${i + 1}`).toBe(mine);
        else expect(String(r[k] ?? ""), `${v.name} row ${i + 1}`).toBe(String(mine).trim());
      });
    });
  });
});

describe("js-stream-dataset-json reads our Dataset-JSON", () => {
  it.each(["json", "ndjson"])(".%s: metadata and rows", async (ext) => {
    const p = join(dir, `lb.${ext}`);
    await writeDatasetJson(datasetFromRows(meta, rows), p, { ...TS, studyOID: "NCT05563545" });
    const Lib = ((DatasetJsonLib as unknown as { default?: unknown }).default ?? DatasetJsonLib) as new (
      p: string,
      o?: object,
    ) => {
      getMetadata(): Promise<{
        records: number;
        name: string;
        columns: { name: string; dataType: string }[];
      }>;
      getData(o: { start: number }): Promise<unknown[][]>;
      close(): Promise<void>;
    };
    const lib = new Lib(p, { isNdJson: ext === "ndjson" });
    const md = await lib.getMetadata();
    expect([md.records, md.name]).toEqual([5, "LB"]);
    expect(md.columns.map((c) => c.dataType)).toEqual([
      "string",
      "integer",
      "string",
      "string",
      "float",
      "date",
    ]);
    const data = await lib.getData({ start: 0 });
    await lib.close();
    expect(data[0]).toEqual(["NCT05563545-001-001", 1, "ALT", "41", 41, "2024-03-15"]);
    expect(data[2]).toEqual(["NCT05563545-001-002", 3, "IL6", long, ".A", "1960-01-01"]);
    expect(data[3]).toEqual(["", 4, "", "", -1234.5678, "1959-12-31"]);
    expect(data[4]![5]).toBe("._");
  });
});

describe.skipIf(!hasR)("R haven::read_xpt reads our XPT", () => {
  const R = `
    suppressMessages(library(haven)); library(jsonlite)
    d <- read_xpt(commandArgs(TRUE)[1])
    cols <- lapply(names(d), function(n) {
      x <- d[[n]]
      if (is.character(x)) vals <- as.list(x) else {
        num <- as.numeric(x); tag <- na_tag(num)
        vals <- lapply(seq_along(num), function(i) if (is.na(num[i])) { if (is.na(tag[i])) "NA" else paste0("NA_", tag[i]) } else sprintf("%.17g", num[i]))
      }
      list(name = n, label = attr(x, "label"), format = if (is.null(attr(x, "format.sas"))) "" else attr(x, "format.sas"),
           class = class(x)[1], width = if (is.character(x)) attr(x, "width") else NULL, values = vals)
    })
    cat(toJSON(list(label = attr(d, "label"), n = nrow(d), cols = cols), auto_unbox = TRUE, null = "null"))
  `;
  const haven = (p: string) => {
    const s = join(dir, "read.R");
    writeFileSync(s, R);
    return JSON.parse(execFileSync("Rscript", [s, p], { encoding: "utf8" })) as {
      label: string;
      n: number;
      cols: { name: string; label: string; format: string; class: string; values: string[] }[];
    };
  };

  it("labels, formats and every value, special missing values as tagged NA", {
    timeout: 60_000,
  }, async () => {
    const p = join(dir, "lb-r.xpt");
    await writeXpt(datasetFromRows(meta, rows), p, TS);
    const h = haven(p);
    expect(h.label).toBe("Laboratory Test Results");
    expect(h.n).toBe(5);
    expect(h.cols.map((c) => [c.name, c.label, c.format])).toEqual([
      ["USUBJID", "Unique Subject Identifier", ""],
      ["LBSEQ", "Sequence Number", ""],
      ["LBTESTCD", "Lab Test or Examination Short Name", ""],
      ["LBORRES", "Result or Finding in Original Units", ""],
      ["LBSTRESN", "Numeric Result/Finding in Standard Units", "8.2"],
      ["LBDT", "Date of Specimen Collection", "DATE9"],
    ]);
    expect(h.cols[5]!.class).toBe("Date");
    expect(h.cols[0]!.values).toEqual(rows.map((r) => r.USUBJID));
    expect(h.cols[3]!.values).toEqual(rows.map((r) => r.LBORRES));
    // haven's Date counts days from 1970-01-01, 3653 days after SAS's 1960-01-01
    expect(h.cols[5]!.values).toEqual([String(23450 - 3653), "NA", String(-3653), String(-3654), "NA__"]);
    expect(h.cols[4]!.values.map((v) => (v.startsWith("NA") ? v : Number(v)))).toEqual([
      41,
      0.1,
      "NA_a",
      -1234.5678,
      1 / 3,
    ]);
  });

  it("the pilot DM fixture written back by us reads in haven like the SAS original", {
    timeout: 60_000,
  }, async () => {
    const src = join(import.meta.dirname, "../packages/xport/test/fixtures/dm.xpt");
    const p = join(dir, "dm.xpt");
    await writeXpt(await readXpt(src), p, TS);
    const a = haven(src);
    const b = haven(p);
    expect(b.n).toBe(306);
    expect(b.cols).toEqual(a.cols);
  });
});
