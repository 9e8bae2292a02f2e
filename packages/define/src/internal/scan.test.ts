import { CharColumn, NumColumn } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { NumAcc, numShape, pairedDecodes, sliceStats } from "./scan.ts";

const num = (xs: (number | null)[]) => {
  const c = new NumColumn();
  for (const x of xs) c.push(x);
  return c.seal();
};
const chr = (xs: string[]) => {
  const c = new CharColumn();
  for (const x of xs) c.push(x);
  return c.seal();
};

describe("numeric shape", () => {
  it("integers: digits of the largest magnitude", () => {
    expect(numShape(num([3, -120, null, 45]))).toEqual({ count: 3, integer: true, digits: 3, decimals: 0 });
  });
  it("floats: binary noise is ignored (0.1 + 0.2 has one decimal)", () => {
    const acc = new NumAcc();
    for (const x of [0.1 + 0.2, 12.5, -3]) acc.add(x);
    expect(acc.shape()).toEqual({ count: 3, integer: false, digits: 3, decimals: 1 });
  });
  it("the most decimals win, whatever the order", () => {
    expect(numShape(num([1.5, 2.125, 0.25])).decimals).toBe(3);
    expect(numShape(num([2.125, 1.5])).decimals).toBe(3);
  });
});

describe("slices", () => {
  it("counts rows and filled rows per slice, and shapes character results", () => {
    const res = chr(["12", "", "NEG", "7.25", "3"]);
    const slices = Int32Array.from([0, 0, 1, 0, -1]);
    const st = sliceStats(res, slices, 2);
    expect(st[0]).toMatchObject({
      rows: 3,
      filled: 2,
      text: { maxLength: 4, numeric: true, num: { integer: false, decimals: 2 } },
    });
    expect(st[1]).toMatchObject({ rows: 1, filled: 1, text: { maxLength: 3, numeric: false } });
  });
  it("pairs codes with their first decode", () => {
    expect([...pairedDecodes(chr(["A", "B", "A", ""]), chr(["Alpha", "Beta", "Other", "x"]))]).toEqual([
      ["A", "Alpha"],
      ["B", "Beta"],
    ]);
  });
});
