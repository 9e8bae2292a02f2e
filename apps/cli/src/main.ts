#!/usr/bin/env node
import { formatDiagnostic, UserError } from "@trialforge/core";
/**
 * trialforge: the command-line front door. Exit status: 0 built (warnings allowed), 1 the data or spec
 * stopped the build (reason printed, last good output kept), 2 wrong usage.
 */
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";

// Output piped into `head` and closed early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("trialforge")
    .description("Raw clinical-trial data to SDTM, ADaM, TLFs, define.xml, XPT and Dataset-JSON")
    .exitOverride()
    .showHelpAfterError();
  await registerCommands(program, argv);
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`trialforge: ${e.message}\n`);
      for (const d of e.diagnostics.slice(0, 20)) process.stderr.write(`  ${formatDiagnostic(d)}\n`);
      if (e.diagnostics.length > 20) process.stderr.write(`  ... and ${e.diagnostics.length - 20} more\n`);
      return 1;
    }
    process.stderr.write(`trialforge: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 3;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
