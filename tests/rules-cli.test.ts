/**
 * `trialforge rules test DIR` runs CDISC's CORE test cases unpacked in a folder, in a child process, and
 * ends with `N of M rules pass`; a missing folder is a usage error (exit 2).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tsx = join(root, "node_modules/.bin/tsx");
const main = join(root, "apps/cli/src/main.ts");
const work = mkdtempSync(join(tmpdir(), "rules-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) =>
  spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("trialforge rules test", { timeout: 120_000 }, () => {
  it("runs the cases of a folder and ends with N of M rules pass", () => {
    // two rules unpacked from the vendored archive: one that passes, one listed as not passing
    const unpack = spawnSync("tar", [
      "-xzf",
      join(root, "packages/rules/data/sdtmig-rules-with-tests.tgz"),
      "-C",
      work,
      "Published/CORE-000001",
      "Published/CORE-000239",
    ]);
    expect(unpack.status).toBe(0);
    const r = cli(["rules", "test", join(work, "Published")]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^CORE-000001 {2}pass/);
    expect(lines[1]).toMatch(/^CORE-000239 {2}fail/);
    expect(lines.at(-1)).toBe("1 of 2 rules pass");
  });

  it("a folder that does not exist is a usage error", () => {
    const r = cli(["rules", "test", join(work, "nope")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is not a folder");
  });
});
