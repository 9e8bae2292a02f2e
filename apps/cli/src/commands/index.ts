import type { Command } from "commander";

type Register = (program: Command) => void;

/**
 * Each command lives in its own file and registers itself. Only the module of the command being run is
 * loaded (a command's dependencies, e.g. pdfmake or exceljs, cost start-up time); `--help` loads them all.
 * Listed in the order `--help` shows them.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  synth: async () => (await import("./synth.ts")).registerSynth,
  build: async () => (await import("./build.ts")).registerBuild,
  validate: async () => (await import("./validate.ts")).registerValidate,
  package: async () => (await import("./package.ts")).registerPackage,
  convert: async () => (await import("./convert.ts")).registerConvert,
  diff: async () => (await import("./diff.ts")).registerDiff,
  tlf: async () => (await import("./tlf.ts")).registerTlf,
  trace: async () => (await import("./trace.ts")).registerTrace,
};

export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = argv[2];
  const only = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  for (const n of only) (await COMMANDS[n]!())(program);
}
