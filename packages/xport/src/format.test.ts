import { describe, expect, it } from "vitest";
import { formatDisplayFormat, parseDisplayFormat } from "./format.ts";

describe("SAS display formats in NAMESTR form", () => {
  it.each([
    ["DATE9.", "DATE", 9, 0],
    ["8.2", "", 8, 2],
    ["E8601DT19.", "E8601DT", 19, 0],
    ["E8601DA.", "E8601DA", 0, 0],
    ["$CHAR20.", "$CHAR", 20, 0],
    ["$200.", "$", 200, 0],
    ["BEST12.", "BEST", 12, 0],
    ["yymmdd10.", "YYMMDD", 10, 0],
  ])("%s -> name %s, width %d, decimals %d", (text, name, width, decimals) => {
    expect(parseDisplayFormat(text)).toEqual({ name, width, decimals });
    expect(formatDisplayFormat({ name, width, decimals })).toBe(text.toUpperCase());
  });

  it("rejects text that is not a format", () => {
    expect(parseDisplayFormat("DATE")).toBeUndefined();
    expect(parseDisplayFormat("9 .")).toBeUndefined();
    expect(parseDisplayFormat(".")).toBeUndefined();
  });

  it("no format when all NAMESTR fields are empty", () => {
    expect(formatDisplayFormat({ name: "", width: 0, decimals: 0 })).toBeUndefined();
  });
});
