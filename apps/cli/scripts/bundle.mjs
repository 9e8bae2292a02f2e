#!/usr/bin/env node
/**
 * Bundles the trialforge CLI into apps/cli/dist (ESM, one chunk per lazily imported command) so it starts
 * without tsx. Workspace packages and small pure-JS dependencies are inlined; exceljs, pdfmake and the
 * native @resvg/resvg-js stay external (they are dependencies of @trialforge/cli, so a bare import from
 * dist/ resolves under pnpm's strict layout).
 *
 *   node apps/cli/scripts/bundle.mjs [--outdir DIR] [--if-possible] [--quiet]
 *
 * --if-possible: on failure print a warning and exit 0 (used by `prepare`; the launcher then falls back to tsx).
 *
 * Sources that use `import.meta.url` to find files beside them (terminology data, DejaVu fonts via
 * createRequire, the repo root) get it rewritten to the URL of their original source file, computed from the
 * bundle's own location, so those look-ups keep working from dist/. The tool fingerprint (see
 * src/pipeline/inputs.ts toolHash) is computed here with the same algorithm and embedded via `define`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(cliDir, "../..");

/** Packages imported by bare name at run time from dist/ (must be dependencies of @trialforge/cli). */
export const EXTERNAL = ["exceljs", "pdfmake", "@resvg/resvg-js"];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/**
 * Same walk and filter as hashTree/toolHash in src/pipeline/inputs.ts (keep them in step). Returns the hash and
 * the hashed files (repo-relative).
 */
export function sourceToolHash(root = repoRoot) {
  const files = [];
  const paths = [];
  for (const top of ["packages", "apps"]) {
    const base = join(root, top);
    const walk = (d) => {
      for (const name of readdirSync(d).sort()) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) {
          if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
          walk(p);
        } else {
          const rel = relative(base, p);
          if (/(^|\/)(src|data)\//.test(rel) && !/\.test\.ts$/.test(rel)) {
            files.push(`${top}/${rel}=${sha256(readFileSync(p))}`);
            paths.push(`${top}/${toPosix(rel)}`);
          }
        }
      }
    };
    walk(base);
  }
  return { hash: sha256(files.join("\n")), paths };
}

const toPosix = (p) => p.split(sep).join("/");

/** Rewrites `import.meta.url` in workspace sources to the URL of the original file. */
function sourceUrlPlugin(outdir) {
  return {
    name: "trialforge-source-url",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta.url")) return undefined;
        const rel = toPosix(relative(outdir, args.path));
        return {
          contents: text.replaceAll(
            "import.meta.url",
            `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
          ),
          loader: "ts",
        };
      });
    },
  };
}

export async function bundle({ outdir = join(cliDir, "dist"), quiet = false } = {}) {
  const t0 = performance.now();
  const { build } = await import("esbuild");
  outdir = resolve(outdir);
  mkdirSync(outdir, { recursive: true });
  const metaPath = join(outdir, "bundle-meta.json");
  let previous = [];
  try {
    previous = JSON.parse(readFileSync(metaPath, "utf8")).outputs ?? [];
  } catch {}
  const startedAt = Date.now();
  const { hash: toolHash, paths: hashed } = sourceToolHash();
  const result = await build({
    entryPoints: { main: join(cliDir, "src/main.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // Bundled CommonJS dependencies (commander, saxes, xmlbuilder2, cli-progress) call require() for node
    // built-ins; give ESM chunks a real one.
    banner: {
      js: 'import { createRequire as __tfCreateRequire } from "node:module"; const require = __tfCreateRequire(import.meta.url);',
    },
    define: { __TRIALFORGE_TOOL_HASH__: JSON.stringify(toolHash) },
    plugins: [sourceUrlPlugin(outdir)],
    metafile: true,
    write: false,
    logLevel: "warning",
    legalComments: "none",
  });
  // Chunks first, the entry after them, the meta last: a CLI starting mid-write either sees the old entry
  // (whose chunks are still there) or the complete new one. Chunk names carry a content hash; the previous
  // generation's files are kept so a long build started from it can still import its lazy chunks, older
  // ones are removed.
  const entry = join(outdir, "main.js");
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const f of files) writeFileSync(f.path, f.contents);
  const outputs = files.map((f) => toPosix(relative(outdir, f.path))).sort();
  const keep = new Set([...outputs, ...previous, "bundle-meta.json"]);
  for (const name of readdirSync(outdir))
    if (!keep.has(name)) rmSync(join(outdir, name), { recursive: true, force: true });
  // Repo files the bundle depends on (bundled sources plus everything in the embedded fingerprint), so the
  // launcher can tell when it is stale: any of them modified after `startedAt`, or gone. Written last: a
  // bundle without it counts as stale.
  const bundled = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes("node_modules/"))
    .map((p) => toPosix(relative(repoRoot, resolve(p))));
  const inputs = [...new Set([...bundled, ...hashed])].sort();
  writeFileSync(metaPath, `${JSON.stringify({ startedAt, toolHash, outputs, inputs }, null, 1)}\n`);
  const ms = performance.now() - t0;
  if (!quiet) {
    process.stderr.write(
      `trialforge bundle: ${outputs.length} files in ${toPosix(relative(process.cwd(), outdir)) || "."} (${bundled.length} repo sources) in ${ms.toFixed(0)} ms\n`,
    );
  }
  return { outdir, toolHash, inputs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--outdir");
  const opts = { quiet: args.includes("--quiet"), ...(i >= 0 ? { outdir: args[i + 1] } : {}) };
  bundle(opts).catch((e) => {
    if (args.includes("--if-possible")) {
      process.stderr.write(
        `trialforge bundle: skipped (${e?.message?.split("\n")[0] ?? e}); the CLI will run from source via tsx\n`,
      );
    } else {
      process.stderr.write(`trialforge bundle: ${e?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  });
}
