/**
 * Same inputs and specs give byte-identical outputs: two cold builds of the demo into different folders
 * agree on every file except the manifest and the report (which hold this run's timings).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const env = {
  ...process.env,
  SOURCE_DATE_EPOCH: "1767225600",
  CI: "1",
  TRIALFORGE_TOOL_HASH: "determinism-test",
};

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

describe("determinism", { timeout: 300_000 }, () => {
  it("two builds of the same inputs are byte-identical apart from manifest timings and the report", () => {
    const work = mkdtempSync(join(tmpdir(), "tf-det-"));
    try {
      for (const name of ["a", "b"]) {
        const r = spawnSync(
          join(root, "node_modules/.bin/tsx"),
          [
            join(root, "apps/cli/src/main.ts"),
            "build",
            "--study",
            "specs/nct05563545",
            "--out",
            join(work, name),
          ],
          { cwd: root, env, encoding: "utf8" },
        );
        expect(r.status, r.stderr).toBe(0);
      }
      const a = files(join(work, "a"));
      expect(a).toEqual(files(join(work, "b")));
      expect(a.filter((f) => f.endsWith(".pdf")).length).toBeGreaterThan(10);
      const differing = a.filter(
        (f) => !readFileSync(join(work, "a", f)).equals(readFileSync(join(work, "b", f))),
      );
      expect(differing).toEqual(["manifest.json", "report/index.html"]);
      // The manifest differs only in run facts (start time, timings, memory, the input files' stat
      // fingerprints), never in hashes or counts.
      const strip = (f: string) => {
        const m = JSON.parse(readFileSync(join(work, f, "manifest.json"), "utf8"));
        for (const k of ["startedAt", "timings", "totalSeconds", "peakRssMB", "inputStats"]) delete m[k];
        return m;
      };
      expect(strip("a")).toEqual(strip("b"));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
