/**
 * Loading spec files: YAML (or JSON) parsed with line tracking, validated by a zod schema. A broken spec
 * gives one UserError naming the file, the line, the path inside the document and what was expected.
 * Nothing in a spec is ever evaluated as code.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
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

/** Parses YAML text and validates it; `file` is used in messages only. */
export function parseSpec<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const diags: Diagnostic[] = doc.errors.map((e) => ({
      severity: "error",
      code: "SPEC.YAML",
      message: e.message.split("\n")[0] ?? e.message,
      file,
      row: e.linePos?.[0]?.line,
    }));
    throw new UserError(`spec ${file} is not valid YAML`, diags);
  }
  const data = doc.toJS({ maxAliasCount: 50 });
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const diags: Diagnostic[] = parsed.error.issues.map((issue) => {
    // Point at the deepest existing node on the issue's path, for a line number.
    let line: number | undefined;
    for (let n = issue.path.length; n >= 0; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        line = lineCounter.linePos(node.range[0]).line;
        break;
      }
    }
    return {
      severity: "error" as const,
      code: "SPEC.INVALID",
      message: `${formatPath(issue.path)}: ${issue.message}`,
      file,
      row: line,
      path: formatPath(issue.path),
    };
  });
  const first = diags[0]!;
  throw new UserError(
    `spec ${file}${first.row ? `:${first.row}` : ""} is invalid at ${first.path}: ${parsed.error.issues[0]!.message}`,
    diags,
  );
}

/** Reads and validates one spec file. `baseDir` makes the path in messages relative. */
export function loadSpecFile<S extends z.ZodType>(
  path: string,
  schema: S,
  baseDir = process.cwd(),
): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError(
      `cannot read spec ${relative(baseDir, path)}: ${(e as NodeJS.ErrnoException).code ?? e}`,
    );
  }
  return parseSpec(text, relative(baseDir, path) || path, schema);
}
