import { describe, expect, it } from "vitest";
import { AGENCY_RULES, checkDatasetFileName, planSplit, splitFileStem } from "./agency.ts";

describe("checkDatasetFileName", () => {
  it("accepts lower-case names of at most 8 letters and digits", () => {
    for (const f of ["dm.xpt", "suppae.xpt", "adsl.xpt", "lb1.xpt", "adtte.xpt", "abcdefgh.xpt"])
      expect(checkDatasetFileName(f)).toBeUndefined();
  });
  it("names what is wrong: upper case, too long, special characters, not .xpt", () => {
    expect(checkDatasetFileName("DM.xpt")).toMatch(/upper-case/);
    expect(checkDatasetFileName("abcdefghi.xpt")).toMatch(/9 characters/);
    expect(checkDatasetFileName("ad_sl.xpt")).toMatch(/special characters/);
    expect(checkDatasetFileName("1dm.xpt")).toMatch(/special characters/);
    expect(checkDatasetFileName("dm.sas7bdat")).toMatch(/\.xpt/);
  });
});

describe("splitFileStem", () => {
  it("appends the part number and keeps 8 characters", () => {
    expect(splitFileStem("lb", 1)).toBe("lb1");
    expect(splitFileStem("suppae", 12)).toBe("suppae12");
    expect(splitFileStem("abcdefgh", 3)).toBe("abcdefg3");
    expect(splitFileStem("abcdefgh", 10)).toBe("abcdef10");
  });
});

describe("planSplit", () => {
  // prettier-ignore
  const subjects = ["A", "A", "A", "B", "B", "C", "D", "D", "D", "D"];
  const size = (n: number) => 800 + Math.ceil((n * 80) / 80) * 80;

  it("keeps each part under the limit and never cuts a subject apart", () => {
    expect(planSplit(subjects, 80, 800, 800 + 5 * 80)).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 10 },
    ]);
    const parts = planSplit(subjects, 80, 800, 800 + 4 * 80);
    expect(parts).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 10 },
    ]);
    for (const p of parts) {
      expect(size(p.end - p.start)).toBeLessThanOrEqual(800 + 4 * 80);
      if (p.start > 0) expect(subjects[p.start]).not.toBe(subjects[p.start - 1]);
    }
    expect(parts.reduce((n, p) => n + p.end - p.start, 0)).toBe(subjects.length);
  });

  it("gives one part when everything fits, and a subject larger than the limit its own part", () => {
    expect(planSplit(subjects, 80, 800, 1e9)).toEqual([{ start: 0, end: 10 }]);
    expect(planSplit(["A", "A", "A", "B"], 80, 0, 80)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 4 },
    ]);
  });
});

describe("AGENCY_RULES", () => {
  it("FDA keeps the unsplit dataset and puts the parts in split/; PMDA replaces it in place", () => {
    expect(AGENCY_RULES.fda).toMatchObject({
      maxDatasetBytes: 5 * 1024 ** 3,
      splitFolder: "split",
      keepUnsplit: true,
    });
    expect(AGENCY_RULES.pmda.splitFolder).toBeUndefined();
    expect(AGENCY_RULES.pmda.keepUnsplit).toBe(false);
  });
});
