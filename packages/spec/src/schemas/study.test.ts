import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "@trialforge/core";
import { afterEach, describe, expect, it } from "vitest";
import { loadStudy } from "./study.ts";

const showcase = resolve(import.meta.dirname, "../../../../specs/nct05563545");
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** Copies the showcase study into a temp folder and edits study.yaml with `edit`. */
function brokenCopy(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "study-"));
  temps.push(dir);
  cpSync(showcase, dir, { recursive: true });
  const path = join(dir, "study.yaml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  return dir;
}

function catchUserError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}

describe("loadStudy", () => {
  it("loads the showcase study with its raw forms sorted by id", () => {
    const s = loadStudy(showcase);
    expect(s.studyId).toBe("NCT05563545");
    expect(s.arms.map((a) => [a.armcd, a.dose])).toEqual([
      ["DL1", 1],
      ["DL2", 2],
      ["DL3", 3],
    ]);
    expect(s.criteria.filter((c) => c.IECAT === "INCLUSION")).toHaveLength(6);
    expect(s.criteria.filter((c) => c.IECAT === "EXCLUSION")).toHaveLength(11);
    expect(s.visits.find((v) => v.day === s.dltWindowDays)?.VISIT).toBe("DAY 28");
    const ids = s.forms.map((f) => f.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain("LB_CENTRAL");
    expect(s.forms.some((f) => f.format === "xlsx")).toBe(true);
  });

  it("a broken value gives one message naming file, line and path", () => {
    const dir = brokenCopy((y) => y.replace("dltWindowDays: 28", "dltWindowDays: twenty-eight"));
    const e = catchUserError(() => loadStudy(dir));
    const line =
      readFileSync(join(dir, "study.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("dltWindowDays")) + 1;
    expect(e.message).toMatch(new RegExp(`study\\.yaml:${line} is invalid at dltWindowDays`));
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]).toMatchObject({ row: line, path: "dltWindowDays" });
  });

  it("an element in an arm that is not defined is named as the orphan", () => {
    const dir = brokenCopy((y) =>
      y.replace("elements: [SCRN, LD, CARNK2, FU]", "elements: [SCRN, LD, CARNK9, FU]"),
    );
    const e = catchUserError(() => loadStudy(dir));
    expect(e.message).toContain("arms[1].elements[2]");
    expect(e.message).toContain("element CARNK9 not defined in elements");
  });

  it("a raw form key that is not a field is rejected with the form file", () => {
    const dir = brokenCopy((y) => y);
    const p = join(dir, "raw", "dd.yaml");
    writeFileSync(p, readFileSync(p, "utf8").replace("keys: [SUBJID]", "keys: [SUBJID, DTHSEQ]"));
    const e = catchUserError(() => loadStudy(dir));
    expect(e.message).toContain("dd.yaml");
    expect(e.message).toContain("key DTHSEQ is not a field of form DD");
  });

  it("two raw forms with the same id are rejected", () => {
    const dir = brokenCopy((y) => y);
    const text = readFileSync(join(dir, "raw", "dd.yaml"), "utf8").replace("edc/dd.csv", "edc/dd2.csv");
    writeFileSync(join(dir, "raw", "zz.yaml"), text);
    const e = catchUserError(() => loadStudy(dir));
    expect(e.message).toContain("form id DD also defined in");
  });

  it("several forms may name one ODM file (format: odm); two CSV forms may not share a file", () => {
    const dir = brokenCopy((y) => y);
    for (const f of ["dd.yaml", "dh.yaml"]) {
      const p = join(dir, "raw", f);
      writeFileSync(
        p,
        readFileSync(p, "utf8")
          .replace(/^file: .*$/m, "file: edc/odm.xml")
          .replace(/^format: csv$/m, "format: odm"),
      );
    }
    const s = loadStudy(dir);
    expect(s.forms.filter((f) => f.format === "odm").map((f) => [f.id, f.file])).toEqual([
      ["DD", "edc/odm.xml"],
      ["DH", "edc/odm.xml"],
    ]);
    const p = join(dir, "raw", "dh.yaml");
    writeFileSync(p, readFileSync(p, "utf8").replace("format: odm", "format: csv"));
    expect(catchUserError(() => loadStudy(dir)).message).toContain("raw file edc/odm.xml also used by form");
  });
});
