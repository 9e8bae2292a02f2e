import { describe, expect, it } from "vitest";
import { DatasetBuilder, type DatasetMeta, SpecialMissing, sortDataset } from "./index.ts";

const meta: DatasetMeta = {
  name: "LB",
  label: "Laboratory Test Results",
  standard: "SDTM",
  class: "FINDINGS",
  structure: "One record per lab test per time point per visit per subject",
  keys: ["USUBJID", "LBTESTCD", "LBSEQ"],
  variables: [
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", length: 20 },
    { name: "LBTESTCD", label: "Lab Test or Examination Short Name", type: "Char", length: 8 },
    { name: "LBSEQ", label: "Sequence Number", type: "Num", length: 8 },
    { name: "LBSTRESN", label: "Numeric Result/Finding in Standard Units", type: "Num", length: 8 },
  ],
};

describe("Dataset", () => {
  it("stores char columns dictionary-coded with code 0 as missing", () => {
    const b = new DatasetBuilder(meta);
    b.push({ USUBJID: "S-2", LBTESTCD: "HGB", LBSEQ: 1, LBSTRESN: 120 });
    b.push({ USUBJID: "S-1", LBTESTCD: "HGB", LBSEQ: 1, LBSTRESN: null });
    b.push({ USUBJID: "S-1", LBTESTCD: "", LBSEQ: 2, LBSTRESN: new SpecialMissing("A") });
    const ds = b.build();
    expect(ds.length).toBe(3);
    expect(ds.char("LBTESTCD").dict).toEqual(["", "HGB"]);
    expect(ds.get("LBSTRESN", 1)).toBeNull();
    expect(ds.num("LBSTRESN").specialAt(2)).toBe("A");
    const sorted = sortDataset(ds, ["USUBJID", "LBSEQ"]);
    expect(sorted.toRows().map((r) => `${r.USUBJID}/${r.LBSEQ}`)).toEqual(["S-1/1", "S-1/2", "S-2/1"]);
    expect(sorted.num("LBSTRESN").specialAt(1)).toBe("A");
  });

  it("refuses a row with a variable the metadata does not define", () => {
    const b = new DatasetBuilder(meta);
    expect(() => b.push({ USUBJID: "S-1", XX: 1 })).toThrow(/XX/);
  });
});
