import { UserError } from "@trialforge/core";
import type { Command } from "commander";

function wholeNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UserError(`--${name} must be a whole number, got "${v}"`);
  return Number(v);
}

/** ODM/XLSX creation time: SOURCE_DATE_EPOCH when set (reproducible builds), else the study's data cutoff. */
function creationDateTime(): string | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (!epoch) return undefined;
  if (!/^\d+$/.test(epoch)) throw new UserError(`SOURCE_DATE_EPOCH must be whole seconds, got "${epoch}"`);
  return new Date(Number(epoch) * 1000).toISOString().slice(0, 19);
}

export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description("write seeded synthetic raw exports for a study")
    .requiredOption("--study <dir>", "study spec folder")
    .requiredOption("--out <dir>", "output folder")
    .option("--subjects <n>", "number of treated subjects (default: planned enrolment)")
    .option("--seed <s>", "random seed", "1")
    .option("--clean", "no messy records")
    .option("--force-out", "write into an existing --out even when it is not a trialforge synth output")
    .action(
      async (opts: {
        study: string;
        out: string;
        subjects?: string;
        seed: string;
        clean?: boolean;
        forceOut?: boolean;
      }) => {
        // Before any work: synth overwrites its files in --out, so a folder that is not ours is refused.
        const { assertOutputFolder } = await import("../pipeline/out-guard.ts");
        assertOutputFolder({
          flag: "--out",
          path: opts.out,
          inputs: [{ flag: "--study", path: opts.study }],
          kind: "synth",
          forceOut: opts.forceOut,
        });
        // Loaded here, not at start-up: the generator pulls in exceljs.
        const { loadStudy } = await import("@trialforge/spec");
        const { synthesize } = await import("@trialforge/synth");
        const study = loadStudy(opts.study);
        const subjects = wholeNumber("subjects", opts.subjects);
        const seed = wholeNumber("seed", opts.seed);
        const started = performance.now();
        const s = await synthesize(study, opts.out, {
          subjects,
          seed,
          messy: !opts.clean,
          creationDateTime: creationDateTime(),
        });
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `synth: ${s.studyId} seed ${s.seed}: ${s.subjects} treated + ${s.screenFailures} screen failures, ${s.messy ? `${s.messyRecords.length} messy records` : "clean"}, ${secs} s\n`,
        );
        for (const f of s.files)
          process.stdout.write(`  ${f.path.padEnd(28)} ${String(f.records).padStart(10)} records\n`);
      },
    );
}
