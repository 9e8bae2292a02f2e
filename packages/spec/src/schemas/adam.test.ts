import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { loadAdamSpec } from "./adam.ts";

const studyAdam = resolve(import.meta.dirname, "../../../../specs/nct05563545/adam");

describe("loadAdamSpec", () => {
  it("loads the showcase study's ADaM spec with every dataset file", () => {
    const spec = loadAdamSpec(resolve(studyAdam, ".."));
    expect(spec.general.relativeDay).toBe("infusionDayZero");
    expect(spec.adae?.dlt.windowDays).toBe(28);
    expect(spec.adlb?.parameters.find((p) => p.paramcd === "NEUT")?.toxicity?.thresholds).toHaveLength(4);
    expect(spec.adis?.boostFold).toBe(4);
  });

  it("names the file and line of a bad value", () => {
    const dir = mkdtempSync(join(tmpdir(), "adamspec-"));
    cpSync(studyAdam, dir, { recursive: true });
    writeFileSync(
      join(dir, "adis.yaml"),
      "result: { domain: IS }\ntitre: { domain: IS }\npositive: [POSITIVE]\nboostFold: -4\n",
    );
    expect(() => loadAdamSpec(dir)).toThrow(/adis\.yaml:4 is invalid at boostFold/);
  });

  it("rejects a response named in responders but missing from the hierarchy", () => {
    const dir = mkdtempSync(join(tmpdir(), "adamspec-"));
    mkdirSync(dir, { recursive: true });
    cpSync(studyAdam, dir, { recursive: true });
    const text = `overall: { domain: RS }\nhierarchy: [CR, NR]\nresponders: [CR, CRi]\nprogression: [NR]\nconfirmation: { responses: [], minDays: 0, unconfirmedAs: NR }\nlandmarks: []\nmrd: { domain: LB, value: LBSTRESC, negative: [NEGATIVE], maxDaysFromResponse: 0 }\n`;
    writeFileSync(join(dir, "adrs.yaml"), text);
    let err: unknown;
    try {
      loadAdamSpec(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/response "CRi" is not in hierarchy/);
  });

  it("rejects an unknown file in the adam folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "adamspec-"));
    cpSync(studyAdam, dir, { recursive: true });
    writeFileSync(join(dir, "advs.yaml"), "x: 1\n");
    expect(() => loadAdamSpec(dir)).toThrow(/unknown file .*advs\.yaml/);
  });
});
