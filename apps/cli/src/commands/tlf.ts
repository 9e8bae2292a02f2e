/**
 * `trialforge tlf --study DIR --out DIR --only ID`: re-renders outputs from the last build's ADaM
 * (`DIR/adam/*.xpt`) into `DIR/tlf`, without redoing the rest of the build. The run stamp is the last
 * build's manifest timestamp, so a re-rendered output is byte-identical when nothing changed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { type Dataset, UserError } from "@trialforge/core";
import type { Command } from "commander";

interface TlfOptions {
  study: string;
  out: string;
  only?: string[];
}

const abs = (p: string) => (isAbsolute(p) ? p : resolve(process.cwd(), p));

export function registerTlf(program: Command): void {
  program
    .command("tlf")
    .description("regenerate TLF outputs from the last build's ADaM datasets (DIR/adam/*.xpt)")
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "output folder of a previous build")
    .option("--only <id...>", "output ids to render (default: all); repeat or list several")
    .action(async (o: TlfOptions) => {
      const { assertBuildFolder } = await import("../pipeline/out-guard.ts");
      const out = assertBuildFolder("--out", o.out, [{ flag: "--study", path: o.study }]);
      const adamDir = join(out, "adam");
      if (!existsSync(adamDir))
        throw new UserError(`no ADaM datasets in ${adamDir}: run trialforge build --out ${o.out} first`);
      const { readXpt } = await import("@trialforge/xport");
      const adam = new Map<string, Dataset>();
      for (const f of readdirSync(adamDir)
        .filter((x) => x.toLowerCase().endsWith(".xpt"))
        .sort()) {
        const ds = await readXpt(join(adamDir, f));
        adam.set(ds.meta.name.toUpperCase(), ds);
      }
      // Loaded here, not at start-up: the renderers pull in pdfmake and exceljs.
      const { loadStudy } = await import("@trialforge/spec");
      const { renderTlfs, tlfStamp } = await import("../stages/tlf.ts");
      const study = loadStudy(abs(o.study));
      const manifestPath = join(out, "manifest.json");
      let timestamp = `${(study.dataCutoff ?? "2000-01-01").slice(0, 10)}T00:00:00Z`;
      if (existsSync(manifestPath)) {
        let m: { timestamp?: unknown } | null;
        try {
          m = JSON.parse(readFileSync(manifestPath, "utf8")) as { timestamp?: unknown } | null;
        } catch (e) {
          throw new UserError(`${manifestPath} is not valid JSON (${(e as Error).message})`);
        }
        if (typeof m?.timestamp === "string") timestamp = m.timestamp;
      }
      const only = (o.only ?? []).flatMap((x) => x.split(",")).filter(Boolean);
      const done = await renderTlfs({
        studyDir: abs(o.study),
        adam,
        outDir: join(out, "tlf"),
        stamp: tlfStamp(study, timestamp),
        only,
      });
      for (const d of done) process.stdout.write(`${d.id}: ${d.files.length} files in ${d.ms} ms\n`);
    });
}
