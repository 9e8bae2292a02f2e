import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { stableStringify, UserError } from "@trialforge/core";
import type { Study } from "@trialforge/spec";
import { buildOutput, type Output, writeOutputsParallel } from "@trialforge/tlf";
import { readXpt } from "@trialforge/xport";
import type { Stage } from "../context.ts";
import { combine, fileHashMemo, sha256File, toolHash } from "../pipeline/inputs.ts";
import { type Manifest, readBuildManifest } from "../pipeline/manifest.ts";
import { linkOrCopyFile } from "../pipeline/previous.ts";
import { assertOutputInvariants, tlfStamp } from "./tlf.ts";

const FORMATS = ["pdf", "rtf", "xlsx", "json"] as const;

/**
 * Renders only the outputs whose inputs changed. An output's key is its shell (as loaded), the tool
 * version, the build stamp and the bytes of the ADaM datasets the shell names (ADSL always, for N=);
 * an output whose key matches the previous build's is carried over from it unchanged (hard links). When the
 * ADaM was carried over too (ctx.adam empty), only the datasets of the outputs to re-render are read back.
 */
export const tlfIncrementalStage: Stage = async (ctx) => {
  const study = ctx.study as Study;
  const shells = ctx.specs.tlf ?? [];
  const prevDir = ctx.facts.previous as string | undefined;
  const prev: Manifest | undefined = prevDir ? readBuildManifest(prevDir) : undefined;
  // Each ADaM XPT is hashed once per build (shared with the manifest), not once per shell naming it.
  const memo = fileHashMemo(ctx.facts);
  const adamHash = (name: string) => {
    const rel = `adam/${name.toLowerCase()}.xpt`;
    const p = join(ctx.workDir, rel);
    if (!existsSync(p)) return "absent";
    let h = memo.get(rel);
    if (h === undefined) memo.set(rel, (h = sha256File(p)));
    return h;
  };
  const outDir = join(ctx.workDir, "tlf");
  mkdirSync(outDir, { recursive: true });
  const keys = new Map<string, string>();
  const toRender: string[] = [];
  const needed = new Set<string>();
  let reused = 0;
  for (const shell of shells) {
    const text = stableStringify(shell);
    const used = [...new Set(["ADSL", ...(text.match(/\bAD[A-Z0-9]{2,6}\b/g) ?? [])])].sort();
    const key = combine(
      toolHash(),
      text,
      ctx.timestamp,
      study.dataCutoff ?? "",
      Object.fromEntries(used.map((n) => [n, adamHash(n)])),
    );
    keys.set(shell.id, key);
    const before = prev?.outputs[shell.id];
    const prevFiles = before?.files.map((f) => join(prevDir!, f)) ?? [];
    if (before && before.key === key && prevFiles.length > 0 && prevFiles.every((f) => existsSync(f))) {
      for (const f of before.files) linkOrCopyFile(join(prevDir!, f), join(ctx.workDir, f));
      reused++;
    } else {
      toRender.push(shell.id);
      for (const n of used) needed.add(n);
    }
  }
  for (const name of [...needed].sort()) {
    const p = join(ctx.workDir, "adam", `${name.toLowerCase()}.xpt`);
    if (ctx.adam.has(name) || !existsSync(p)) continue;
    const ds = await readXpt(p);
    ctx.adam.set(ds.meta.name, ds);
  }
  // Layouts here (cheap); the files are rendered on worker threads when the outputs are big (a 3,000-subject
  // build's listings), else one after the other in this thread. A terminal shows a bar over the outputs.
  const laidOut: Output[] = [];
  for (const shell of shells.filter((sh) => toRender.includes(sh.id))) {
    try {
      laidOut.push(buildOutput(shell, ctx.adam));
    } catch (e) {
      // An output whose inputs are missing is skipped with a warning; the other outputs still render.
      if (!(e instanceof UserError)) throw e;
      ctx.diagnostics.warning("TLF.SKIPPED", `${shell.id} not produced: ${e.message}`, {
        file: `tlf/${shell.id}.yaml`,
      });
      ctx.log(`tlf ${shell.id} skipped: ${e.message}`);
    }
  }
  assertOutputInvariants(laidOut, tlfStamp(study, ctx.timestamp));
  // splice: the pool holds the only references, so it can drop each output once its files are handed out.
  const rendered = await writeOutputsParallel(laidOut.splice(0), tlfStamp(study, ctx.timestamp), outDir, {
    release: true,
    progress: (done, total) => ctx.progress?.(done, total),
  });
  const outputs: Manifest["outputs"] = {};
  for (const shell of shells) {
    const files = FORMATS.map((f) => `tlf/${shell.id}.${f}`).filter((f) => existsSync(join(ctx.workDir, f)));
    if (files.length === 0) continue;
    outputs[shell.id] = { key: keys.get(shell.id)!, files, title: (shell as { title?: string }).title };
  }
  ctx.facts.outputs = outputs;
  ctx.log(`${rendered.length} outputs rendered, ${reused} unchanged outputs reused`);
};
