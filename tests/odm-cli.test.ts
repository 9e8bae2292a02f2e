/**
 * ODM from the CLI: `trialforge synth` writes the showcase's EDC forms as CSV files and as one ODM 1.3.2 file
 * (edc/odm.xml); `build --raw DIR --edc odm`, and a study whose raw form specs say `format: odm`, read the EDC
 * forms through the streaming ODM reader and give SDTM datasets byte-identical to the build from the CSV
 * files, with the same records in the rejection log (file column edc/odm.xml).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "./pilot-compare.ts";

const tmp = mkdtempSync(join(tmpdir(), "odm-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(join(root, "node_modules/.bin/tsx"), ["apps/cli/src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600", CI: "1" },
  });
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** Rejection log rows without the file column (CSV and ODM name different files for the same record). */
function rejections(out: string): string[] {
  return readFileSync(join(out, "rejects/rejections.csv"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) =>
      l
        .split(",")
        .filter((_, i) => i !== 1)
        .join(","),
    );
}

describe("ODM 1.3.2 from the CLI (showcase study, synthetic data)", () => {
  it("build --edc odm and `format: odm` form specs give SDTM byte-identical to the CSV build", () => {
    const raw = join(tmp, "raw");
    cli(["synth", "--study", "specs/nct05563545", "--out", raw, "--subjects", "8", "--seed", "5"]);
    expect(readFileSync(join(raw, "edc/odm.xml"), "utf8")).toContain('ODMVersion="1.3.2"');

    // A copy of the showcase study whose EDC form specs say they come from the ODM export.
    const study = join(tmp, "study");
    cpSync(join(root, "specs/nct05563545"), study, { recursive: true });
    let switched = 0;
    for (const f of readdirSync(join(study, "raw"))) {
      const p = join(study, "raw", f);
      const text = readFileSync(p, "utf8");
      if (!/^source: edc$/m.test(text)) continue;
      writeFileSync(
        p,
        text.replace(/^file: .*$/m, "file: edc/odm.xml").replace(/^format: csv$/m, "format: odm"),
      );
      switched++;
    }
    expect(switched).toBeGreaterThan(8);

    const outs = { csv: join(tmp, "csv"), edcOdm: join(tmp, "edc-odm"), specOdm: join(tmp, "spec-odm") };
    cli(["build", "--study", "specs/nct05563545", "--raw", raw, "--out", outs.csv]);
    cli(["build", "--study", "specs/nct05563545", "--raw", raw, "--edc", "odm", "--out", outs.edcOdm]);
    cli(["build", "--study", study, "--raw", raw, "--out", outs.specOdm]);

    const xpts = readdirSync(join(outs.csv, "sdtm")).filter((f) => f.endsWith(".xpt"));
    expect(xpts.length).toBeGreaterThan(20);
    for (const out of [outs.edcOdm, outs.specOdm]) {
      for (const f of xpts)
        expect(readFileSync(join(out, "sdtm", f)).equals(readFileSync(join(outs.csv, "sdtm", f))), f).toBe(
          true,
        );
      expect(rejections(out)).toEqual(rejections(outs.csv));
      const log = readFileSync(join(out, "rejects/rejections.csv"), "utf8");
      if (rejections(outs.csv).length > 1) expect(log).toContain("edc/odm.xml");
    }
    // The manifest reconciles the ODM file per form: read = accepted + rejected, same counts as the CSVs.
    const sources = (out: string) =>
      (
        JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).reconciliation.sources as {
          file: string;
          read: number;
          accepted: number;
          rejected: number;
        }[]
      ).map((s) => [s.read, s.accepted, s.rejected]);
    expect(sources(outs.edcOdm).sort()).toEqual(sources(outs.csv).sort());
  }, 600_000);
});
