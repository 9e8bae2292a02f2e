import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DatasetMeta, datasetFromRows, SpecialMissing, UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { readXpt, readXptWithInfo, writeXpt } from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "xport-"));
const TS = { timestamp: "2026-01-01T00:00:00Z" };

const meta = (over: Partial<DatasetMeta> = {}): DatasetMeta => ({
  name: "LB",
  label: "Laboratory Test Results",
  standard: "SDTM",
  class: "FINDINGS",
  structure: "One record per lab test per visit per subject",
  keys: ["USUBJID", "LBSEQ"],
  variables: [
    {
      name: "USUBJID",
      label: "Unique Subject Identifier",
      type: "Char",
      length: 20,
      origin: { type: "Derived" },
    },
    { name: "LBSEQ", label: "Sequence Number", type: "Num", length: 8, displayFormat: "8." },
    {
      name: "LBDTC",
      label: "Date/Time of Specimen Collection",
      type: "Char",
      length: 19,
      dataType: "partialDatetime",
    },
    {
      name: "LBSTRESN",
      label: "Numeric Result/Finding in Standard Units",
      type: "Num",
      length: 8,
      displayFormat: "8.2",
    },
    { name: "LBCOMM", label: "Comment", type: "Char", length: 200, codelist: "C1" },
    { name: "ADT", label: "Analysis Date", type: "Num", length: 8, displayFormat: "DATE9." },
  ],
  ...over,
});

const long200 = `${"X".repeat(199)}Y`;
// prettier-ignore
const rows = [
  { USUBJID: "S-001", LBSEQ: 1, LBDTC: "2024-03", LBSTRESN: 0.1, LBCOMM: long200, ADT: 23450 },
  {
    USUBJID: "S-001",
    LBSEQ: 2,
    LBDTC: "2024---15",
    LBSTRESN: new SpecialMissing("A"),
    LBCOMM: "",
    ADT: null,
  },
  {
    USUBJID: "S-002",
    LBSEQ: 3,
    LBDTC: "2024-03-15T-:30",
    LBSTRESN: new SpecialMissing("_"),
    LBCOMM: "  lead",
    ADT: -3,
  },
  { USUBJID: "", LBSEQ: 4, LBDTC: "", LBSTRESN: -0, LBCOMM: "a", ADT: 0 },
  { USUBJID: "S-003", LBSEQ: 5, LBDTC: "2024", LBSTRESN: null, LBCOMM: "b", ADT: new SpecialMissing("Z") },
];

