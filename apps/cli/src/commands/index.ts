import type { Command } from "commander";
import { registerSynth } from "./synth.ts";
import { registerConvert } from "./convert.ts";
import { registerTlf } from "./tlf.ts";
import { registerValidate } from "./validate.ts";

/** Each command lives in its own file and registers itself here. */
export function registerCommands(program: Command): void {
  registerSynth(program);
  registerConvert(program);
  registerTlf(program);
  registerValidate(program);
}
