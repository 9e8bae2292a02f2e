/**
 * hashTreeCached: a file whose size, mtime, ctime and inode match the previous build's record keeps its
 * recorded hash without being read; any change of those re-reads it; a file that changed just before it
 * was hashed is not recorded (it could change again within the same timestamp tick).
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@trialforge/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileStatKey, hashTree, hashTreeCached } from "./inputs.ts";

let dir: string;
const old = new Date("2026-01-01T00:00:00Z");

/** Writes a file and dates its mtime back, so it counts as settled (its ctime is still now). */
function put(rel: string, text: string, when = old): void {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), text);
  utimesSync(join(dir, rel), when, when);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tf-inputs-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("hashTreeCached", () => {
  it("gives the same content hashes as hashTree", () => {
    put("a.csv", "x,y\n1,2\n");
    put("edc/b.csv", "z\n3\n");
    expect(hashTreeCached(dir).hashes).toEqual(hashTree(dir));
    expect(hashTreeCached(dir).hashes["edc/b.csv"]).toBe(sha256("z\n3\n"));
  });

  it("does not record a file whose ctime is within the last 2 s, so the next build re-reads it", () => {
    put("a.csv", "1");
    // The write just happened: ctime is now even though mtime was dated back.
    expect(hashTreeCached(dir).stats).toEqual({});
  });

  it("reuses a recorded hash when the stat matches (the file is not read)", () => {
    put("a.csv", "1");
    const first = hashTreeCached(dir);
    // The key a settled file gets recorded with (this one is too new to be recorded by itself).
    const stats = { "a.csv": fileStatKey(join(dir, "a.csv")) };
    // A recorded hash that is not the file's: returned as is, which shows the file was not read.
    const again = hashTreeCached(dir, { hashes: { "a.csv": "recorded" }, stats });
    expect(first.hashes["a.csv"]).toBe(sha256("1"));
    expect(again.hashes["a.csv"]).toBe("recorded");
  });

  it("re-reads a file whose size changed", () => {
    put("a.csv", "1");
    const stats = { "a.csv": fileStatKey(join(dir, "a.csv")) };
    put("a.csv", "12");
    expect(hashTreeCached(dir, { hashes: { "a.csv": "recorded" }, stats }).hashes["a.csv"]).toBe(
      sha256("12"),
    );
  });

  it("re-reads a same-size file whose mtime was set back to the recorded one (ctime moved)", async () => {
    put("a.csv", "1");
    const stats = { "a.csv": fileStatKey(join(dir, "a.csv")) };
    await new Promise((r) => setTimeout(r, 20));
    put("a.csv", "2"); // same size, same (dated-back) mtime: only ctime tells
    expect(hashTreeCached(dir, { hashes: { "a.csv": "recorded" }, stats }).hashes["a.csv"]).toBe(sha256("2"));
  });

  it("re-reads a file replaced by another one (new inode)", () => {
    put("a.csv", "1");
    const stats = { "a.csv": fileStatKey(join(dir, "a.csv")) };
    rmSync(join(dir, "a.csv"));
    put("keep.csv", "pad"); // takes a fresh inode first, so a.csv cannot get the old one back
    put("a.csv", "3");
    expect(hashTreeCached(dir, { hashes: { "a.csv": "recorded" }, stats }).hashes["a.csv"]).toBe(sha256("3"));
  });
});