describe("writeXpt / readXpt", () => {
  it("round-trips values, special missing values, 200-byte strings, -0 and metadata XPT can hold", async () => {
    const ds = datasetFromRows(meta(), rows);
    const p = join(dir, "lb.xpt");
    await writeXpt(ds, p, TS);
    const back = await readXpt(p);
    expect(back.length).toBe(5);
    expect(back.meta.name).toBe("LB");
    expect(back.meta.label).toBe("Laboratory Test Results");
    expect(back.meta.variables.map((v) => [v.name, v.label, v.type, v.length, v.displayFormat])).toEqual(
      meta().variables.map((v) => [v.name, v.label, v.type, v.length, v.displayFormat]),
    );
    // metadata XPT has no place for is not written
    expect(back.meta.variables[0]!.origin).toBeUndefined();
    expect(back.meta.variables[4]!.codelist).toBeUndefined();
    for (const name of ["USUBJID", "LBSEQ", "LBDTC", "LBSTRESN", "LBCOMM", "ADT"]) {
      for (let i = 0; i < 5; i++)
        expect(Object.is(back.get(name, i), ds.get(name, i)), `${name}[${i}]`).toBe(true);
    }
    expect(back.char("LBCOMM").get(0)).toBe(long200);
    expect(back.char("LBCOMM").get(2)).toBe("  lead"); // leading blanks kept, trailing are padding
    expect(Object.is(back.get("LBSTRESN", 3), -0)).toBe(true);
    expect([...back.num("LBSTRESN").special!]).toEqual([
      [1, "A"],
      [2, "_"],
    ]);
    expect([...back.num("ADT").special!]).toEqual([[4, "Z"]]);
  });

  it("reads many rows across cache blocks and chunks: runs of equal text, blanks, special missings, short numerics", async () => {
    // ~300 bytes per row: a cache block holds ~218 rows, so runs and values cross block and chunk seams.
    const m = meta({
      variables: [
        ...meta().variables,
        { name: "LBSHORT", label: "Short numeric", type: "Num", length: 4 },
        { name: "LBNOTE", label: "Note", type: "Char", length: 64 },
      ],
    });
    const many = Array.from({ length: 5000 }, (_, i) => ({
      USUBJID: `S-${String(Math.floor(i / 700)).padStart(3, "0")}`, // runs of 700 equal values
      LBSEQ: i,
      LBDTC: i % 3 === 0 ? "" : `2024-03-${String((i % 28) + 1).padStart(2, "0")}`,
      LBSTRESN: i % 97 === 0 ? new SpecialMissing("B") : i % 13 === 0 ? null : i / 7,
      LBCOMM: i % 5 === 0 ? `${"padded ".repeat(i % 4)}${i % 11}` : "",
      ADT: 23000 + (i % 400),
      LBSHORT: i % 17 === 0 ? null : i % 250,
      LBNOTE: `${"x".repeat(i % 64)}`.slice(0, 64),
    }));
    const ds = datasetFromRows(m, many);
    const p = join(dir, "many.xpt");
    await writeXpt(ds, p, TS);
    for (const chunkBytes of [undefined, 7 * 1024]) {
      const back = await readXpt(p, chunkBytes ? { chunkBytes } : {});
      expect(back.length).toBe(many.length);
      for (const v of m.variables)
        for (let i = 0; i < many.length; i++)
          if (!Object.is(back.get(v.name, i), ds.get(v.name, i)))
            expect(back.get(v.name, i), `${v.name}[${i}]`).toBe(ds.get(v.name, i));
      expect([...back.num("LBSTRESN").special!]).toEqual([...ds.num("LBSTRESN").special!]);
    }
  });

  it("writes 80-byte records, blank padding, the member name and the stamps from the timestamp option", async () => {
    const ds = datasetFromRows(meta(), rows);
    const p = join(dir, "lb2.xpt");
    await writeXpt(ds, p, TS);
    const b = readFileSync(p);
    expect(b.length % 80).toBe(0);
    const text = b.toString("latin1");
    expect(text.slice(0, 80)).toBe(
      "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ",
    );
    expect(text.slice(80 + 64, 80 + 80)).toBe("01JAN26:00:00:00");
    expect(text.slice(160, 176)).toBe("01JAN26:00:00:00");
    expect(text.slice(400 + 8, 400 + 16)).toBe("LB      ");
    expect(text.slice(7 * 80, 8 * 80)).toContain("NAMESTR HEADER RECORD!!!!!!!0000000006");
    // rows are 20+8+19+8+200+8 = 263 bytes; 5 rows = 1315 bytes, padded with 45 blanks to 1360
    const obs = text.indexOf("OBS     HEADER RECORD") - 20 + 80;
    expect(b.length - obs).toBe(1360);
    expect(text.slice(b.length - 45)).toBe(" ".repeat(45));
    // special missing .A is the letter followed by seven zero bytes; '.' for plain missing
    const lbstresnRow2 = obs + 263 + 47;
    expect(b.subarray(lbstresnRow2, lbstresnRow2 + 8).toString("hex")).toBe("4100000000000000");
    const info = (await readXptWithInfo(p)).info;
    expect(info.created).toBe("2026-01-01T00:00:00");
    expect(info.sasVersion).toBe("9.4");
  });

  it("is deterministic: the same dataset and timestamp give the same bytes", async () => {
    const ds = datasetFromRows(meta(), rows);
    await writeXpt(ds, join(dir, "a.xpt"), TS);
    await writeXpt(ds, join(dir, "b.xpt"), TS);
    expect(readFileSync(join(dir, "a.xpt")).equals(readFileSync(join(dir, "b.xpt")))).toBe(true);
  });

  it("keeps all-blank short rows that are data, not padding (row length below 80)", async () => {
    const m = meta({ variables: [{ name: "X", label: "x", type: "Char", length: 1 }] });
    const ds = datasetFromRows(m, [{ X: "a" }, { X: "" }, { X: "" }]);
    const p = join(dir, "short.xpt");
    await writeXpt(ds, p, TS);
    // 3 data bytes + 77 blanks of padding: the two blank rows are indistinguishable from padding in
    // XPT v5 (SAS's own ambiguity); the reader keeps rows that start before the last record.
    const back = await readXpt(p);
    expect(back.get("X", 0)).toBe("a");
    expect(back.length).toBe(1);
    const ds2 = datasetFromRows(m, [{ X: "a" }, { X: "b" }, { X: "c" }]);
    await writeXpt(ds2, p, TS);
    expect((await readXpt(p)).toRows()).toEqual([{ X: "a" }, { X: "b" }, { X: "c" }]);
  });

  it("writes and reads a dataset with no rows", async () => {
    const ds = datasetFromRows(meta(), []);
    const p = join(dir, "empty.xpt");
    await writeXpt(ds, p, TS);
    const back = await readXpt(p);
    expect(back.length).toBe(0);
    expect(back.meta.variables.length).toBe(6);
  });
});

