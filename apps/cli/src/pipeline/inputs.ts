/**
 * Input fingerprints for incremental builds: every stage's inputs (raw files, spec files, tool version,
 * CT package) are hashed; a stage re-runs only when its key changes.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "@trialforge/core";

/**
 * sha256 of every file under `dir` (recursively), keyed by path relative to `dir`, in sorted depth-first
 * order. Iterative, so a deep tree cannot overflow the stack; a folder reached twice through symbolic
 * links (a loop) is walked once.
 */
export function hashTree(dir: string, filter: (rel: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  const children = (d: string) =>
    readdirSync(d)
      .sort()
      .reverse()
      .map((name) => join(d, name));
  seen.add(realpathSync(dir));
  const stack = children(dir);
  while (stack.length > 0) {
    const p = stack.pop()!;
    const name = basename(p);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
      const real = realpathSync(p);
      if (seen.has(real)) continue;
      seen.add(real);
      for (const c of children(p)) stack.push(c);
    } else {
      const rel = relative(dir, p);
      if (filter(rel)) out[rel] = sha256File(p);
    }
  }
  return out;
}

/**
 * sha256 of a file read in 4 MB chunks (same digest as `sha256(readFileSync(path))`), so hashing a 1 GB
 * XPT does not hold it in memory.
 */
export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 22);
  const fd = openSync(path, "r");
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null))
      hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/**
 * The build's memo of output-file hashes (workDir-relative path → sha256), kept in ctx.facts so the TLF
 * stage and the manifest hash each big XPT once.
 */
export function fileHashMemo(facts: Record<string, unknown>): Map<string, string> {
  let memo = facts.fileHashes as Map<string, string> | undefined;
  if (!memo) facts.fileHashes = memo = new Map();
  return memo;
}

/** One key from parts (order matters). */
export function combine(...parts: (string | Record<string, string> | undefined)[]): string {
  return sha256(
    parts
      .map((p) =>
        p === undefined
          ? "-"
          : typeof p === "string"
            ? p
            : Object.entries(p)
                .map(([k, v]) => `${k}=${v}`)
                .join("\n"),
      )
      .join("\n--\n"),
  );
}

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Set by the esbuild bundle (apps/cli/scripts/bundle.mjs `define`): the fingerprint of the sources the bundle
 * was built from, computed there with the same walk as below. Undefined when running from TypeScript.
 */
declare const __TRIALFORGE_TOOL_HASH__: string | undefined;

let toolHashCache: string | undefined;
/** The tool version: a hash of every product source file (tests excluded), so a code change re-runs stages. */
export function toolHash(): string {
  if (toolHashCache) return toolHashCache;
  // A pinned fingerprint, for tests that run while the source tree is being edited.
  if (process.env.TRIALFORGE_TOOL_HASH) return (toolHashCache = process.env.TRIALFORGE_TOOL_HASH);
  // Running from the bundle: the sources it was built from (the tree beside it may have moved on).
  if (typeof __TRIALFORGE_TOOL_HASH__ === "string") return (toolHashCache = __TRIALFORGE_TOOL_HASH__);
  const files: Record<string, string> = {};
  for (const top of ["packages", "apps"]) {
    const tree = hashTree(
      join(repoRoot, top),
      (rel) => /(^|\/)(src|data)\//.test(rel) && !/\.test\.ts$/.test(rel),
    );
    for (const [k, v] of Object.entries(tree)) files[`${top}/${k}`] = v;
  }
  toolHashCache = combine(files);
  return toolHashCache;
}

export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, "apps/cli/package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
