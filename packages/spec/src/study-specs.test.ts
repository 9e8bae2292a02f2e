import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UserError } from "@trialforge/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec, SPEC_LIMITS } from "./load.ts";
import { RawForm } from "./schemas/raw-form.ts";
import { TlfShell } from "./schemas/tlf.ts";
import { checkRawFilesInside, loadStudySpecs } from "./study-specs.ts";

const showcase = resolve(import.meta.dirname, "../../../specs/nct05563545");
let work: string;

/** A fresh copy of the showcase study to break. */
function studyCopy(name: string): string {
  const dir = join(work, name);
  cpSync(showcase, dir, { recursive: true });
  return dir;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("expected a UserError");
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "spec-study-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("loadStudySpecs: every spec file checked before a build", () => {
  it("loads the showcase study's study, raw, sdtm, adam and tlf specs", () => {
    const s = loadStudySpecs(showcase);
    expect(s.study.forms.length).toBeGreaterThan(10);
    expect(s.sdtm?.domains.length).toBeGreaterThan(10);
    expect(s.adam?.general).toBeDefined();
    expect(s.tlf?.length).toBeGreaterThan(10);
  });

  it("a YAML syntax error in a TLF shell names the file, line and column", () => {
    const dir = studyCopy("yaml-syntax");
    const file = join(dir, "tlf/t-dm.yaml");
    const lines = readFileSync(file, "utf8").split("\n");
    lines.splice(2, 0, "extra: a: b");
    writeFileSync(file, lines.join("\n"));
    const e = errorOf(() => loadStudySpecs(dir));
    expect(e.message).toMatch(/^spec .*tlf\/t-dm\.yaml:3:\d+ is not valid YAML: /);
    expect(e.diagnostics[0]).toMatchObject({ code: "SPEC.YAML", row: 3 });
  });

  it("problems in two parts are both listed", () => {
    const dir = studyCopy("two-parts");
    writeFileSync(join(dir, "tlf/t-dm.yaml"), "id: [\n");
    writeFileSync(join(dir, "adam/general.yaml"), "a: b: c\n");
    const e = errorOf(() => loadStudySpecs(dir));
    expect(e.message).toMatch(/and problems in 1 more spec parts/);
    const files = e.diagnostics.map((d) => d.file ?? "");
    expect(files.some((f) => f.endsWith("adam/general.yaml"))).toBe(true);
    expect(files.some((f) => f.endsWith("tlf/t-dm.yaml"))).toBe(true);
  });

  it("a YAML alias bomb is refused in well under a second, naming the file", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(",")}]`);
    }
    const t0 = performance.now();
    const e = errorOf(() => parseSpec(lines.join("\n"), "tlf/bomb.yaml", TlfShell));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e.message).toBe(
      `spec tlf/bomb.yaml: YAML aliases expand to more than ${SPEC_LIMITS.maxAliasCount} nodes (Excessive alias count indicates a resource exhaustion attack); write the values out instead of nesting aliases`,
    );
  });

  it("a spec file bigger than the limit is refused without parsing it", () => {
    const dir = studyCopy("big");
    writeFileSync(join(dir, "tlf/t-dm.yaml"), `# ${"x".repeat(SPEC_LIMITS.maxBytes)}\n`);
    const e = errorOf(() => loadStudySpecs(dir));
    expect(e.message).toMatch(/tlf\/t-dm\.yaml is \d+ bytes; a spec file is at most 4194304 bytes/);
  });

  it("a spec file that is a link to a file outside the study folder is refused", () => {
    const dir = studyCopy("linked");
    const outside = join(work, "outside-t-dm.yaml");
    cpSync(join(dir, "tlf/t-dm.yaml"), outside);
    rmSync(join(dir, "tlf/t-dm.yaml"));
    symlinkSync(outside, join(dir, "tlf/t-dm.yaml"));
    const e = errorOf(() => loadStudySpecs(dir));
    expect(e.message).toMatch(/the spec file .*tlf\/t-dm\.yaml leaves .*linked .*keep it inside that folder/);
  });
});

describe("raw form files stay inside the raw folder", () => {
  it("file: ../outside/dd.csv is a spec error naming the path", () => {
    const form = {
      id: "DD",
      label: "Death details",
      source: "edc",
      file: "../outside/dd.csv",
      format: "csv",
      keys: ["SUBJID"],
      fields: [{ name: "SUBJID", label: "Subject", type: "text" }],
    };
    for (const file of ["../outside/dd.csv", "/etc/passwd", "edc/../../dd.csv", "..", "edc\\dd.csv"]) {
      const r = RawForm.safeParse({ ...form, file });
      expect(r.success, file).toBe(false);
      expect(r.error?.issues[0]?.message).toContain(`"${file}" leaves its folder`);
    }
    expect(RawForm.safeParse({ ...form, file: "edc/../edc/dd.csv" }).success).toBe(true);
  });

  it("a raw file that is a link out of the raw folder is refused; one inside it is fine", () => {
    const raw = join(work, "raw-links");
    mkdirSync(join(raw, "edc"), { recursive: true });
    const study = loadStudySpecs(showcase).study;
    const dd = study.forms.find((f) => f.file.endsWith("dd.csv"))!;
    writeFileSync(join(work, "dd-outside.csv"), "SUBJID\n");
    symlinkSync(join(work, "dd-outside.csv"), join(raw, dd.file));
    const e = errorOf(() => checkRawFilesInside(study, raw));
    expect(e.message).toMatch(
      /raw form DD file .*dd\.csv leaves .*raw-links \(it resolves to .*dd-outside\.csv\)/,
    );
    rmSync(join(raw, dd.file));
    writeFileSync(join(raw, "edc", "real.csv"), "SUBJID\n");
    symlinkSync(join(raw, "edc", "real.csv"), join(raw, dd.file));
    expect(() => checkRawFilesInside(study, raw)).not.toThrow();
  });
});
