/**
 * Input fingerprints for incremental builds: every stage's inputs (raw files, spec files, tool version,
 * CT package) are hashed; a stage re-runs only when its key changes.
 */
import { createHash } from "node:crypto";
import {
  type BigIntStats,
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
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

/** A tree's content hashes plus the stat fingerprints that let the next build skip re-reading them. */
export interface TreeHashes {
  /** sha256 per path relative to the tree, sorted (what stage keys are made of). */
  hashes: Record<string, string>;
  /** `size:mtimeNs:ctimeNs:ino` per path, only for files whose hash may be reused without reading them. */
  stats: Record<string, string>;
}

/**
 * A file changed less than this long before it was hashed may still change within the same timestamp tick
 * (git's "racily clean" files), so its stat is not recorded and the next build re-reads it.
 */
const SETTLE_MS = 2000;

function statKey(st: BigIntStats): string {
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** The stat fingerprint hashTreeCached records for a file: `size:mtimeNs:ctimeNs:ino`. */
export function fileStatKey(path: string): string {
  return statKey(statSync(path, { bigint: true }));
}

/**
 * Like {@link hashTree}, but a file whose size, mtime, ctime and inode all equal the ones recorded with
 * `previous` keeps its recorded hash without being read; any difference re-reads and re-hashes it, so the
 * content hash stays the key and the stat only saves the reading (ctime cannot be set back by `touch`).
 */
export function hashTreeCached(
  dir: string,
  previous?: { hashes?: Record<string, string>; stats?: Record<string, string> },
): TreeHashes {
  const hashes: Record<string, string> = {};
  const stats: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p, { bigint: true });
      if (st.isDirectory()) {
        if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
        walk(p);
        continue;
      }
      const rel = relative(dir, p);
      const key = statKey(st);
      const known = previous?.hashes?.[rel];
      if (known !== undefined && previous?.stats?.[rel] === key) {
        hashes[rel] = known;
        stats[rel] = key;
        continue;
      }
      const startedMs = Date.now();
      hashes[rel] = sha256File(p);
      // Recorded only when the file did not move while it was read and had settled before.
      const after = statSync(p, { bigint: true });
      const newest = Math.max(Number(after.mtimeMs), Number(after.ctimeMs));
      if (statKey(after) === key && newest < startedMs - SETTLE_MS) stats[rel] = key;
    }
  };
  walk(dir);
  return { hashes, stats };
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
