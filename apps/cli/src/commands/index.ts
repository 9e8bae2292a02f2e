import type { Command } from "commander";
import { registerBuild } from "./build.ts";
import { registerConvert } from "./convert.ts";
import { registerDiff } from "./diff.ts";
import { registerPackage } from "./package.ts";
import { registerSynth } from "./synth.ts";
import { registerTlf } from "./tlf.ts";
import { registerValidate } from "./validate.ts";

/** Each command lives in its own file and registers itself here, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerSynth(program);
  registerBuild(program);
  registerValidate(program);
  registerPackage(program);
  registerConvert(program);
  registerDiff(program);
  registerTlf(program);
}
