/**
 * `trialforge package`: the eCTD module 5 layout of a build, ready for the submission team:
 * m5/datasets/<study>/tabulations/sdtm/{*.xpt,define.xml,define.html} and
 * m5/datasets/<study>/analysis/adam/datasets/{*.xpt,define.xml,define.html}, plus a SHA-256 checksum list.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { UserError } from "@trialforge/core";
import type { Command } from "commander";
import { sha256File } from "../pipeline/inputs.ts";
import { readBuildManifest } from "../pipeline/manifest.ts";
import { assertBuildFolder } from "../pipeline/out-guard.ts";

export function registerPackage(program: Command): void {
  program
    .command("package")
    .description("lay out a build as eCTD m5 datasets under OUT/submission with a checksum list")
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "build folder (made by trialforge build)")
    .action(async (opts: { study: string; out: string }) => {
      // package replaces OUT/submission: only inside a build trialforge wrote.
      const out = assertBuildFolder("--out", opts.out, [{ flag: "--study", path: opts.study }], true);
      const summary = packageBuild(isAbsolute(out) ? out : resolve(out));
      process.stderr.write(`${summary}\n`);
    });
}

export function packageBuild(outDir: string): string {
  const m = readBuildManifest(outDir);
  if (!m)
    throw new UserError(`${outDir} is not a trialforge build (no manifest.json); run trialforge build first`);
  const study = m.study.id.toLowerCase();
  const target = join(outDir, "submission");
  const tmp = join(outDir, ".submission.tmp");
  rmSync(tmp, { recursive: true, force: true });
  const dirs = {
    sdtm: join(tmp, "m5", "datasets", study, "tabulations", "sdtm"),
    adam: join(tmp, "m5", "datasets", study, "analysis", "adam", "datasets"),
  };
  let files = 0;
  for (const part of ["sdtm", "adam"] as const) {
    const src = join(outDir, part);
    if (!existsSync(src)) continue;
    mkdirSync(dirs[part], { recursive: true });
    for (const f of readdirSync(src).sort()) {
      if (!/\.(xpt|xml|html)$/.test(f)) continue;
      copyFileSync(join(src, f), join(dirs[part], f));
      files++;
    }
  }
  if (files === 0) throw new UserError(`${outDir} holds no sdtm/ or adam/ datasets to package`);
  // Checksums of every file, relative to the submission root, sorted (sha256sum -c compatible).
  const lines: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else lines.push(`${sha256File(p)}  ${relative(tmp, p)}`);
    }
  };
  walk(join(tmp, "m5"));
  writeFileSync(join(tmp, "checksums.sha256"), `${lines.join("\n")}\n`);
  rmSync(target, { recursive: true, force: true });
  renameSync(tmp, target);
  return `packaged ${files} files into ${relative(process.cwd(), target)}/m5 (checksums.sha256 lists ${lines.length})`;
}
