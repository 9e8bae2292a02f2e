import { existsSync } from "node:fs";
import { UserError } from "@trialforge/core";
import type { Command } from "commander";
import { diffBuilds, formatDiff } from "../pipeline/diff.ts";

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description(
      "what changed between two builds: records per dataset and key, new AEs and DLTs, TLF numbers",
    )
    .argument("<old>", "previous build folder")
    .argument("<new>", "new build folder")
    .option("--json", "print the difference as JSON")
    .action(async (oldDir: string, newDir: string, opts: { json?: boolean }) => {
      for (const d of [oldDir, newDir]) {
        if (!existsSync(`${d}/manifest.json`))
          throw new UserError(`${d} is not a trialforge build (no manifest.json)`);
      }
      const diff = await diffBuilds(oldDir, newDir);
      process.stdout.write(`${opts.json ? JSON.stringify(diff, null, 2) : formatDiff(diff)}\n`);
    });
}
