/**
 * `trialforge validate --study DIR --out BUILD [--fail-on ...]` on a build folder of XPT files and define.xml
 * (the clean demo build written the way `build` writes it): report files, exit status by threshold, usage errors.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildAdam } from "@trialforge/adam";
import { Diagnostics } from "@trialforge/core";
import { buildDefine } from "@trialforge/define";
import { ingestStudy } from "@trialforge/ingest";
import { buildSdtm } from "@trialforge/sdtm";
import { loadAdamSpec, loadSdtmSpec, loadStudy } from "@trialforge/spec";
import { synthesize } from "@trialforge/synth";
import { loadTerminology } from "@trialforge/terminology";
import type { Finding, ValidationSummary } from "@trialforge/validate";
import { writeXpt } from "@trialforge/xport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const studyDir = join(root, "specs/nct05563545");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
let work: string;
let build: string;

const cli = (...args: string[]) =>
  spawnSync(tsx, [main, "validate", "--study", studyDir, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
const report = () =>
  JSON.parse(readFileSync(join(build, "validation", "issues.json"), "utf8")) as {
    summary: ValidationSummary;
    findings: Finding[];
  };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tf-validate-cli-"));
  build = join(work, "build");
  const study = loadStudy(studyDir);
  await synthesize(study, join(work, "raw"), { messy: false });
  const raw = await ingestStudy(study, join(work, "raw"), { edc: "csv" });
  const sdtmSpec = loadSdtmSpec(studyDir);
  const terminology = loadTerminology().withSponsorCodelists(sdtmSpec.config.codelists);
  const diagnostics = new Diagnostics();
  const sdtm = buildSdtm({ study, spec: sdtmSpec, raw, terminology, diagnostics }).datasets;
  const adam = buildAdam({ study, spec: loadAdamSpec(studyDir), sdtm, diagnostics });
  const timestamp = "2026-08-01T00:00:00Z";
  for (const [part, standard, sets] of [
    ["sdtm", "SDTM", sdtm],
    ["adam", "ADaM", adam],
  ] as const) {
    mkdirSync(join(build, part), { recursive: true });
    for (const [name, ds] of sets)
      await writeXpt(ds, join(build, part, `${name.toLowerCase()}.xpt`), { timestamp });
    writeFileSync(
      join(build, part, "define.xml"),
      buildDefine({ standard, datasets: sets.values(), study, terminology, timestamp }).xml,
    );
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("trialforge validate", () => {
  it("clean build read back from XPT + define.xml: no errors, exit 0, report written", () => {
    const r = cli("--out", build);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^0 errors, \d+ warnings/);
    expect(existsSync(join(build, "validation", "issues.xlsx"))).toBe(true);
    expect(report().summary.errors).toBe(0);
  }, 120_000);
  it("--fail-on warning exits 1 when warnings exist (failsThreshold's other cases are unit-tested)", () => {
    const warnings = report().summary.warnings;
    expect(cli("--out", build, "--fail-on", "warning").status).toBe(warnings > 0 ? 1 : 0);
  }, 120_000);
  it("a missing TS is an error (FDA TRC 1734): exit 1", () => {
    rmSync(join(build, "sdtm", "ts.xpt"));
    const r = cli("--out", build);
    expect(r.status).toBe(1);
    expect(report().findings.some((f) => f.rule === "TF-TD01")).toBe(true);
  }, 120_000);
  it("usage errors exit 2; a folder without datasets is a readable error, exit 1", () => {
    expect(cli("--out", build, "--fail-on", "sometimes").status).toBe(2);
    const r = cli("--out", join(work, "nothing"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no datasets/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
