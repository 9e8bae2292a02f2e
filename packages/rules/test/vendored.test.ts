/** The vendored rules: the JSON copy equals the YAML files, and every rule parses into the closed vocabulary. */
import { describe, expect, it } from "vitest";
import { conformanceIds, readCoreRules, readCoreRulesYaml } from "../src/index.ts";

describe("vendored CORE rules", () => {
  it("data/core-rules.json.gz holds exactly the YAML of data/core-rules.tgz", () => {
    expect(readCoreRules()).toEqual(readCoreRulesYaml());
  });

  it("has the 331 published SDTMIG rules, each with a CDISC or FDA rule id and a message", () => {
    const rules = readCoreRules();
    expect(rules).toHaveLength(331);
    expect(new Set(rules.map((r) => r.id)).size).toBe(331);
    const r1 = rules.find((r) => r.id === "CORE-000001")!;
    expect(conformanceIds(r1)).toEqual(["CG0176", "TIG0405"]);
    expect(r1.message).toBe("IEORRES is not equal to 'N' when IECAT equals 'INCLUSION'.");
    expect(r1.scope.domainsInclude).toEqual(["IE"]);
  });
});
