import { describe, expect, it } from "vitest";
import { col, table } from "../../test/fixtures.ts";
import { deriveExtremeFlag } from "./extreme-flag.ts";

describe("deriveExtremeFlag", () => {
  // prettier-ignore
  const ae = table("ADAE", [
    { USUBJID: "1", AEDECOD: "Fever", ASTDT: 12, AESEQ: 2, TRTEMFL: "Y" },
    { USUBJID: "1", AEDECOD: "Fever", ASTDT: 10, AESEQ: 3, TRTEMFL: "Y" }, // ← first Fever by ASTDT
    { USUBJID: "1", AEDECOD: "Fever", ASTDT: 5, AESEQ: 1, TRTEMFL: "" }, // not TEAE: excluded
    { USUBJID: "1", AEDECOD: "Rash", ASTDT: 10, AESEQ: 4, TRTEMFL: "Y" }, // ← first Rash
  ]);
  it("first occurrence per subject and term among TEAEs, by ASTDT then AESEQ", () => {
    const teae = ae.char("TRTEMFL");
    const out = deriveExtremeFlag(ae, {
      byVars: ["USUBJID", "AEDECOD"],
      order: ["ASTDT", "AESEQ"],
      newVar: "AOCCPFL",
      mode: "first",
      filter: (i) => teae.get(i) === "Y",
    });
    expect(col(out, "AOCCPFL")).toEqual(["", "Y", "", "Y"]);
  });
  it("worst grade: highest grade first (descending), earliest date on ties", () => {
    // prettier-ignore
    const lb = table("ADLB", [
      { USUBJID: "1", ATOXGRN: 3, ADT: 20 },
      { USUBJID: "1", ATOXGRN: 3, ADT: 15 }, // ← worst, earliest
      { USUBJID: "1", ATOXGRN: 1, ADT: 10 },
    ]);
    expect(
      col(
        deriveExtremeFlag(lb, {
          byVars: ["USUBJID"],
          order: [{ name: "ATOXGRN", desc: true }, "ADT"],
          newVar: "WGRLOFL",
          mode: "first",
        }),
        "WGRLOFL",
      ),
    ).toEqual(["", "Y", ""]);
  });
});
