/** sortByKeys gives exactly core's sortDataset: same row order, values, special missings and dictionaries. */
import { type DatasetMeta, datasetFromRows, SpecialMissing, sortDataset, sortOrder } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { keyOrder, sortByKeys } from "./formats.ts";

const meta: DatasetMeta = {
  name: "LB",
  label: "Laboratory Test Results",
  standard: "SDTM",
  class: "FINDINGS",
  structure: "One record per lab test per visit per subject",
  keys: ["USUBJID", "LBTESTCD", "VISITNUM"],
  variables: [
    { name: "USUBJID", label: "Unique Subject Identifier", type: "Char", length: 20 },
    { name: "LBTESTCD", label: "Lab Test Short Name", type: "Char", length: 8 },
    { name: "VISITNUM", label: "Visit Number", type: "Num", length: 8 },
    { name: "LBSTRESN", label: "Numeric Result", type: "Num", length: 8 },
    { name: "LBORRES", label: "Result", type: "Char", length: 20 },
  ],
} as DatasetMeta;

describe("sortByKeys", () => {
  it("equals sortDataset on shuffled rows with missing and special values", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const rows = Array.from({ length: 500 }, () => ({
      USUBJID: ["S-03", "S-01", "", "S-02"][rnd(4)]!,
      LBTESTCD: ["HGB", "ALT", "WBC"][rnd(3)]!,
      VISITNUM: rnd(5) === 0 ? null : rnd(9) === 0 ? -0 : rnd(4) - 1.5,
      LBSTRESN: rnd(6) === 0 ? new SpecialMissing("A") : rnd(7) === 0 ? null : rnd(1000) / 10,
      LBORRES: rnd(5) === 0 ? "" : `v${rnd(20)}`,
    }));
    const ds = datasetFromRows(meta, rows);
    const a = sortDataset(ds);
    const b = sortByKeys(ds);
    expect(b.length).toBe(a.length);
    expect(b.toRows()).toEqual(a.toRows());
    for (const v of meta.variables) {
      const ca = a.column(v.name);
      const cb = b.column(v.name);
      if (ca.kind === "Char" && cb.kind === "Char") {
        expect(cb.dict).toEqual(ca.dict);
        expect([...cb.codes]).toEqual([...ca.codes]);
      } else if (ca.kind === "Num" && cb.kind === "Num") {
        expect([...cb.values]).toEqual([...ca.values]);
        expect([...(cb.special ?? new Map())]).toEqual([...(ca.special ?? new Map())]);
      }
    }
    expect([...(b.num("LBSTRESN").special ?? new Map()).values()].length).toBeGreaterThan(0);
  });

  it("keyOrder is core's sortOrder for any key list (numbers, specials, absent variables, ties)", () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const rows = Array.from({ length: 2000 }, () => ({
      USUBJID: ["S-3", "S-1", "", "S-10", "s-1"][rnd(5)]!,
      LBTESTCD: ["HGB", "ALT", "WBC", ""][rnd(4)]!,
      VISITNUM: rnd(6) === 0 ? null : rnd(8) === 0 ? -0 : rnd(5) - 2,
      LBSTRESN: rnd(6) === 0 ? new SpecialMissing("B") : rnd(7) === 0 ? null : rnd(50) / 7,
      LBORRES: `v${rnd(3)}`,
    }));
    const ds = datasetFromRows(meta, rows);
    for (const by of [
      meta.keys,
      ["LBSTRESN", "USUBJID"],
      ["LBORRES", "NOSUCHVAR", "VISITNUM"],
      [],
      ["LBORRES"],
    ])
      expect([...keyOrder(ds, by)]).toEqual([...sortOrder(ds, by)]);
  });
});
