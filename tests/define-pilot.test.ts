/**
 * Bring-your-own SDTM/ADaM: the CDISC pilot study's XPT files (metadata only as XPT carries it: no origins,
 * codelists or keys) still give a schema-valid define.xml that agrees with the files. Reads ../shared and
 * skips when it is absent (a fresh clone).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Dataset } from "@trialforge/core";
import { buildDefine } from "@trialforge/define";
import { loadTerminology } from "@trialforge/terminology";
import { readXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";
import { walkDefine } from "./define-walk.ts";

const root = resolve(import.meta.dirname, "..");
const pilot = resolve(root, "../shared/reference/cdiscpilot01");
const hasPilot = existsSync(pilot);
const hasXmllint = (() => {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPilot) console.warn(`no ${pilot}: CDISC pilot define test skipped`);

describe.skipIf(!hasPilot)("define.xml for the CDISC pilot XPT files", () => {
  for (const [standard, part] of [
    ["SDTM", "sdtm"],
    ["ADaM", "adam"],
  ] as const) {
    it(`${standard}: valid and in agreement with the XPT files`, async () => {
      const src = join(pilot, part);
      const dir = mkdtempSync(join(tmpdir(), `define-pilot-${part}-`));
      const datasets: Dataset[] = [];
      for (const f of readdirSync(src)
        .filter((x) => x.endsWith(".xpt"))
        .sort()) {
        const ds = await readXpt(join(src, f));
        datasets.push(new Dataset({ ...ds.meta, standard }, ds.columns, ds.length));
        copyFileSync(join(src, f), join(dir, f));
      }
      const r = buildDefine({
        standard,
        datasets,
        study: { studyId: "CDISCPILOT01", title: "CDISC pilot study" },
        terminology: loadTerminology(),
        timestamp: "2026-07-31T00:00:00Z",
      });
      writeFileSync(join(dir, "define.xml"), r.xml);
      if (hasXmllint) {
        const xsd = join(root, "reference/schemas/cdisc-define-2.1/define2-1-0.xsd");
        expect(() =>
          execFileSync("xmllint", ["--nonet", "--noout", "--schema", xsd, join(dir, "define.xml")], {
            stdio: "pipe",
          }),
        ).not.toThrow();
      }
      const { problems, counts } = await walkDefine(dir, loadTerminology());
      expect(problems).toEqual([]);
      expect(counts.datasets).toBe(datasets.length);
    });
  }
});
