import { UserError } from "@trialforge/core";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../load.ts";
import { AlgorithmName, loadSdtmSpec, SdtmConfig, SdtmDomainSpec } from "./sdtm.ts";

const root = new URL("../../../../specs/nct05563545", import.meta.url).pathname;

const domain = (body: string) => parseSpec(body, "sdtm/xx.yaml", SdtmDomainSpec);
const HEAD = `
domain: AE
label: Adverse Events
class: EVENTS
structure: One record per event per subject
keys: [STUDYID, USUBJID, AETERM]
variables:
  - { name: STUDYID, label: Study Identifier, type: Char, core: Req, origin: Assigned }
  - { name: USUBJID, label: Unique Subject Identifier, type: Char, core: Req, origin: Derived }
  - { name: AETERM, label: Reported Term for the Adverse Event, type: Char, core: Req, origin: Collected }
`;

const issue = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.message;
    throw e;
  }
  return "no error";
};

describe("SDTM spec schema", () => {
  it("loads the showcase study's SDTM spec: config plus one file per domain", () => {
    const spec = loadSdtmSpec(root);
    expect(spec.domains.map((d) => d.domain)).toEqual(
      expect.arrayContaining([
        "DM",
        "AE",
        "EX",
        "CM",
        "DS",
        "MH",
        "LB",
        "PC",
        "CP",
        "IS",
        "RS",
        "SE",
        "SV",
        "TA",
        "TE",
        "TV",
        "TI",
        "TS",
      ]),
    );
    expect(spec.config.anchor.domain).toBe("EX");
    expect(spec.config.codelists.find((c) => c.id === "ASTCTGR")?.terms).toHaveLength(5);
  });

  it("accepts a mapping in the closed vocabulary, with defaults", () => {
    const d = domain(
      `${HEAD}sources:\n  - form: AE\n    map:\n      AETERM: { algorithm: assign_no_ct, field: AETERM }\n`,
    );
    expect(d.sources[0]!.map.AETERM).toEqual({ algorithm: "assign_no_ct", field: "AETERM", case: "asis" });
    expect(AlgorithmName.options).toContain("condition_add");
  });

  it("rejects an algorithm outside the vocabulary, naming file, line and path", () => {
    const msg = issue(() =>
      domain(
        `${HEAD}sources:\n  - form: AE\n    map:\n      AETERM: { algorithm: eval_js, field: AETERM }\n`,
      ),
    );
    expect(msg).toMatch(/^spec sdtm\/xx\.yaml:14 is invalid at sources\[0\]\.map\.AETERM\.algorithm/);
  });

  it("rejects a mapping to an undeclared variable and a key that is not a variable", () => {
    expect(
      issue(() =>
        domain(
          `${HEAD}sources:\n  - form: AE\n    map:\n      AEDECOD: { algorithm: assign_no_ct, field: X }\n`,
        ),
      ),
    ).toMatch(/AE: AEDECOD is not a declared variable/);
    expect(
      issue(() => domain(HEAD.replace("keys: [STUDYID, USUBJID, AETERM]", "keys: [STUDYID, AESEQ]"))),
    ).toMatch(/AE: AESEQ is not a declared variable/);
  });

  it("a condition needs exactly one test", () => {
    const body = `${HEAD}sources:\n  - form: AE\n    where: [{ field: AESER, equals: "Y", notEmpty: true }]\n`;
    expect(issue(() => domain(body))).toMatch(/exactly one of equals, in, notEmpty, empty/);
  });

  it("labels are at most 40 characters and names at most 8", () => {
    expect(issue(() => domain(HEAD.replace("label: Study Identifier", `label: ${"x".repeat(41)}`)))).toMatch(
      /at most 40/,
    );
    expect(issue(() => domain(HEAD.replace("name: AETERM, label", "name: AETERMLONG, label")))).toMatch(
      /at most 8/,
    );
  });

  it("config: sponsor codelists and the anchor are checked", () => {
    expect(
      issue(() => parseSpec("anchor: { domain: EX, dtc: EXSTDTC }\n", "sdtm/_config.yaml", SdtmConfig)),
    ).toMatch(/anchor\.label/);
  });
});
