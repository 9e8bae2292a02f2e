/** `trialforge synth` from the command line: output folder, manifest, usage errors. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const out = mkdtempSync(join(tmpdir(), "synth-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const cli = (args: string[]) =>
  spawnSync(tsx, [main, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
  });

describe("trialforge synth", () => {
  it("writes the raw folder layout with --clean and SOURCE_DATE_EPOCH in the ODM header", () => {
    const r = cli([
      "synth",
      "--study",
      "specs/nct05563545",
      "--out",
      join(out, "raw"),
      "--subjects",
      "6",
      "--seed",
      "4",
      "--clean",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("6 treated + 1 screen failures, clean");
    for (const f of [
      "edc/dm.csv",
      "edc/odm.xml",
      "vendor/central_lab.csv",
      "vendor/ada.xlsx",
      "synth-manifest.json",
    ])
      expect(existsSync(join(out, "raw", f)), f).toBe(true);
    const m = JSON.parse(readFileSync(join(out, "raw/synth-manifest.json"), "utf8"));
    expect(m).toMatchObject({ seed: 4, subjects: 6, messy: false, creationDateTime: "2026-01-01T00:00:00" });
    expect(readFileSync(join(out, "raw/edc/odm.xml"), "utf8")).toContain(
      'CreationDateTime="2026-01-01T00:00:00"',
    );
  }, 120_000);

  it("a bad --subjects stops with exit 1 and one readable line", () => {
    const r = cli(["synth", "--study", "specs/nct05563545", "--out", join(out, "bad"), "--subjects", "many"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('trialforge: --subjects must be a whole number, got "many"');
  }, 120_000);

  it("a missing study folder stops with exit 1 naming it", () => {
    const r = cli(["synth", "--study", "specs/nope", "--out", join(out, "bad2")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("specs/nope");
    expect(r.stderr).not.toContain("    at ");
  }, 120_000);
});
