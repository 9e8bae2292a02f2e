import type { CharColumn } from "@trialforge/core";
import type { CtChecker } from "../internal/ct.ts";

/** What a mapping algorithm sees: the raw table of one form and the way to reject a raw record. */
export interface MapContext {
  /** Raw form id. */
  form: string;
  /** The form writes all-numeric dates day first (raw form `dateOrder: dayFirst`). */
  dayFirst?: boolean;
  /** Target, as "DOMAIN.VARIABLE" (for messages). */
  target: string;
  /** The raw field's column (trimmed text, "" = empty); an unknown field is a spec error. */
  field(name: string): CharColumn;
  ct: CtChecker;
  /** Rejects raw record `row` (0-based in the raw table) with the reason; the record is not carried. */
  reject(row: number, column: string, code: string, reason: string, value?: string): void;
}

/** Value of the target variable for raw record `row`: text for Char, number or null for Num. */
export type Getter = ((row: number) => string | number | null) & {
  /** Set when the value is exactly this raw column's text (a copy), so the engine can copy codes. */
  source?: CharColumn;
};

/** A mapping algorithm: compiles its spec entry into a per-record getter. */
export type Algorithm<M> = (mapping: M, ctx: MapContext) => Getter;
