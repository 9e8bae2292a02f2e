/**
 * Loading spec files: YAML (or JSON) parsed with line tracking, validated by a zod schema. A broken spec
 * gives one UserError naming the file, the line, the path inside the document and what was expected.
 * Nothing in a spec is ever evaluated as code.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { type Diagnostic, UserError } from "@trialforge/core";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

/** Formats a zod issue path like `arms[2].dose`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(document)";
}

/**
 * Limits that keep a hostile or mistaken spec cheap to reject: a spec file is at most 4 MB (the largest
 * real one is under 20 kB), and YAML aliases may expand to at most 100 nodes (the `yaml` package's
 * `maxAliasCount`), so an alias bomb is refused in milliseconds.
 */
export const SPEC_LIMITS = { maxBytes: 4 * 1024 * 1024, maxAliasCount: 100 } as const;

/** Parses YAML text and validates it; `file` is used in messages only. */
export function parseSpec<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // prettyErrors is off (no code excerpt in messages), so positions come from the line counter.
    const posOf = (e: (typeof doc.errors)[number]) => e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
    const diags: Diagnostic[] = doc.errors.map((e) => {
      const at = posOf(e);
      return {
        severity: "error",
        code: "SPEC.YAML",
        message: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${e.message.split("\n")[0] ?? e.message}`,
        file,
        row: at?.line,
      };
    });
    const at = posOf(doc.errors[0]!);
    throw new UserError(
      `spec ${file}${at ? `:${at.line}:${at.col}` : ""} is not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`,
      diags,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: SPEC_LIMITS.maxAliasCount });
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount (a "billion laughs" document).
    throw new UserError(
      `spec ${file}: YAML aliases expand to more than ${SPEC_LIMITS.maxAliasCount} nodes (${(e as Error).message}); write the values out instead of nesting aliases`,
    );
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const diags: Diagnostic[] = parsed.error.issues.map((issue) => {
    // Point at the deepest existing node on the issue's path, for a line and column.
    let at: { line: number; col: number } | undefined;
    for (let n = issue.path.length; n >= 0; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        at = lineCounter.linePos(node.range[0]);
        break;
      }
    }
    return {
      severity: "error" as const,
      code: "SPEC.INVALID",
      message: `${at ? `line ${at.line}, column ${at.col}: ` : ""}${formatPath(issue.path)}: ${issue.message}`,
      file,
      row: at?.line,
      path: formatPath(issue.path),
    };
  });
  const first = diags[0]!;
  throw new UserError(
    `spec ${file}${first.row ? `:${first.row}` : ""} is invalid at ${first.path}: ${parsed.error.issues[0]!.message}`,
    diags,
  );
}

/** True when `inner` is `outer` or below it (absolute, real paths). */
function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep));
}

/**
 * The real path of `path` (symbolic links and `..` resolved) when it lies inside `root`, else a UserError
 * naming the spec file and the path: no path in a spec may leave its folder. A path that does not exist
 * is checked as written (the reader then reports it missing).
 */
export function resolveInside(root: string, path: string, what: string, specFile?: string): string {
  const realRoot = (() => {
    try {
      return realpathSync(root);
    } catch {
      return resolve(root);
    }
  })();
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = resolve(path);
    if (isWithin(real, resolve(root))) return real;
  }
  if (isWithin(real, realRoot)) return real;
  throw new UserError(
    `${specFile ? `spec ${specFile}: ` : ""}${what} ${relative(process.cwd(), path) || path} leaves ${relative(process.cwd(), root) || root} (it resolves to ${real}); keep it inside that folder`,
    [
      {
        severity: "error",
        code: "SPEC.OUTSIDE",
        message: `${what} resolves to ${real}, outside ${realRoot}`,
        ...(specFile ? { file: specFile } : {}),
      },
    ],
  );
}

/**
 * Reads and validates one spec file. `baseDir` makes the path in messages relative; `root` (the study
 * folder) is where the file must really lie, so a spec file linked from outside the study is refused.
 */
export function loadSpecFile<S extends z.ZodType>(
  path: string,
  schema: S,
  baseDir = process.cwd(),
  root?: string,
): z.infer<S> {
  let text: string;
  const shown = relative(baseDir, path) || path;
  if (root !== undefined) resolveInside(root, path, "the spec file", shown);
  try {
    const size = statSync(path).size;
    if (size > SPEC_LIMITS.maxBytes)
      throw new UserError(
        `spec ${shown} is ${size} bytes; a spec file is at most ${SPEC_LIMITS.maxBytes} bytes (is it really a spec?)`,
      );
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read spec ${shown}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parseSpec(text, shown, schema);
}
