export type { MessyKind, MessyRecord } from "./internal/messy.ts";
export { forkRng, mixSeed, Rng } from "./prng.ts";
export {
  computeArmCounts,
  type SynthFile,
  type SynthOptions,
  type SynthSummary,
  synthesize,
} from "./synthesize.ts";
