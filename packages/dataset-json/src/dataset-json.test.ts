import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, SpecialMissing, UserError } from "@trialforge/core";
import Ajv2019 from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";
import { readDatasetJson, writeDatasetJson } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "djson-"));
const ref = (f: string) => join(import.meta.dirname, "../../../reference/dataset-json", f);
const schema = JSON.parse(readFileSync(ref("dataset.schema.json"), "utf8"));
const ajv = new Ajv2019.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
// CDISC's dataset-ndjson-schema.json (UTF-16) refers to #/$defs/Column, which it does not define, so it
// does not compile; the NDJSON metadata line is the same model as the .json file minus "rows", so it is
// checked against dataset.schema.json.
const validateNd = validate;

const meta: DatasetMeta = {
  name: "ADLB",
  label: "Lab Analysis Dataset",
  standard: "ADaM",
  class: "BASIC DATA STRUCTURE",
  structure: "One record per subject per parameter per analysis visit",
  keys: ["USUBJID", "PARAMCD", "ADT"],
  variables: [
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", length: 20 },
    { name: "PARAMCD", label: "Parameter Code", type: "Char", length: 8 },
    {
      name: "LBDTC",
      label: "Date/Time of Specimen Collection",
      type: "Char",
      length: 19,
      dataType: "partialDatetime",
    },
    { name: "ADT", label: "Analysis Date", type: "Num", length: 8, displayFormat: "DATE9." },
    { name: "ADTM", label: "Analysis Datetime", type: "Num", length: 8, displayFormat: "E8601DT19." },
    {
      name: "AVAL",
      label: "Analysis Value",
      type: "Num",
      length: 8,
      dataType: "float",
      displayFormat: "8.2",
    },
    { name: "AVISITN", label: "Analysis Visit (N)", type: "Num", length: 8 },
    { name: "ACOMM", label: "Comment", type: "Char", length: 200 },
  ],
};
// prettier-ignore
const rows = [
  {
    USUBJID: "S-1",
    PARAMCD: "ALT",
    LBDTC: "2024-03-15T08:30",
    ADT: 23450,
    ADTM: 2026081000,
    AVAL: 0.1,
    AVISITN: 1,
    ACOMM: 'quote " back\\ slash',
  },
  {
    USUBJID: "S-1",
    PARAMCD: "ALT",
    LBDTC: "2024-03",
    ADT: null,
    ADTM: null,
    AVAL: new SpecialMissing("A"),
    AVISITN: 2,
    ACOMM: "line\nbreak\ttab",
  },
  {
    USUBJID: "S-2",
    PARAMCD: "AST",
    LBDTC: "2024---15",
    ADT: -5,
    ADTM: 0,
    AVAL: -12345.678,
    AVISITN: null,
    ACOMM: "µg/L ≥ 5 — ünïcödé",
  },
  {
    USUBJID: "",
    PARAMCD: "AST",
    LBDTC: "",
    ADT: 0,
    ADTM: 86399,
    AVAL: 1e-300,
    AVISITN: 3,
    ACOMM: "Z".repeat(200),
  },
];

