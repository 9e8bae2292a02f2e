/**
 * Diagnostics: the one type every package reports problems through.
 * A diagnostic points at the place (file/row/column for raw input, dataset/variable/key for datasets,
 * file/path for specs) and says what is wrong in one readable sentence.
 */

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. "INGEST.BAD_DATE", "SPEC.INVALID", "SDTM.CT_UNKNOWN_TERM". */
  code: string;
  /** One readable sentence, no stack trace. */
  message: string;
  /** Raw file or spec file (repository- or build-relative path). */
  file?: string;
  /** 1-based data row in the raw file (header excluded), or 1-based line in a spec file. */
  row?: number;
  /** Raw column / field name. */
  column?: string;
  /** Path inside a spec document, e.g. "arms[2].dose". */
  path?: string;
  dataset?: string;
  variable?: string;
  /** Record key, e.g. "USUBJID=NCT05563545-001-003 LBSEQ=12". */
  key?: string;
  value?: string;
}

/** Collects diagnostics; packages take one and add to it rather than throwing for data problems. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: string, message: string, where: Omit<Diagnostic, "severity" | "code" | "message"> = {}): void {
    this.add({ severity: "error", code, message, ...where });
  }

  warning(
    code: string,
    message: string,
    where: Omit<Diagnostic, "severity" | "code" | "message"> = {},
  ): void {
    this.add({ severity: "warning", code, message, ...where });
  }

  info(code: string, message: string, where: Omit<Diagnostic, "severity" | "code" | "message"> = {}): void {
    this.add({ severity: "info", code, message, ...where });
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === "error");
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/** Formats a diagnostic as one line: `file:row column: message [code]`. */
export function formatDiagnostic(d: Diagnostic): string {
  const place: string[] = [];
  if (d.file) place.push(d.row !== undefined ? `${d.file}:${d.row}` : d.file);
  if (d.path) place.push(d.path);
  if (d.column) place.push(`column ${d.column}`);
  if (d.dataset) place.push(d.variable ? `${d.dataset}.${d.variable}` : d.dataset);
  if (d.key) place.push(d.key);
  const where = place.length ? `${place.join(" ")}: ` : "";
  return `${d.severity}: ${where}${d.message} [${d.code}]`;
}

/**
 * An error that stops a build because of bad input or a bad spec (exit status 1), as opposed to a bug.
 * The CLI prints its message (one readable line per diagnostic) and never a stack trace.
 */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = "UserError";
    this.diagnostics = diagnostics;
  }
}
