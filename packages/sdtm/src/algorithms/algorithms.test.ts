import { describe, expect, it } from "vitest";
import { fakeCt, mapContext, rawTable } from "../internal/testing.ts";
import { compileMapping } from "./index.ts";

const CT = fakeCt({
  C66731: { terms: ["M", "F", "U"], extensible: false },
  C66768: { terms: ["RECOVERED/RESOLVED", "FATAL"], extensible: false },
  C71620: { terms: ["g/L", "ng/L"], extensible: true, synonyms: { "pg/mL": "ng/L" } },
  C66728: { terms: ["ONGOING", "BEFORE"], extensible: false },
});

// prettier-ignore
const RAW = rawTable("AE", [
  {
    SUBJID: "001",
    SEX: " m",
    OUT: "RESOLVED",
    UNIT: "pg/mL",
    DAT: "15-MAR-2024",
    TIM: "14:30",
    N: "7",
    ONGO: "Y",
  },
  {
    SUBJID: "002",
    SEX: "F",
    OUT: "recovered/resolved",
    UNIT: "mmol",
    DAT: "UN-MAR-2024",
    TIM: "",
    N: "x",
    ONGO: "",
  },
  { SUBJID: "003", SEX: "", OUT: "FATAL", UNIT: "", DAT: "31-FEB-2024", TIM: "", N: "", ONGO: "N" },
]);

const values = (m: Parameters<typeof compileMapping>[0]) => {
  const { ctx, rejections, diagnostics } = mapContext(RAW, CT, [
    { id: "ASTCTGR", name: "ASTCT", extends: false, terms: [{ value: "1" }, { value: "2" }] },
  ]);
  const get = compileMapping(m, ctx);
  return { out: [0, 1, 2].map((i) => get(i)), rejections, diagnostics };
};

describe("assign_no_ct", () => {
  it("copies the raw text as collected, or upper-cased", () => {
    expect(values({ algorithm: "assign_no_ct", field: "OUT", case: "asis" }).out).toEqual([
      "RESOLVED",
      "recovered/resolved",
      "FATAL",
    ]);
    expect(values({ algorithm: "assign_no_ct", field: "OUT", case: "upper" }).out).toEqual([
      "RESOLVED",
      "RECOVERED/RESOLVED",
      "FATAL",
    ]);
  });
});

describe("assign_ct", () => {
  it("matches a non-extensible codelist ignoring case and spacing; an unknown term rejects the record", () => {
    const r = values({ algorithm: "assign_ct", field: "OUT", codelist: "C66768" });
    expect(r.out).toEqual(["", "RECOVERED/RESOLVED", "FATAL"]);
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]).toMatchObject({
      row: 1,
      column: "OUT",
      code: "SDTM.CT_UNKNOWN_TERM",
      value: "RESOLVED",
    });
  });
  it("applies the spec's raw-to-term map before the codelist", () => {
    const r = values({
      algorithm: "assign_ct",
      field: "OUT",
      codelist: "C66768",
      map: { resolved: "RECOVERED/RESOLVED" },
    });
    expect(r.out).toEqual(["RECOVERED/RESOLVED", "RECOVERED/RESOLVED", "FATAL"]);
    expect(r.rejections).toEqual([]);
  });
  it("stray case and spaces map to the submission value", () => {
    expect(values({ algorithm: "assign_ct", field: "SEX", codelist: "C66731" }).out).toEqual(["M", "F", ""]);
  });
  it("keeps an unknown term of an extensible codelist and lists it as an extension; synonyms give the submission value", () => {
    const r = values({ algorithm: "assign_ct", field: "UNIT", codelist: "C71620" });
    expect(r.out).toEqual(["ng/L", "MMOL", ""]);
    expect(r.rejections).toEqual([]);
    expect(r.diagnostics.items.map((d) => d.code)).toEqual(["SDTM.CT_EXTENSION"]);
  });
  it("checks a sponsor codelist strictly", () => {
    const r = values({ algorithm: "assign_ct", field: "N", codelist: "ASTCTGR" });
    expect(r.out).toEqual(["", "", ""]);
    expect(r.rejections.map((x) => x.value)).toEqual(["7", "x"]);
  });
});

describe("hardcode_ct / hardcode_no_ct", () => {
  it("gives the codelist's submission value on every record", () => {
    expect(values({ algorithm: "hardcode_ct", value: "ongoing", codelist: "C66728" }).out).toEqual([
      "ONGOING",
      "ONGOING",
      "ONGOING",
    ]);
    expect(values({ algorithm: "hardcode_no_ct", value: "DATA CUTOFF" }).out).toEqual([
      "DATA CUTOFF",
      "DATA CUTOFF",
      "DATA CUTOFF",
    ]);
  });
  it("a hard-coded term outside its non-extensible codelist is a spec error", () => {
    expect(() => values({ algorithm: "hardcode_ct", value: "LATER", codelist: "C66728" })).toThrow(/LATER/);
  });
});

describe("assign_datetime", () => {
  it("converts raw date (+ time) to ISO 8601, keeps partial dates partial, rejects impossible dates", () => {
    const r = values({ algorithm: "assign_datetime", date: "DAT", time: "TIM" });
    expect(r.out).toEqual(["2024-03-15T14:30", "2024-03", ""]);
    expect(r.rejections).toMatchObject([
      { row: 3, column: "DAT", code: "SDTM.BAD_DATE", value: "31-FEB-2024" },
    ]);
  });
});

describe("assign_number", () => {
  it("gives numbers, null for empty, and rejects text", () => {
    const r = values({ algorithm: "assign_number", field: "N" });
    expect(r.out).toEqual([7, null, null]);
    expect(r.rejections).toMatchObject([{ row: 2, code: "SDTM.NOT_A_NUMBER", value: "x" }]);
  });
});

describe("condition_add", () => {
  it("applies `apply` where every condition holds, `otherwise` elsewhere, missing without it", () => {
    const ongoing = values({
      algorithm: "condition_add",
      when: [{ field: "ONGO", equals: "y" }],
      apply: { algorithm: "hardcode_ct", value: "ONGOING", codelist: "C66728" },
    });
    expect(ongoing.out).toEqual(["ONGOING", null, null]);
    const withElse = values({
      algorithm: "condition_add",
      when: [
        { field: "ONGO", notEmpty: true },
        { field: "SEX", in: ["m", "f"] },
      ],
      apply: { algorithm: "hardcode_no_ct", value: "A" },
      otherwise: { algorithm: "hardcode_no_ct", value: "B" },
    });
    expect(withElse.out).toEqual(["A", "B", "B"]);
  });
});
