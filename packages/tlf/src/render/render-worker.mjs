// Worker entry for writeOutputsParallel (plain JS so it starts both under tsx and from the esbuild bundle):
// loads the TypeScript renderer, registering tsx first when this thread cannot import .ts by itself.
import { parentPort } from "node:worker_threads";

let mod;
try {
  mod = await import("./render-worker-impl.ts");
} catch (e) {
  if (e?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw e;
  const { register } = await import("tsx/esm/api");
  register();
  // A new URL: the failed load above stays cached under the plain one.
  mod = await import("./render-worker-impl.ts?tsx");
}
mod.serve(parentPort);
