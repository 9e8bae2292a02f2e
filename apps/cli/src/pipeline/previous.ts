import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BuildContext } from "../context.ts";

/** Copies a file or folder of the previous build into the work folder (for stages that reuse results). */
export function reusePrevious(ctx: BuildContext, rel: string): boolean {
  const prevDir = ctx.facts.previous as string | undefined;
  if (!prevDir) return false;
  const src = join(prevDir, rel);
  if (!existsSync(src)) return false;
  cpSync(src, join(ctx.workDir, rel), { recursive: true });
  return true;
}

export function listFiles(dir: string, ext: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];
}