describe("writeXpt refuses what XPT v5 cannot hold", () => {
  const refuse = async (m: DatasetMeta, rs: Record<string, unknown>[], re: RegExp) => {
    const p = join(dir, "bad.xpt");
    const err = await writeXpt(datasetFromRows(m, rs as never), p, TS).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(re);
    expect(() => readFileSync(p)).toThrow(); // no partial file left behind
  };
  const one = (v: DatasetMeta["variables"][number]) => meta({ variables: [v] });

  it("variable names over 8 characters", () =>
    refuse(
      one({ name: "LBSTRESNX", label: "x", type: "Num", length: 8 }),
      [],
      /LB\.LBSTRESNX: variable name is 9 characters; XPT v5 allows at most 8/,
    ));
  it("dataset names over 8 characters", () =>
    refuse(meta({ name: "LBLONGNAME" }), [], /dataset name "LBLONGNAME"/));
  it("labels over 40 characters", () =>
    refuse(
      one({ name: "X", label: "L".repeat(41), type: "Num", length: 8 }),
      [],
      /LB\.X label is 41 characters; XPT v5 allows at most 40/,
    ));
  it("character lengths over 200", () =>
    refuse(
      one({ name: "X", label: "x", type: "Char", length: 201 }),
      [],
      /LB\.X: character length 201; XPT v5 holds at most 200 bytes/,
    ));
  it("values longer than the variable's length, naming the row", () =>
    refuse(
      one({ name: "X", label: "x", type: "Char", length: 3 }),
      [{ X: "abc" }, { X: "abcd" }],
      /LB\.X row 2: value is 4 bytes, longer than the variable's length 3/,
    ));
  it("non-ASCII text, naming variable and row", () =>
    refuse(
      one({ name: "X", label: "x", type: "Char", length: 20 }),
      [{ X: "ok" }, { X: "ok" }, { X: "résumé" }],
      /LB\.X row 3: value has the non-ASCII character "é"/,
    ));
  it("non-ASCII labels", () =>
    refuse(
      one({ name: "X", label: "Dosis µg", type: "Num", length: 8 }),
      [],
      /LB\.X label has a character XPT v5 cannot hold/,
    ));
  it("numbers beyond IBM range, naming the row", () =>
    refuse(
      one({ name: "X", label: "x", type: "Num", length: 8 }),
      [{ X: 1 }, { X: 1e80 }],
      /LB\.X row 2: 1e\+80 is too large/,
    ));
  it("format names over 8 characters", () =>
    refuse(
      one({ name: "X", label: "x", type: "Num", length: 8, displayFormat: "VERYLONGFMT8." }),
      [],
      /format name VERYLONGFMT is longer than 8/,
    ));

  it("writes Windows-1252 text when asked, and reads it back", async () => {
    const m = one({ name: "X", label: "x", type: "Char", length: 20 });
    const p = join(dir, "cp.xpt");
    await writeXpt(datasetFromRows(m, [{ X: "Alzheimer’s" }]), p, { ...TS, encoding: "windows-1252" });
    expect(readFileSync(p).includes(Buffer.from([0x72, 0x92, 0x73]))).toBe(true);
    expect((await readXpt(p)).get("X", 0)).toBe("Alzheimer’s");
  });
});

describe("readXpt with a library of several members", () => {
  it("reads the first member only, ending its rows where the next member header starts", async () => {
    const m1 = meta({ name: "A", variables: [{ name: "X", label: "x", type: "Char", length: 3 }] });
    const m2 = meta({ name: "B", variables: [{ name: "Y", label: "y", type: "Num", length: 8 }] });
    const a = join(dir, "m1.xpt");
    const b = join(dir, "m2.xpt");
    await writeXpt(datasetFromRows(m1, [{ X: "abc" }, { X: "de" }]), a, TS);
    await writeXpt(datasetFromRows(m2, [{ Y: 1 }, { Y: 2 }]), b, TS);
    // a library = A's file followed by B's member (its bytes after the 3 library header records)
    const lib = Buffer.concat([readFileSync(a), readFileSync(b).subarray(240)]);
    const p = join(dir, "lib.xpt");
    writeFileSync(p, lib);
    const ds = await readXpt(p);
    expect(ds.meta.name).toBe("A");
    expect(ds.toRows()).toEqual([{ X: "abc" }, { X: "de" }]);
  });
});
