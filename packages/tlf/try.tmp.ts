import { loadTlfShells } from "@trialforge/spec";
import { buildOutput, writeOutputFiles } from "./src/index.ts";
import { makeAdamFixture } from "./test/adam-fixture.ts";
const shells = loadTlfShells("../../specs/nct05563545");
const adam = makeAdamFixture();
const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-15T08:00:00Z", study: "NCT05563545" };
for (const s of shells) {
  const t0 = performance.now();
  try {
  const o = buildOutput(s, adam);
  await writeOutputFiles(o, stamp, "/tmp/tlfout");
  console.log(s.id, Math.round(performance.now() - t0), "ms");
  } catch (e) { console.log(s.id, "FAIL", (e as Error).message); }
}
