/**
 * KM rates in summary tables: one rule for 0% and 100% (no log-log interval, "NE"), and a rate of 0 after
 * every subject had the event is 0.0, not "NE". Expected cells from base R: test/fixtures/km-rates.R.
 */
import { TlfShell } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { buildOutput, type TableOutput } from "../src/index.ts";
import { makeDataset } from "./adam-fixture.ts";

// biome-ignore format: aligned literal tables
const adsl = makeDataset("ADSL", [
  { USUBJID: "A1", EFFFL: "Y", TRT01A: "A", TRT01AN: 1 },
  { USUBJID: "A2", EFFFL: "Y", TRT01A: "A", TRT01AN: 1 },
  { USUBJID: "A3", EFFFL: "Y", TRT01A: "A", TRT01AN: 1 },
  { USUBJID: "B1", EFFFL: "Y", TRT01A: "B", TRT01AN: 2 },
  { USUBJID: "B2", EFFFL: "Y", TRT01A: "B", TRT01AN: 2 },
  { USUBJID: "B3", EFFFL: "Y", TRT01A: "B", TRT01AN: 2 },
  { USUBJID: "B4", EFFFL: "Y", TRT01A: "B", TRT01AN: 2 },
], ["TRT01AN"]);
// biome-ignore format: aligned literal tables
const adtte = makeDataset("ADTTE", [
  { USUBJID: "A1", PARAMCD: "OS", AVAL: 30,  CNSR: 0 },
  { USUBJID: "A2", PARAMCD: "OS", AVAL: 60,  CNSR: 0 },
  { USUBJID: "A3", PARAMCD: "OS", AVAL: 90,  CNSR: 0 },
  { USUBJID: "B1", PARAMCD: "OS", AVAL: 15,  CNSR: 0 },
  { USUBJID: "B2", PARAMCD: "OS", AVAL: 100, CNSR: 1 },
  { USUBJID: "B3", PARAMCD: "OS", AVAL: 200, CNSR: 0 },
  { USUBJID: "B4", PARAMCD: "OS", AVAL: 400, CNSR: 1 },
], ["AVAL", "CNSR"]);

const shell = TlfShell.parse({
  id: "t-km-test",
  title: "KM",
  population: "EFFFL",
  dataset: "ADTTE",
  layout: {
    kind: "summary",
    items: [
      {
        type: "km",
        label: "Overall survival",
        paramcd: "OS",
        timeDivisor: 30.4375,
        timeUnit: "months",
        rateTimes: [0.25, 1, 3, 12].map((t) => ({ time: t, label: `${t} months` })),
      },
    ],
  },
});

describe("KM rates (expected from base R, test/fixtures/km-rates.R)", () => {
  const o = buildOutput(
    shell,
    new Map([
      ["ADSL", adsl],
      ["ADTTE", adtte],
    ]),
  ) as TableOutput;
  const rate = (t: number) =>
    o.sections[0]!.rows.find((r) => r.key.endsWith(`rate@${t}`))!.cells.map((c) => c.text);
  it("100% before any event has no interval: 100.0 (NE, NE) in every column", () => {
    expect(rate(0.25)).toEqual(["100.0 (NE, NE)", "100.0 (NE, NE)", "100.0 (NE, NE)"]);
  });
  it("rates strictly between 0 and 100 carry the log-log Greenwood interval", () => {
    expect(rate(1)).toEqual(["66.7 (5.4, 94.5)", "75.0 (12.8, 96.1)", "71.4 (25.8, 92.0)"]);
  });
  it("after every subject of a group had the event the rate is 0.0 (NE, NE), not NE, even beyond the last time", () => {
    expect(rate(3)).toEqual(["0.0 (NE, NE)", "75.0 (12.8, 96.1)", "42.9 (9.8, 73.4)"]);
    expect(rate(12)).toEqual(["0.0 (NE, NE)", "37.5 (1.1, 80.8)", "21.4 (1.2, 58.6)"]);
  });
  it("the QC statistics say the same: surv 0 with null limits", () => {
    const c = o.sections[0]!.rows.find((r) => r.key.endsWith("rate@12"))!.cells[0]!;
    expect(c.stats).toEqual([
      { name: "surv", value: 0 },
      { name: "lcl", value: null },
      { name: "ucl", value: null },
    ]);
  });
});
