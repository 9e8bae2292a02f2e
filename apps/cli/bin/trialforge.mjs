#!/usr/bin/env node
/**
 * trialforge launcher: runs the esbuild bundle (../dist/main.js, made by scripts/bundle.mjs on `pnpm install`
 * and by `turbo build`) when it is up to date with the sources, else the TypeScript sources through tsx, so a
 * fresh clone or an edited tree still works. TRIALFORGE_FROM_SOURCE=1 forces the sources.
 */
import { readFileSync, statSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
const repoRoot = new URL("../../../", import.meta.url);

/** The bundle is fresh when every repo file it was made from (listed in bundle-meta.json) is older than it. */
function bundleIsFresh() {
  if (process.env.TRIALFORGE_FROM_SOURCE) return false;
  try {
    const meta = JSON.parse(readFileSync(new URL("bundle-meta.json", dist), "utf8"));
    for (const f of meta.inputs) if (statSync(new URL(f, repoRoot)).mtimeMs >= meta.startedAt) return false;
    return true;
  } catch {
    return false; // no bundle, or an input is gone
  }
}

if (bundleIsFresh()) {
  await import(new URL("main.js", dist).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/main.ts", import.meta.url).href);
}
