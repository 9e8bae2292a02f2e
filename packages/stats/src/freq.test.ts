import { describe, expect, it } from "vitest";
import type { ArdRow } from "./ard.ts";
import { countDenominators, countEvents, countSubjects } from "./freq.ts";

const pick = (rows: ArdRow[], groupLevel: string | null, variableLevel: string, statName: string) =>
  rows.find(
    (r) => r.groupLevel === groupLevel && r.variableLevel === variableLevel && r.statName === statName,
  )?.stat;

// biome-ignore format: aligned fixture table
const ae = {
  subjects: ["01",       "01",       "01",     "02",       "03",     "03", "04"  ],
  groups:   ["A",        "A",        "A",      "A",        "B",      "B",  "C"   ],
  levels:   ["Headache", "Headache", "Nausea", "Headache", "Nausea", null, "Rash"],
};

describe("countSubjects counts each subject once per category (TEAE rule)", () => {
  const rows = countSubjects({
    ...ae,
    variable: "AEDECOD",
    groupVariable: "TRT01A",
    denominators: { A: 4, B: 5 },
    overallLabel: "Total",
    anyLevelLabel: "Any TEAE",
  });
  it("a subject with two Headache records counts once", () => {
    expect(pick(rows, "A", "Headache", "n")).toBe(2);
    expect(pick(rows, "A", "Headache", "N")).toBe(4);
    expect(pick(rows, "A", "Headache", "p")).toBe(0.5);
  });
  it("zero cells exist for every level and column", () => {
    expect(pick(rows, "B", "Headache", "n")).toBe(0);
    expect(pick(rows, "B", "Headache", "p")).toBe(0);
  });
  it("records of groups outside the denominators (C) are not counted, and null levels are skipped", () => {
    expect(rows.some((r) => r.variableLevel === "Rash")).toBe(false);
    expect(pick(rows, "B", "Nausea", "n")).toBe(1);
  });
  it("overall column: distinct subjects over groups, N = sum of group N", () => {
    expect(pick(rows, "Total", "Nausea", "n")).toBe(2);
    expect(pick(rows, "Total", "Nausea", "N")).toBe(9);
  });
  it("the any-level row counts subjects with at least one categorised record", () => {
    expect(pick(rows, "A", "Any TEAE", "n")).toBe(2);
    expect(pick(rows, "Total", "Any TEAE", "n")).toBe(3);
    expect(rows[0]?.variableLevel).toBe("Any TEAE");
  });
  it("rows carry the ARD keys", () => {
    expect(rows[0]).toEqual({
      group: "TRT01A",
      groupLevel: "A",
      variable: "AEDECOD",
      variableLevel: "Any TEAE",
      statName: "n",
      stat: 2,
    });
  });
  it("levelOrder fixes the rows and adds levels nobody has", () => {
    const r = countSubjects({
      ...ae,
      variable: "AEDECOD",
      groupVariable: "TRT01A",
      denominators: { A: 4, B: 5 },
      levelOrder: ["Rash", "Nausea"],
    });
    expect([...new Set(r.map((x) => x.variableLevel))]).toEqual(["Rash", "Nausea"]);
    expect(pick(r, "A", "Rash", "n")).toBe(0);
  });
  it("ungrouped counts take one denominator", () => {
    const r = countSubjects({
      subjects: ae.subjects,
      levels: ae.levels,
      variable: "AEDECOD",
      denominators: 10,
    });
    expect(pick(r, null, "Headache", "n")).toBe(2);
    expect(pick(r, null, "Rash", "p")).toBe(0.1);
    expect(r[0]?.group).toBeNull();
  });
  it("N = 0 gives p null", () => {
    const r = countSubjects({ ...ae, variable: "AEDECOD", groupVariable: "TRT01A", denominators: { A: 0 } });
    expect(pick(r, "A", "Headache", "p")).toBeNull();
  });
  it("mismatched lengths are refused with a message", () => {
    expect(() => countSubjects({ subjects: ["1"], levels: [], variable: "X", denominators: 1 })).toThrow(
      /same length/,
    );
  });
});

describe("countEvents counts records", () => {
  it("two Headache records of one subject count twice", () => {
    const rows = countEvents({
      ...ae,
      variable: "AEDECOD",
      groupVariable: "TRT01A",
      denominators: { A: 4, B: 5 },
      overallLabel: "Total",
    });
    expect(pick(rows, "A", "Headache", "nEvents")).toBe(3);
    expect(pick(rows, "Total", "Nausea", "nEvents")).toBe(2);
  });
});

describe("countDenominators", () => {
  it("counts distinct subjects per group in the given order", () => {
    expect(countDenominators(["1", "2", "2", "3"], ["B", "A", "A", "B"], ["B", "A", "C"])).toEqual({
      B: 2,
      A: 1,
      C: 0,
    });
    expect(Object.keys(countDenominators(["1", "2"], ["b", "a"]))).toEqual(["a", "b"]);
  });
});
