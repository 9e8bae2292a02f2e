import { openXpt } from "@trialforge/xport";
import { columnFacts, mergeColumnFacts } from "@trialforge/dataset-json";
import { xptToDatasetJson } from "../apps/cli/src/commands/convert-xpt-json.ts";
const T = async (l: string, f: () => Promise<unknown>) => { const t = performance.now(); const c = process.cpuUsage(); const r = await f(); const u = process.cpuUsage(c); console.log(l, ((performance.now() - t) / 1000).toFixed(2), "cpu", ((u.user + u.system) / 1e6).toFixed(2), "user", (u.user/1e6).toFixed(2)); return r; };
await T("pass1", async () => { const x = await openXpt("/tmp/i20/lb.xpt"); let f; for await (const b of x.blocks({ numericOnly: true })) { const g = columnFacts(b); f = f ? mergeColumnFacts(f, g) : g; } await x.close(); });
await T("chunks only", async () => { const x = await openXpt("/tmp/i20/lb.xpt"); for await (const c of x.chunks(8 << 20)) void c; await x.close(); });
await T("full", () => xptToDatasetJson("/tmp/i20/lb.xpt", "/tmp/i20/t.ndjson", "ndjson", { timestamp: "2026-01-01T00:00:00Z" }, () => {}));
