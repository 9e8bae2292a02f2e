import { describe, expect, it } from "vitest";
import { fakeCt, mapContext, rawTable } from "../internal/testing.ts";
import { compileMapping } from "./index.ts";

// prettier-ignore
const RAW = rawTable("VS", [
  { SUBJID: "001", VISIT: "Week  2", TPT: "after Lying Down for 5 Minutes" },
  { SUBJID: "002", VISIT: "unscheduled 3.1", TPT: "" },
  { SUBJID: "003", VISIT: "Week 3", TPT: "after Sitting" },
]);

const run = (m: Parameters<typeof compileMapping>[0]) => {
  const { ctx, rejections } = mapContext(RAW, fakeCt({}));
  const get = compileMapping(m, ctx);
  return { out: [0, 1, 2].map((i) => get(i)), rejections };
};

describe("assign_decode", () => {
  it("decodes case-insensitively with spaces normalised; a number table gives numbers and null for blanks", () => {
    const r = run({
      algorithm: "assign_decode",
      field: "VISIT",
      map: { "Week 2": 4, "Unscheduled 3.1": 3.1 },
    });
    expect(r.out.slice(0, 2)).toEqual([4, 3.1]);
    const t = run({
      algorithm: "assign_decode",
      field: "TPT",
      map: { "after lying down for 5 minutes": 815 },
    });
    expect(t.out[1]).toBeNull();
  });

  it("a null entry is a known value without a submission value (no rejection)", () => {
    const r = run({
      algorithm: "assign_decode",
      field: "VISIT",
      map: { "Week 2": 14, "Unscheduled 3.1": null },
    });
    expect(r.out.slice(0, 2)).toEqual([14, null]);
    expect(r.rejections.filter((x) => x.row !== 3)).toEqual([]);
  });

  it("a value the table does not list rejects the record with field, row and value (never a silent blank)", () => {
    const r = run({
      algorithm: "assign_decode",
      field: "TPT",
      map: { "after Lying Down for 5 Minutes": "PT5M" },
    });
    expect(r.out).toEqual(["PT5M", "", ""]);
    expect(r.rejections).toEqual([
      {
        form: "VS",
        file: "edc/vs.csv",
        row: 3,
        column: "TPT",
        code: "SDTM.DECODE_UNKNOWN",
        reason: 'XX.VAR: "after Sitting" is not in the spec\'s decode table',
        value: "after Sitting",
      },
    ]);
  });
});

describe("assign_part", () => {
  // prettier-ignore
  const PAT = rawTable("DM", [{ SUBJID: "701-1015" }, { SUBJID: "01-702-1023" }, { SUBJID: "1033" }]);
  const part = (index: number) => {
    const { ctx, rejections } = mapContext(PAT, fakeCt({}));
    const get = compileMapping({ algorithm: "assign_part", field: "SUBJID", separator: "-", index }, ctx);
    return { out: [0, 1, 2].map((i) => get(i)), rejections };
  };

  it("takes the part at the index, counting from the end when negative", () => {
    expect(part(0).out.slice(0, 2)).toEqual(["701", "01"]);
    expect(part(-1).out.slice(0, 2)).toEqual(["1015", "1023"]);
    expect(part(1).out.slice(0, 2)).toEqual(["1015", "702"]);
  });

  it("a value without the separator rejects the record", () => {
    const r = part(-1);
    expect(r.out[2]).toBe("");
    expect(r.rejections).toMatchObject([{ row: 3, column: "SUBJID", code: "SDTM.NO_PART", value: "1033" }]);
  });
});

describe("assign_datetime and the form's dateOrder", () => {
  // prettier-ignore
  const DAT = rawTable("DS", [
    { SUBJID: "001", DAT: "01-02-2014" },
    { SUBJID: "002", DAT: "26-12-2013" },
  ]);
  it("reads all-numeric dates month first by default and day first when the form says so", () => {
    const { ctx, rejections } = mapContext(DAT, fakeCt({}));
    const monthFirst = compileMapping({ algorithm: "assign_datetime", date: "DAT" }, ctx);
    expect([monthFirst(0), monthFirst(1)]).toEqual(["2014-01-02", ""]);
    expect(rejections).toMatchObject([{ row: 2, column: "DAT", code: "SDTM.BAD_DATE" }]);
    const dayFirst = compileMapping(
      { algorithm: "assign_datetime", date: "DAT" },
      { ...ctx, dayFirst: true },
    );
    expect([dayFirst(0), dayFirst(1)]).toEqual(["2014-02-01", "2013-12-26"]);
  });
});
