import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSystemError, UsageError, writeCrashLog } from "../errors.ts";
import { assertOutputFolder, foreignInBuild, foreignInSynth, isInside, realPathOf } from "./out-guard.ts";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "out-guard-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A minimal folder that looks like a build trialforge wrote. */
function fakeBuild(name: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "sdtm"), { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ tool: { name: "trialforge" } }));
  writeFileSync(join(dir, "sdtm", "dm.xpt"), "x");
  return dir;
}

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("paths", () => {
  it("isInside compares whole path segments, not string prefixes", () => {
    expect(isInside("/tmp/a/b", "/tmp/a")).toBe(true);
    expect(isInside("/tmp/a", "/tmp/a")).toBe(true);
    expect(isInside("/tmp/ab", "/tmp/a")).toBe(false);
    expect(isInside("/tmp", "/tmp/a")).toBe(false);
    expect(isInside("/tmp/..a", "/tmp")).toBe(true);
  });

  it("realPathOf resolves the links of the existing part and keeps the missing tail", () => {
    const target = join(work, "target");
    mkdirSync(target);
    symlinkSync(target, join(work, "link"));
    expect(realPathOf(join(work, "link", "new", "out"))).toBe(join(realPathOf(target), "new", "out"));
  });
});

describe("recognising a trialforge output", () => {
  it("a build folder with only what a build writes is ours; an empty folder is fine", () => {
    expect(foreignInBuild(fakeBuild("ours"))).toBeUndefined();
    mkdirSync(join(work, "empty"));
    expect(foreignInBuild(join(work, "empty"))).toBeUndefined();
  });

  it("a foreign manifest, an unexpected entry, a foreign file type or a link is not ours", () => {
    const m = fakeBuild("foreign-manifest");
    writeFileSync(join(m, "manifest.json"), JSON.stringify({ tool: { name: "other" } }));
    expect(foreignInBuild(m)).toBe("its manifest.json was not written by trialforge");
    const top = fakeBuild("top");
    writeFileSync(join(top, "thesis.docx"), "x");
    expect(foreignInBuild(top)).toBe("it holds thesis.docx");
    const deep = fakeBuild("deep");
    writeFileSync(join(deep, "sdtm", "notes.txt"), "x");
    expect(foreignInBuild(deep)).toBe("it holds sdtm/notes.txt");
    const link = fakeBuild("link");
    symlinkSync(work, join(link, "sdtm", "elsewhere.xpt"));
    expect(foreignInBuild(link)).toBe("it holds sdtm/elsewhere.xpt");
  });

  it("synth output is recognised by its synth-manifest.json file list", () => {
    const dir = join(work, "synth");
    mkdirSync(join(dir, "edc"), { recursive: true });
    writeFileSync(join(dir, "synth-manifest.json"), JSON.stringify({ files: [{ path: "edc/dm.csv" }] }));
    writeFileSync(join(dir, "edc", "dm.csv"), "x");
    expect(foreignInSynth(dir)).toBeUndefined();
    writeFileSync(join(dir, "edc", "mine.csv"), "x");
    expect(foreignInSynth(dir)).toBe("it holds edc/mine.csv");
  });
});

describe("assertOutputFolder", () => {
  it("refuses an --out that is a link to --raw", () => {
    const raw = join(work, "raw");
    mkdirSync(raw);
    symlinkSync(raw, join(work, "raw-link"));
    const msg = usage(() =>
      assertOutputFolder({
        flag: "--out",
        path: join(work, "raw-link"),
        inputs: [{ flag: "--raw", path: raw }],
        kind: "build",
      }),
    );
    expect(msg).toBe(
      `--out ${join(work, "raw-link")} is the same folder as --raw ${raw}; use an empty or new folder`,
    );
  });

  it("--force-out replaces a foreign folder but never the root", () => {
    const top = fakeBuild("forced");
    writeFileSync(join(top, "thesis.docx"), "x");
    expect(assertOutputFolder({ flag: "--out", path: top, inputs: [], kind: "build", forceOut: true })).toBe(
      top,
    );
    expect(
      usage(() =>
        assertOutputFolder({ flag: "--out", path: "/", inputs: [], kind: "build", forceOut: true }),
      ),
    ).toMatch(/is the root of the file system/);
  });
});

describe("errors", () => {
  it("a system error becomes one readable line; anything else is not one", () => {
    const e = Object.assign(new Error("x"), { code: "EACCES", path: "/data/raw/dm.csv" });
    expect(describeSystemError(e)).toBe("/data/raw/dm.csv: permission denied (EACCES)");
    expect(describeSystemError(new TypeError("boom"))).toBeUndefined();
  });

  it("an internal error's trace is written to the log file, with the command line", () => {
    const path = writeCrashLog(new TypeError("boom"), ["node", "trialforge", "build", "--out", "x"]);
    const text = readFileSync(path, "utf8");
    rmSync(path);
    expect(text).toMatch(/^trialforge build --out x\n/);
    expect(text).toMatch(/TypeError: boom\n\s+at /);
  });
});
