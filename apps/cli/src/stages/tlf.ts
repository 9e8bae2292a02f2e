/**
 * TLF stage: every shell in `<study>/tlf/*.yaml` computed from the build's ADaM and written as
 * `tlf/<id>.{pdf,rtf,xlsx,json}`. The footer stamp is the study's data cut and the build timestamp.
 * An output whose inputs are missing (a dataset or variable the ADaM build lacks) is reported as a
 * warning and skipped, so one broken shell does not stop the other outputs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Dataset, type Diagnostics, UserError } from "@trialforge/core";
import { loadTlfShells, type Study } from "@trialforge/spec";
import {
  buildOutput,
  checkOutputInvariants,
  formatInvariantViolations,
  type InvariantViolation,
  type Output,
  type OutputFormat,
  type Stamp,
  writeOutputFiles,
} from "@trialforge/tlf";
import type { Stage } from "../context.ts";

export interface RenderTlfsInput {
  studyDir: string;
  adam: ReadonlyMap<string, Dataset>;
  /** Folder the files go to (…/tlf). */
  outDir: string;
  stamp: Stamp;
  /** Only these output ids (unknown ids are an error). */
  only?: readonly string[];
  formats?: readonly OutputFormat[];
  diagnostics?: Diagnostics;
  log?: (line: string) => void;
}

export interface RenderedTlf {
  id: string;
  files: string[];
  ms: number;
}

/** Computes and writes the study's outputs; returns what was written with per-output times. */
export async function renderTlfs(input: RenderTlfsInput): Promise<RenderedTlf[]> {
  // A study without TLF shells (e.g. bring-your-own SDTM) simply has no outputs.
  if (!existsSync(join(input.studyDir, "tlf"))) {
    if (input.only?.length)
      throw new UserError(`the study ${input.studyDir} has no tlf/ folder of TLF shells`);
    input.log?.("no tlf/ shells in the study: no TLF outputs");
    return [];
  }
  let shells = loadTlfShells(input.studyDir);
  if (input.only && input.only.length > 0) {
    const ids = new Set(shells.map((s) => s.id));
    const unknown = input.only.filter((id) => !ids.has(id));
    if (unknown.length)
      throw new UserError(`unknown TLF id ${unknown.join(", ")}; the study has: ${[...ids].join(", ")}`);
    shells = shells.filter((s) => input.only!.includes(s.id));
  }
  const done: RenderedTlf[] = [];
  const outputs: { output: Output; t0: number }[] = [];
  for (const shell of shells) {
    const t0 = performance.now();
    try {
      outputs.push({ output: buildOutput(shell, input.adam), t0 });
    } catch (e) {
      if (!(e instanceof UserError) || input.only?.length) throw e;
      input.diagnostics?.warning("TLF.SKIPPED", `${shell.id} not produced: ${e.message}`, {
        file: `tlf/${shell.id}.yaml`,
      });
      input.log?.(`tlf ${shell.id} skipped: ${e.message}`);
    }
  }
  assertOutputInvariants(
    outputs.map((x) => x.output),
    input.stamp,
  );
  for (const { output, t0 } of outputs) {
    const files = await writeOutputFiles(output, input.stamp, input.outDir, input.formats);
    done.push({ id: output.id, files, ms: Math.round(performance.now() - t0) });
  }
  return done;
}

/**
 * Stops the build (exit 1) when a table breaks an invariant of its QC JSON (n <= N, percent = n/N, Total
 * = union of its columns, nested counts, records per subject), naming the output, row and column.
 */
export function assertOutputInvariants(outputs: readonly Output[], stamp: Stamp): void {
  const bad: InvariantViolation[] = outputs.flatMap((o) => checkOutputInvariants(o, stamp));
  if (bad.length > 0)
    throw new UserError(
      `${bad.length} TLF invariant check${bad.length === 1 ? "" : "s"} failed:\n${formatInvariantViolations(bad)}`,
    );
}

/** The study's stamp: data cut-off from the study spec, run time from the build timestamp. */
export function tlfStamp(study: Study, timestamp: string): Stamp {
  return { dataCut: study.dataCutoff ?? "", runStamp: timestamp, study: study.studyId };
}

export const tlfStage: Stage = async (ctx) => {
  const study = ctx.study as Study;
  const only = ctx.facts.tlfOnly as string[] | undefined;
  const t0 = performance.now();
  const done = await renderTlfs({
    studyDir: ctx.studyDir,
    adam: ctx.adam,
    outDir: join(ctx.workDir, "tlf"),
    stamp: tlfStamp(study, ctx.timestamp),
    only,
    diagnostics: ctx.diagnostics,
    log: ctx.log,
  });
  ctx.facts.tlf = {
    outputs: done.map((d) => ({ id: d.id, ms: d.ms })),
    ms: Math.round(performance.now() - t0),
  };
  ctx.log(`${done.length} TLF outputs written (pdf, rtf, xlsx, json)`);
};
