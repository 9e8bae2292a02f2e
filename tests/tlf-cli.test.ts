/**
 * `trialforge tlf --only ID` re-renders one output from a previous build's ADaM XPT files, in a child
 * process, and the result equals the in-process render of the same datasets; an unknown id exits 1.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadTlfShells } from "@trialforge/spec";
import { buildOutput, renderJson } from "@trialforge/tlf";
import { makeAdamFixture } from "@trialforge/tlf/testing";
import { readXpt, writeXpt } from "@trialforge/xport";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const studyDir = join(root, "specs/nct05563545");
const timestamp = "2026-01-15T08:00:00Z";
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "tlf-cli-"));
  mkdirSync(join(out, "adam"));
  for (const [name, ds] of makeAdamFixture())
    await writeXpt(ds, join(out, "adam", `${name.toLowerCase()}.xpt`), { timestamp });
  writeFileSync(join(out, "manifest.json"), JSON.stringify({ timestamp }));
}, 60_000);

const cli = (args: string[]) =>
  spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("trialforge tlf --only", () => {
  it("writes exactly the four files of the one output, equal to the in-process render", async () => {
    const r = cli(["tlf", "--study", studyDir, "--out", out, "--only", "t-dlt"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(join(out, "tlf")).sort()).toEqual([
      "t-dlt.json",
      "t-dlt.pdf",
      "t-dlt.rtf",
      "t-dlt.xlsx",
    ]);
    const adam = new Map();
    for (const f of readdirSync(join(out, "adam"))) {
      const ds = await readXpt(join(out, "adam", f));
      adam.set(ds.meta.name, ds);
    }
    const shell = loadTlfShells(studyDir).find((s) => s.id === "t-dlt")!;
    const { loadStudy } = await import("@trialforge/spec");
    const study = loadStudy(studyDir);
    const expected = renderJson(buildOutput(shell, adam), {
      dataCut: study.dataCutoff ?? "",
      runStamp: timestamp,
      study: study.studyId,
    });
    expect(readFileSync(join(out, "tlf", "t-dlt.json"), "utf8")).toBe(expected);
    expect(expected).toContain('"runStamp": "2026-01-15T08:00:00Z"');
  }, 120_000);
  it("an unknown id is a user error (exit 1) naming the known ids", () => {
    const r = cli(["tlf", "--study", studyDir, "--out", out, "--only", "t-nope"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown TLF id t-nope");
    expect(r.stderr).toContain("t-ae-socpt");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
  it("a missing build folder is a user error", () => {
    const r = cli(["tlf", "--study", studyDir, "--out", join(out, "nothing"), "--only", "t-dlt"]);
    expect(r.status).toBe(1);
    expect(existsSync(join(out, "nothing"))).toBe(false);
  }, 120_000);
});
