import { resolve } from "node:path";
import { loadAdamSpec } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { col, table } from "../../test/fixtures.ts";
import { computeAnalysisWindow, deriveAnalysisWindow } from "./analysis-window.ts";

const windows = loadAdamSpec(resolve(import.meta.dirname, "../../../../specs/nct05563545")).adlb!.windows;
const name = (ady: number) => windows[computeAnalysisWindow(ady, windows)]?.avisit;

describe("analysis windows (infusion day 0)", () => {
  it("window edges are inclusive: day 24 is DAY 21, day 25 is DAY 28, day 42 DAY 28, day 43 WEEK 8", () => {
    expect([name(24), name(25), name(42), name(43)]).toEqual(["DAY 21", "DAY 28", "DAY 28", "WEEK 8"]);
  });
  it("the baseline record is BASELINE/0 whatever its day; other pre-dose records are SCREENING", () => {
    // prettier-ignore
    const ds = table("ADLB", [
      { ADY: -2, ABLFL: "" },
      { ADY: 0, ABLFL: "Y" },
      { ADY: 7, ABLFL: "" },
      { ADY: 2000, ABLFL: "" }, // outside every window
    ]);
    const out = deriveAnalysisWindow(ds, windows);
    expect(col(out, "AVISIT")).toEqual(["SCREENING", "BASELINE", "DAY 7", ""]);
    expect(col(out, "AVISITN")).toEqual([-1, 0, 7, null]);
  });
});
