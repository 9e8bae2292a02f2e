/**
 * Bring-your-own SDTM end to end: `trialforge build --study specs/cdiscpilot01 --sdtm <pilot SDTM>` in a child
 * process writes the ADaM XPT files, both define.xml files, the validation report and the two TLFs. Reads the pilot from ../shared
 * or from the vendored copy in tests/fixtures (a fresh clone).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readXpt } from "@trialforge/xport";
import { describe, expect, it } from "vitest";
import { pilot, root } from "./pilot-compare.ts";

const hasPilot = existsSync(pilot);
if (!hasPilot) console.warn(`no ${pilot}: CDISC pilot CLI build skipped`);

describe.skipIf(!hasPilot)("trialforge build --sdtm (CDISC pilot, child process)", () => {
  it("builds ADaM, define.xml, validation and the TLFs from the pilot's SDTM XPT files, and again from Dataset-JSON", async () => {
    const out = mkdtempSync(join(tmpdir(), "pilot-build-"));
    const out2 = mkdtempSync(join(tmpdir(), "pilot-build-json-"));
    try {
      const r = spawnSync(
        join(root, "node_modules/.bin/tsx"),
        [
          "apps/cli/src/main.ts",
          "build",
          "--study",
          "specs/cdiscpilot01",
          "--sdtm",
          join(pilot, "sdtm"),
          "--out",
          out,
          // The pilot's SDTM has validation errors (exit 1 by default); this test is about the outputs.
          "--fail-on",
          "never",
        ],
        {
          cwd: root,
          encoding: "utf8",
          timeout: 240_000,
          env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" },
        },
      );
      expect(r.status, r.stderr).toBe(0);
      for (const f of [
        "adam/adsl.xpt",
        "adam/adae.xpt",
        "adam/adtte.xpt",
        "adam/define.xml",
        "sdtm/define.xml",
        "sdtm/dm.xpt",
        "validation/issues.json",
        "tlf/t-dm.json",
        "tlf/t-dm.pdf",
        "tlf/t-ae-socpt.json",
        "tlf/t-ae-socpt.rtf",
        "report/index.html",
      ])
        expect(existsSync(join(out, f)), f).toBe(true);
      // The written ADaM reads back with the pilot's record counts.
      expect((await readXpt(join(out, "adam/adsl.xpt"))).length).toBe(254);
      expect((await readXpt(join(out, "adam/adae.xpt"))).length).toBe(1191);
      expect((await readXpt(join(out, "adam/adtte.xpt"))).length).toBe(254);
      // SDTM keys came from the folder's define.xml (Define 1.0 def:DomainKeys); XPT carries none.
      const define = readFileSync(join(out, "sdtm/define.xml"), "utf8");
      // CM's keys are the pilot define's "STUDYID, USUBJID, CMTRT, CMSTDTC": CMTRT is key 3, CMSTDTC key 4.
      expect(define).toMatch(/<ItemRef ItemOID="IT\.CM\.CMTRT"[^>]*KeySequence="3"/);
      expect(define).toMatch(/<ItemRef ItemOID="IT\.CM\.CMSTDTC"[^>]*KeySequence="4"/);
      const teae = JSON.parse(readFileSync(join(out, "tlf/t-ae-socpt.json"), "utf8")) as {
        ard: { rowKey: string; colKey: string; statName: string; stat: number }[];
      };
      const any = (col: string) =>
        teae.ard.find((a) => a.rowKey === "item0:any" && a.colKey === col && a.statName === "n")?.stat;
      // Pilot README: subjects with a TEAE by TRTA 65 / 77 / 76.
      expect([any("trt=Placebo"), any("trt=Xanomeline Low Dose"), any("trt=Xanomeline High Dose")]).toEqual([
        65, 77, 76,
      ]);
      const issues = JSON.parse(readFileSync(join(out, "validation/issues.json"), "utf8")) as {
        summary: { byRule: { rule: string; count: number }[] };
      };
      expect(issues.summary.byRule.length).toBeGreaterThan(0);

      // Dataset-JSON input: the build's own dataset-json/sdtm folder gives byte-identical ADaM XPT files.
      const r2 = spawnSync(
        join(root, "node_modules/.bin/tsx"),
        [
          "apps/cli/src/main.ts",
          "build",
          "--study",
          "specs/cdiscpilot01",
          "--sdtm",
          join(out, "dataset-json/sdtm"),
          "--out",
          out2,
          "--fail-on",
          "never",
        ],
        {
          cwd: root,
          encoding: "utf8",
          timeout: 240_000,
          env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" },
        },
      );
      expect(r2.status, r2.stderr).toBe(0);
      for (const f of ["adsl", "adae", "adtte"])
        expect(
          readFileSync(join(out2, `adam/${f}.xpt`)).equals(readFileSync(join(out, `adam/${f}.xpt`))),
          f,
        ).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(out2, { recursive: true, force: true });
    }
  }, 300_000);
});
