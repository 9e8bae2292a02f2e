import { type DatasetMeta, datasetFromRows } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { duplicateRows, groupIds } from "./columns.ts";

const meta: DatasetMeta = {
  name: "X",
  label: "X",
  standard: "SDTM",
  class: "FINDINGS",
  structure: "",
  keys: [],
  variables: [
    { name: "USUBJID", label: "U", type: "Char", length: 8 },
    { name: "N", label: "N", type: "Num", length: 8 },
  ],
};
// biome-ignore format: aligned fixture table
const ds = datasetFromRows(meta, [
  { USUBJID: "A", N: 1 },
  { USUBJID: "A", N: 2 },
  { USUBJID: "B", N: 1 },
  { USUBJID: "A", N: 1 },    // repeats row 0
  { USUBJID: "B", N: null },
  { USUBJID: "B", N: null }, // repeats row 4 (missing equals missing)
  { USUBJID: "A", N: -0 },
  { USUBJID: "A", N: 0 },    // -0 and 0 are one value
]);

describe("group keys over columnar data", () => {
  it("duplicateRows names the later rows of each repeated combination", () => {
    expect(duplicateRows(ds, ["USUBJID", "N"])).toEqual([3, 5, 7]);
    expect(duplicateRows(ds, ["USUBJID"])).toEqual([1, 3, 4, 5, 6, 7]); // A: rows 0 1 3 6 7, B: rows 2 4 5
  });
  it("groupIds gives equal ids to equal combinations only", () => {
    const { ids, count } = groupIds(ds, ["USUBJID", "N"]);
    expect(count).toBe(5);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[4]).toBe(ids[5]);
    expect(ids[6]).toBe(ids[7]);
    expect(new Set([ids[0], ids[1], ids[2], ids[4], ids[6]]).size).toBe(5);
  });
  it("stays exact when the radix product passes 2^52 (many distinct values per column)", () => {
    const m: DatasetMeta = {
      ...meta,
      variables: ["A", "B", "C", "D"].map((name) => ({ name, label: name, type: "Num" as const, length: 8 })),
    };
    const rows = Array.from({ length: 20000 }, (_, i) => ({ A: i, B: i * 7, C: i % 13, D: i * 0.5 }));
    rows.push({ ...rows[123]! });
    expect(duplicateRows(datasetFromRows(m, rows), ["A", "B", "C", "D"])).toEqual([20000]);
  });
});
