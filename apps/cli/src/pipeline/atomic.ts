/**
 * Atomic publication of a build folder. A run writes into `<out>.tmp-<pid>` beside the output folder and,
 * only when every stage succeeded, swaps it in with two renames on the same filesystem. A run killed at any
 * moment (even SIGKILL) leaves the previous good `<out>` untouched; the next run removes the leftovers and,
 * if it was killed between the two renames, restores the previous output first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "@trialforge/core";

/** True when the process runs; a killed process nobody has reaped yet (a zombie) does not count. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", state Z = zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

export interface BuildSlot {
  outDir: string;
  workDir: string;
  /** Swaps workDir into outDir. */
  publish(): void;
  /** Removes workDir and the lock (on failure). */
  abandon(): void;
}

/** Takes the output folder's lock, cleans what killed runs left behind, and makes a fresh work folder. */
export function openBuildSlot(outDir: string): BuildSlot {
  const parent = dirname(outDir);
  const name = basename(outDir);
  mkdirSync(parent, { recursive: true });
  const lock = join(parent, `.${name}.lock`);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").trim());
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new UserError(`another build (pid ${pid}) is writing ${outDir}; wait for it or remove ${lock}`);
    }
    rmSync(lock, { force: true });
  }
  writeFileSync(lock, String(process.pid), { flag: "wx" });

  // Leftovers of killed runs: work folders, and an old output moved aside but not yet removed.
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(`.${name}.tmp-`)) rmSync(join(parent, entry), { recursive: true, force: true });
    if (entry.startsWith(`.${name}.old-`)) {
      const old = join(parent, entry);
      if (!existsSync(outDir)) renameSync(old, outDir);
      else rmSync(old, { recursive: true, force: true });
    }
  }
  const workDir = join(parent, `.${name}.tmp-${process.pid}`);
  mkdirSync(workDir, { recursive: true });

  const release = () => rmSync(lock, { force: true });
  return {
    outDir,
    workDir,
    publish() {
      const old = join(parent, `.${name}.old-${process.pid}`);
      if (existsSync(outDir)) renameSync(outDir, old);
      renameSync(workDir, outDir);
      rmSync(old, { recursive: true, force: true });
      release();
    },
    abandon() {
      rmSync(workDir, { recursive: true, force: true });
      release();
    },
  };
}
