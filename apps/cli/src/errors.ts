/**
 * How the CLI ends: exit 1 for bad data or spec (UserError), 2 for wrong usage (UsageError, commander),
 * and for anything else (a bug) one line on the terminal plus the full trace in a log file, never the trace.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "@trialforge/core";

/** Wrong usage (exit 2): a flag that names the wrong place, e.g. `--out /` or `--out` equal to `--raw`. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Where an unexpected error's trace goes: set by a command that has a work folder (the build's). */
let crashLogDir: string | undefined;
let crashLogName = "trialforge-error.log";

/** The folder and file name the next internal error's trace is written to. */
export function setCrashLog(dir: string, name: string): void {
  crashLogDir = dir;
  crashLogName = name;
}

/**
 * Writes the full trace of an unexpected error and returns the file's path. Falls back to the system
 * temporary folder when the chosen folder cannot be written.
 */
export function writeCrashLog(e: unknown, argv: readonly string[]): string {
  const text =
    `trialforge ${argv.slice(2).join(" ")}\n` +
    `node ${process.version} ${process.platform}-${process.arch}, cwd ${process.cwd()}\n\n` +
    `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
  for (const [dir, name] of [
    [crashLogDir, crashLogName],
    [tmpdir(), `trialforge-error-${process.pid}.log`],
  ] as const) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true });
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    } catch {
      // try the next place
    }
  }
  return "(the trace could not be written anywhere)";
}

/** System error codes that mean "the machine or the files", not a bug: reported as data problems (exit 1). */
const ERRNO: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "is not a folder",
  EBUSY: "busy (in use, or a mount point)",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EIO: "input/output error",
  EXDEV: "cannot move across file systems",
};

/** One readable line for a system (fs) error, or undefined when `e` is not one. */
export function describeSystemError(e: unknown): string | undefined {
  const err = e as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const code = err?.code;
  if (typeof code !== "string" || !Object.hasOwn(ERRNO, code)) return undefined;
  const where = err?.path ? `${err.path}${err.dest ? ` -> ${err.dest}` : ""}: ` : "";
  return `${where}${ERRNO[code]} (${code})`;
}
