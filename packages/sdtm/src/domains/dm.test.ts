/** DM arms: ARMNRS for subjects without an arm, and RFENDTC null for them (SDTMIG 3.4 5.2). */
import type { Study } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { col, frameOf } from "../internal/testing.ts";
import { deriveArms } from "./dm.ts";

const study = {
  arms: [{ armcd: "DL1", arm: "Dose Level 1", dose: 100, doseUnit: "mg" }],
} as unknown as Study;

describe("deriveArms", () => {
  it("screen failures and unassigned subjects get ARMNRS and a null RFENDTC (CORE-000192)", () => {
    // prettier-ignore
    const dm = frameOf(
      "DM",
      ["USUBJID", "ARMCD", "ARM", "ACTARMCD", "ACTARM", "ARMNRS", "ACTARMUD", "RFENDTC"],
      [
        { USUBJID: "S1", ARMCD: "DL1", RFENDTC: "2024-03-01" },
        { USUBJID: "S2", ARMCD: "", RFENDTC: "2024-01-20" },
        { USUBJID: "S3", ARMCD: "", RFENDTC: "2024-01-22" },
      ],
    );
    deriveArms(dm, {
      study,
      actualDose: new Map([["S1", 100]]),
      doseTolerance: 0.1,
      screenFailures: new Set(["S2"]),
    });
    expect(col(dm, "ARMNRS")).toEqual(["", "SCREEN FAILURE", "NOT ASSIGNED"]);
    expect(col(dm, "ACTARMCD")).toEqual(["DL1", "", ""]);
    expect(col(dm, "RFENDTC")).toEqual(["2024-03-01", "", ""]);
  });
});
