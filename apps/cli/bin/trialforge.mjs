#!/usr/bin/env node
/**
 * trialforge launcher: runs the esbuild bundle (../dist/main.js, made by scripts/bundle.mjs on `pnpm install`
 * and by `turbo build`) when it is up to date with the sources, else the TypeScript sources through tsx, so a
 * fresh clone or an edited tree still works. TRIALFORGE_FROM_SOURCE=1 forces the sources;
 * TRIALFORGE_LAUNCHER_DEBUG=1 says on stderr which one runs and why.
 */
import { readFileSync, statSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
const repoRoot = new URL("../../../", import.meta.url);

/**
 * Why the bundle cannot be used, or undefined when it is fresh: every repo file it was made from (listed in
 * bundle-meta.json) is older than the bundle run that read it.
 */
function staleReason() {
  if (process.env.TRIALFORGE_FROM_SOURCE) return "TRIALFORGE_FROM_SOURCE is set";
  let meta;
  try {
    meta = JSON.parse(readFileSync(new URL("bundle-meta.json", dist), "utf8"));
  } catch {
    return "no bundle (node apps/cli/scripts/bundle.mjs makes one)";
  }
  for (const f of meta.inputs) {
    let st;
    try {
      st = statSync(new URL(f, repoRoot));
    } catch {
      return `${f} is gone`;
    }
    if (st.mtimeMs >= meta.startedAt) return `${f} changed after the bundle was made`;
  }
  return undefined;
}

const reason = staleReason();
if (process.env.TRIALFORGE_LAUNCHER_DEBUG)
  process.stderr.write(`trialforge launcher: ${reason ? `sources via tsx (${reason})` : "bundle"}\n`);
if (reason === undefined) {
  await import(new URL("main.js", dist).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/main.ts", import.meta.url).href);
}
