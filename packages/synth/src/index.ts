export { synthesize, computeArmCounts, type SynthOptions, type SynthSummary, type SynthFile } from "./synthesize.ts";
export type { MessyKind, MessyRecord } from "./internal/messy.ts";
export { Rng, forkRng, mixSeed } from "./prng.ts";
