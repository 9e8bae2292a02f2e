#!/usr/bin/env node
/**
 * trialforge: the command-line front door. Exit status: 0 built (warnings allowed), 1 the data or spec
 * stopped the build (reason printed, last good output kept) or validation findings at the --fail-on level,
 * 2 wrong usage, 3 an internal error (one line; the trace goes to a log file). Never a stack trace.
 */
import { formatDiagnostic, UserError } from "@trialforge/core";
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";
import { describeSystemError, UsageError, writeCrashLog } from "./errors.ts";

// Output piped into `head` and closed early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

/** One line for a bug, the trace to a log file; exit status 3. */
function reportInternalError(e: unknown, argv: readonly string[]): number {
  const log = writeCrashLog(e, argv);
  const first = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);
  process.stderr.write(`trialforge: internal error (a bug in trialforge): ${first}; full trace in ${log}\n`);
  return 3;
}

// An error thrown outside the command's promise (a stream or timer callback) ends the same way.
process.on("uncaughtException", (e) => {
  process.exit(reportInternalError(e, process.argv));
});

async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("trialforge")
    .description("Raw clinical-trial data to SDTM, ADaM, TLFs, define.xml, XPT and Dataset-JSON")
    .exitOverride()
    .showHelpAfterError();
  try {
    await registerCommands(program, argv);
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
    if (e instanceof UsageError) {
      process.stderr.write(`trialforge: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`trialforge: ${e.message}\n`);
      for (const d of e.diagnostics.slice(0, 20)) process.stderr.write(`  ${formatDiagnostic(d)}\n`);
      if (e.diagnostics.length > 20) process.stderr.write(`  ... and ${e.diagnostics.length - 20} more\n`);
      return 1;
    }
    // A file that cannot be read or written (permissions, full disk) is the machine's problem, not a bug.
    const system = describeSystemError(e);
    if (system) {
      process.stderr.write(`trialforge: ${system}\n`);
      return 1;
    }
    return reportInternalError(e, argv);
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
