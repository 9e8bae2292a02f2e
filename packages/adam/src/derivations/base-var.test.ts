import { describe, expect, it } from "vitest";
import { col, table } from "../../test/fixtures.ts";
import { deriveBaseVar } from "./base-var.ts";

describe("deriveBaseVar", () => {
  // prettier-ignore
  const ds = table("ADLB", [
    { USUBJID: "1", PARAMCD: "NEUT", ABLFL: "Y", AVAL: 5, ANRIND: "NORMAL" },
    { USUBJID: "1", PARAMCD: "NEUT", ABLFL: "", AVAL: 4, ANRIND: "LOW" },
    { USUBJID: "1", PARAMCD: "PLAT", ABLFL: "", AVAL: 9, ANRIND: "HIGH" }, // no baseline record
  ]);
  it("BASE is AVAL of the baseline record on every record of the group; missing without a baseline", () => {
    expect(
      col(deriveBaseVar(ds, { byVars: ["USUBJID", "PARAMCD"], source: "AVAL", newVar: "BASE" }), "BASE"),
    ).toEqual([5, 5, null]);
  });
  it("BNRIND copies a character variable the same way", () => {
    expect(
      col(
        deriveBaseVar(ds, { byVars: ["USUBJID", "PARAMCD"], source: "ANRIND", newVar: "BNRIND" }),
        "BNRIND",
      ),
    ).toEqual(["NORMAL", "NORMAL", ""]);
  });
});
