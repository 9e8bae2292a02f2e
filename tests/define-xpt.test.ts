import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sortDataset } from "@trialforge/core";
import { buildDefine } from "@trialforge/define";
import { adamFixtures, fixtureStudy, sdtmFixtures } from "@trialforge/define/testing";
import { loadTerminology } from "@trialforge/terminology";
import { writeXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";
import { walkDefine } from "./define-walk.ts";

const terminology = loadTerminology();
const TS = "2026-07-31T00:00:00Z";

describe("define.xml agrees with the XPT files written from the same datasets", () => {
  for (const [standard, make] of [
    ["SDTM", sdtmFixtures],
    ["ADaM", adamFixtures],
  ] as const) {
    it(`${standard}: every dataset, variable, codelist value and value-level condition matches`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `define-${standard}-`));
      const datasets = make().map((d) => sortDataset(d));
      for (const ds of datasets)
        await writeXpt(ds, join(dir, `${ds.name.toLowerCase()}.xpt`), { timestamp: TS });
      const r = buildDefine({ standard, datasets, study: fixtureStudy, terminology, timestamp: TS });
      writeFileSync(join(dir, "define.xml"), r.xml);
      const { problems, counts } = await walkDefine(dir, terminology);
      expect(problems).toEqual([]);
      expect(counts.datasets).toBe(datasets.length);
      expect(counts.variables).toBe(datasets.reduce((s, d) => s + d.meta.variables.length, 0));
      expect(counts.conditions).toBeGreaterThan(0);
    });
  }

  it("the walk catches a define that disagrees with the data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "define-bad-"));
    mkdirSync(dir, { recursive: true });
    const datasets = sdtmFixtures().map((d) => sortDataset(d));
    for (const ds of datasets)
      await writeXpt(ds, join(dir, `${ds.name.toLowerCase()}.xpt`), { timestamp: TS });
    const r = buildDefine({ standard: "SDTM", datasets, study: fixtureStudy, terminology, timestamp: TS });
    const bad = r.xml
      .replace("<CheckValue>ALT</CheckValue>", "<CheckValue>AST</CheckValue>")
      .replace('CodedValue="U/L"', 'CodedValue="IU/L"')
      .replace('Name="AESER" DataType="text" Length="1"', 'Name="AESER" DataType="text" Length="2"');
    writeFileSync(join(dir, "define.xml"), bad);
    const { problems } = await walkDefine(dir, terminology);
    expect(problems.some((p) => p.includes("LBTESTCD=AST: selects no rows"))).toBe(true);
    expect(problems.some((p) => p.includes('"U/L" is not in codelist CL.UNIT'))).toBe(true);
    expect(problems.some((p) => p.includes("AE.AESER: Length 2 vs XPT 1"))).toBe(true);
  });
});
