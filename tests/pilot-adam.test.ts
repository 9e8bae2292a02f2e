/**
 * Bring-your-own SDTM, CDISC pilot: our ADSL, ADAE and ADTTE built from the pilot's SDTM by
 * specs/cdiscpilot01/adam agree with the pilot's own ADaM variable by variable. Every difference is printed;
 * the expected ones (pilot quirks) are listed with their reason in specs/cdiscpilot01/KNOWN-DIFFERENCES.md and
 * asserted exactly: nothing more, nothing less. Reads the pilot from ../shared, or from the vendored copy in tests/fixtures (a fresh clone).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ADAE_VARS,
  ADSL_VARS,
  ADTTE_VARS,
  compareDatasets,
  type Difference,
  pilot,
  pilotAdam,
  studyDir,
} from "./pilot-compare.ts";

const hasPilot = existsSync(pilot);
if (!hasPilot) console.warn(`no ${pilot}: CDISC pilot ADaM comparison skipped`);

/** Rows of the known-differences table: | dataset | variable | keys (comma-separated) | reason |. */
function knownDifferences(): Map<string, string[]> {
  const text = readFileSync(join(studyDir, "KNOWN-DIFFERENCES.md"), "utf8");
  const out = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^\|\s*(AD[A-Z]+)\s*\|\s*([A-Z0-9]+)\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (!m) continue;
    out.set(
      `${m[1]}.${m[2]}`,
      m[3]!
        .split(",")
        .map((k) => k.trim())
        .sort(),
    );
  }
  return out;
}

function grouped(name: string, diffs: Difference[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of diffs) {
    const k = `${name}.${d.variable}`;
    out.set(k, [...(out.get(k) ?? []), d.key].sort());
  }
  return out;
}

describe.skipIf(!hasPilot)("CDISC pilot: our ADaM against the pilot's ADaM", () => {
  const cases = [
    ["ADSL", ["USUBJID"], ADSL_VARS],
    ["ADAE", ["USUBJID", "AESEQ"], ADAE_VARS],
    ["ADTTE", ["USUBJID", "PARAMCD"], ADTTE_VARS],
  ] as const;
  let built: Awaited<ReturnType<typeof pilotAdam>>;
  const known = hasPilot ? knownDifferences() : new Map<string, string[]>();

  for (const [name, keys, vars] of cases) {
    it(`${name}: same records; ${vars.join(", ")} agree except the known differences`, async () => {
      built ??= await pilotAdam();
      const ours = built.ours.get(name)!;
      const theirs = built.theirs.get(name)!;
      expect(ours.length).toBe(theirs.length);
      const diffs = compareDatasets(ours, theirs, keys, vars);
      for (const d of diffs)
        console.log(
          `${name} ${d.key} ${d.variable}: ours ${JSON.stringify(d.ours)}, pilot ${JSON.stringify(d.theirs)}`,
        );
      const expected = new Map([...known].filter(([k]) => k.startsWith(`${name}.`)));
      expect(grouped(name, diffs)).toEqual(expected);
    }, 60_000);
  }

  it("the pilot's key counts: 254 subjects, 86/84/84 by TRT01A, COMP24FL 60/28/30, 1126 TEAE records", async () => {
    built ??= await pilotAdam();
    const adsl = built.ours.get("ADSL")!;
    const byArm = new Map<string, { n: number; comp24: number }>();
    for (let i = 0; i < adsl.length; i++) {
      const t = String(adsl.get("TRT01A", i));
      const c = byArm.get(t) ?? { n: 0, comp24: 0 };
      c.n++;
      if (adsl.get("COMP24FL", i) === "Y") c.comp24++;
      byArm.set(t, c);
    }
    // Figures from the pilot's README and CSR Table 14-1.01 (Complete Week 24: 60/28/30).
    expect(Object.fromEntries(byArm)).toEqual({
      Placebo: { n: 86, comp24: 60 },
      "Xanomeline Low Dose": { n: 84, comp24: 28 },
      "Xanomeline High Dose": { n: 84, comp24: 30 },
    });
    const adae = built.ours.get("ADAE")!;
    let teae = 0;
    for (let i = 0; i < adae.length; i++) if (adae.get("TRTEMFL", i) === "Y") teae++;
    expect(teae).toBe(1126);
  }, 60_000);
});