describe("writeDatasetJson", () => {
  it("writes a .json file valid against the Dataset-JSON 1.1 schema, with metadata from the dataset", async () => {
    const ds = datasetFromRows(meta, rows);
    const p = join(dir, "adlb.json");
    await writeDatasetJson(ds, p, {
      timestamp: "2026-01-01T00:00:00Z",
      studyOID: "NCT05563545",
      metaDataVersionOID: "MDV.1",
    });
    const j = JSON.parse(readFileSync(p, "utf8"));
    expect(validate(j), JSON.stringify(validate.errors)).toBe(true);
    expect(j).toMatchObject({
      datasetJSONCreationDateTime: "2026-01-01T00:00:00",
      dbLastModifiedDateTime: "2026-01-01T00:00:00",
      datasetJSONVersion: "1.1.0",
      itemGroupOID: "IG.ADLB",
      studyOID: "NCT05563545",
      metaDataVersionOID: "MDV.1",
      records: 4,
      name: "ADLB",
      label: "Lab Analysis Dataset",
    });
    expect(j.columns).toEqual([
      {
        itemOID: "IT.ADLB.USUBJID",
        name: "USUBJID",
        label: "Unique Subject Identifier",
        dataType: "string",
        length: 20,
        keySequence: 1,
      },
      {
        itemOID: "IT.ADLB.PARAMCD",
        name: "PARAMCD",
        label: "Parameter Code",
        dataType: "string",
        length: 8,
        keySequence: 2,
      },
      {
        itemOID: "IT.ADLB.LBDTC",
        name: "LBDTC",
        label: "Date/Time of Specimen Collection",
        dataType: "datetime",
        length: 19,
      },
      {
        itemOID: "IT.ADLB.ADT",
        name: "ADT",
        label: "Analysis Date",
        dataType: "date",
        targetDataType: "integer",
        displayFormat: "DATE9.",
        keySequence: 3,
      },
      {
        itemOID: "IT.ADLB.ADTM",
        name: "ADTM",
        label: "Analysis Datetime",
        dataType: "datetime",
        targetDataType: "integer",
        displayFormat: "E8601DT19.",
      },
      {
        itemOID: "IT.ADLB.AVAL",
        name: "AVAL",
        label: "Analysis Value",
        dataType: "float",
        displayFormat: "8.2",
      },
      { itemOID: "IT.ADLB.AVISITN", name: "AVISITN", label: "Analysis Visit (N)", dataType: "integer" },
      { itemOID: "IT.ADLB.ACOMM", name: "ACOMM", label: "Comment", dataType: "string", length: 200 },
    ]);
    // 23450 days after 1960-01-01 is 2024-03-15; 2026081000 s is 2024-01-07T00:30:00 (worked out with Date.UTC)
    expect(new Date(Date.UTC(1960, 0, 1) + 23450 * 864e5).toISOString().slice(0, 10)).toBe("2024-03-15");
    expect(j.rows[0]).toEqual([
      "S-1",
      "ALT",
      "2024-03-15T08:30",
      "2024-03-15",
      new Date(Date.UTC(1960, 0, 1) + 2026081000e3).toISOString().slice(0, 19),
      0.1,
      1,
      'quote " back\\ slash',
    ]);
    expect(j.rows[1].slice(3, 7)).toEqual([null, null, ".A", 2]);
    expect(j.rows[2].slice(3, 7)).toEqual(["1959-12-27", "1960-01-01T00:00:00", -12345.678, null]);
  });

  it("writes .ndjson: metadata line valid against the NDJSON schema, then one array per row", async () => {
    const ds = datasetFromRows(meta, rows);
    const p = join(dir, "adlb.ndjson");
    await writeDatasetJson(ds, p, { timestamp: "2026-01-01T00:00:00Z", chunkBytes: 1 });
    const lines = readFileSync(p, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.length).toBe(6);
    const head = JSON.parse(lines[0]!);
    expect(validateNd(head), JSON.stringify(validateNd.errors)).toBe(true);
    expect(head.rows).toBeUndefined();
    for (const l of lines.slice(1, 5)) expect(JSON.parse(l)).toHaveLength(8);
  });

  it("is deterministic for the same timestamp, and takes SOURCE_DATE_EPOCH when no timestamp is given", async () => {
    const ds = datasetFromRows(meta, rows);
    const old = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1767225600"; // 2026-01-01T00:00:00Z
    try {
      await writeDatasetJson(ds, join(dir, "a.json"));
    } finally {
      if (old === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = old;
    }
    await writeDatasetJson(ds, join(dir, "b.json"), { timestamp: "2026-01-01T00:00:00Z" });
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe(readFileSync(join(dir, "b.json"), "utf8"));
  });
});

describe("readDatasetJson", () => {
  it.each(["json", "ndjson"] as const)(
    "reads back what was written (.%s), at any chunk size",
    async (fmt) => {
      const ds = datasetFromRows(meta, rows);
      const p = join(dir, `rt.${fmt}`);
      await writeDatasetJson(ds, p, { timestamp: "2026-01-01T00:00:00Z" });
      for (const chunkBytes of [1, 7, 64, 1 << 20]) {
        const back = await readDatasetJson(p, { chunkBytes });
        expect(back.meta.keys).toEqual(["USUBJID", "PARAMCD", "ADT"]);
        expect(back.meta.variables.map((v) => [v.name, v.label, v.type, v.length, v.displayFormat])).toEqual(
          meta.variables.map((v) => [v.name, v.label, v.type, v.length, v.displayFormat]),
        );
        expect(back.toRows()).toEqual(ds.toRows());
        expect([...back.num("AVAL").special!]).toEqual([[1, "A"]]);
      }
    },
  );

  it("refuses a .json whose rows come before its columns, with a clear message", async () => {
    const p = join(dir, "order.json");
    writeFileSync(
      p,
      '{"rows":[["a"]],"columns":[{"itemOID":"IT.X.A","name":"A","label":"a","dataType":"string"}],"name":"X"}',
    );
    await expect(readDatasetJson(p)).rejects.toThrow(/no "columns" before the rows/);
  });

  it("bad input gives one UserError that says where", async () => {
    const head =
      '{"datasetJSONCreationDateTime":"2026-01-01T00:00:00","datasetJSONVersion":"1.1.0","itemGroupOID":"IG.X","records":2,"name":"X","label":"x","columns":[{"itemOID":"IT.X.A","name":"A","label":"a","dataType":"string"},{"itemOID":"IT.X.N","name":"N","label":"n","dataType":"integer"}],"rows":';
    const cases: [string, RegExp][] = [
      [`${head}[["a",1],["b",2,3]]}`, /row 2 has more values than the 2 columns/],
      [`${head}[["a",1],["b"]]}`, /row 2 has 1 values, the columns are 2/],
      [`${head}[["a",1],["b","x"]]}`, /row 2, column N: "x" is not a number/],
      [`${head}[["a",1]]}`, /"records" says 2 but the file has (room for at most )?1 rows/],
      [`${head}[["a",1],["b",2],["c",3]]}`, /"records" says 2 but the file has more rows/],
      [`${head}[["a",1],["b",`, /file ends inside row 2/],
      [`${head}[["a",1],["b",tru]]}`, /row 2, column N: bad value/],
    ];
    for (const [text, re] of cases) {
      const p = join(dir, "bad.json");
      writeFileSync(p, text);
      const err = await readDatasetJson(p).catch((e) => e);
      expect(err, text).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(re);
    }
    await expect(readDatasetJson(join(dir, "missing.json"))).rejects.toThrow(/cannot open \(ENOENT\)/);
  });

  it("reads CDISC's own examples (.json and .ndjson give the same dataset)", async () => {
    const a = await readDatasetJson(ref("adam-adsl.json"));
    const b = await readDatasetJson(ref("adam-adsl.ndjson"));
    expect(a.length).toBe(254);
    expect(b.toRows()).toEqual(a.toRows());
    // TRTSDT "2014-01-02" is SAS day 19725 (Date.UTC oracle)
    expect(a.get("TRTSDT", 0)).toBe((Date.UTC(2014, 0, 2) - Date.UTC(1960, 0, 1)) / 864e5);
    expect(a.meta.variables.find((v) => v.name === "TRTSDT")).toMatchObject({
      type: "Num",
      displayFormat: "DATE9.",
    });
    for (const f of ["sdtm-rs.json", "sdtm-ts.json"])
      expect((await readDatasetJson(ref(f))).length).toBeGreaterThan(0);
  });
});
