import { describe, expect, it } from "vitest";
import { Collector } from "./internal/collector.ts";
import { failsThreshold, summarizeFindings } from "./summary.ts";

describe("Collector and summarizeFindings", () => {
  it("keeps the first N findings per rule and dataset, closes with a count, and the summary count is exact", () => {
    const c = new Collector(3);
    for (let i = 0; i < 10; i++) c.report("TF-DT01", "LB", { variable: "LBDTC", value: `bad${i}` });
    c.report("TF-DT01", "AE", { variable: "AESTDTC", value: "x" });
    c.report("TF-STR11", "AE", { variable: "AESER" });
    c.report("TF-STR15", "IE");
    const f = c.finish();
    expect(f.filter((x) => x.dataset === "LB")).toHaveLength(4);
    expect(f.find((x) => x.message.endsWith("7 more records not listed"))?.dataset).toBe("LB");
    const s = summarizeFindings(f);
    expect(s.byRule).toEqual([
      { rule: "TF-DT01", severity: "error", count: 11, message: "Date/time is not valid ISO 8601" },
      {
        rule: "TF-STR11",
        severity: "warning",
        count: 1,
        message: "Expected variable is missing from the dataset",
      },
      { rule: "TF-STR15", severity: "notice", count: 1, message: "Dataset has no records" },
    ]);
    expect([s.errors, s.warnings, s.notes, s.rules]).toEqual([11, 1, 1, 3]);
  });
  it("refuses an unknown rule id", () => {
    expect(() => new Collector().report("TF-NOPE", "AE")).toThrow(/unknown rule/);
  });
  it("failsThreshold: error fails on errors only, warning on either, never on nothing", () => {
    const warnOnly = { errors: 0, warnings: 2, notes: 0, explained: 0, rules: 1, byRule: [], notRun: [] };
    const withError = { ...warnOnly, errors: 1 };
    expect(failsThreshold(warnOnly, "error")).toBe(false);
    expect(failsThreshold(warnOnly, "warning")).toBe(true);
    expect(failsThreshold(withError, "error")).toBe(true);
    expect(failsThreshold(withError, "never")).toBe(false);
  });
});
