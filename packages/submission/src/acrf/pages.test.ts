import { describe, expect, it } from "vitest";
import { acrfPagesOf } from "./pages.ts";

// prettier-ignore
const pages = new Map<string, number[]>([
  ["VS.VSORRES.TEMP", [12]],
  ["VS.VSORRES.HEIGHT", [13]],
  ["VS.VSDTC", [12]],
  ["SUPPAE.QVAL.AEDLT", [16]],
  ["PC.PCORRES", [20]],
]);
const of = acrfPagesOf(pages);

describe("acrfPagesOf", () => {
  it("finds a value-level item's own pages, then its variable's", () => {
    expect(of("IT.VS.VSORRES.TEMP")).toEqual([12]);
    expect(of("IT.PC.PCORRES.CARTG.BLOOD")).toEqual([20]);
    expect(of("IT.SUPPAE.QVAL.AEDLT")).toEqual([16]);
  });
  it("gives a variable annotated only per test the union of those pages", () => {
    expect(of("IT.VS.VSORRES")).toEqual([12, 13]);
    expect(of("IT.SUPPAE.QVAL")).toEqual([16]);
  });
  it("knows nothing of items not annotated", () => {
    expect(of("IT.DM.AGEU")).toBeUndefined();
    expect(of("MT.VS.VSDTC")).toBeUndefined();
  });
});
