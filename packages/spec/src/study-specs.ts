/**
 * Every spec file of a study, loaded and validated together before a build does any work: `study.yaml`,
 * `raw/*.yaml`, `sdtm/*.yaml`, `adam/*.yaml` and `tlf/*.yaml`. A broken spec costs milliseconds, not a
 * build, and one error lists the problems of every part (each part stops at its first broken file).
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type Diagnostic, UserError } from "@trialforge/core";
import { resolveInside } from "./load.ts";
import { type AdamSpec, loadAdamSpec } from "./schemas/adam.ts";
import { loadSdtmSpec, type SdtmSpec } from "./schemas/sdtm.ts";
import { loadStudy, type Study } from "./schemas/study.ts";
import { loadTlfShells, type TlfShell } from "./schemas/tlf.ts";

/** A study's specs: the parts present in its folder (a bring-your-own-SDTM study has no sdtm/ mapping). */
export interface StudySpecs {
  study: Study;
  sdtm?: SdtmSpec;
  adam?: AdamSpec;
  tlf?: TlfShell[];
}

/**
 * Loads and validates every spec file of the study folder `dir`. Throws one UserError whose message is the
 * first problem and whose diagnostics hold every part's problems (file, line, column, path).
 */
export function loadStudySpecs(dir: string): StudySpecs {
  const abs = resolve(dir);
  const problems: UserError[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push(e);
      return undefined;
    }
  };
  const study = attempt(() => loadStudy(abs));
  const sdtm = existsSync(join(abs, "sdtm")) ? attempt(() => loadSdtmSpec(abs)) : undefined;
  const adam = existsSync(join(abs, "adam", "general.yaml")) ? attempt(() => loadAdamSpec(abs)) : undefined;
  const tlf = existsSync(join(abs, "tlf")) ? attempt(() => loadTlfShells(abs)) : undefined;
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 0 || !study) {
    const diags: Diagnostic[] = problems.flatMap((p) =>
      p.diagnostics.length > 0 ? p.diagnostics : [{ severity: "error", code: "SPEC", message: p.message }],
    );
    const more = problems.length > 1 ? ` (and problems in ${problems.length - 1} more spec parts)` : "";
    throw new UserError(`${problems[0]?.message ?? `study ${dir} could not be loaded`}${more}`, diags);
  }
  return { study, ...(sdtm ? { sdtm } : {}), ...(adam ? { adam } : {}), ...(tlf ? { tlf } : {}) };
}

/**
 * Checks that every raw form's `file` really lies inside the raw folder once `..` and symbolic links are
 * resolved (a file outside it would be read without being hashed, so its edits would go unnoticed).
 */
export function checkRawFilesInside(study: Study, rawDir: string): void {
  for (const form of study.forms) {
    const specFile = relative(process.cwd(), join(study.dir, "raw")) || "raw";
    resolveInside(
      rawDir,
      join(rawDir, form.file),
      `raw form ${form.id} file`,
      `${specFile} (form ${form.id})`,
    );
  }
}
