/**
 * The raw input contract (see CONTRACTS.md, @trialforge/ingest). Kept structural here so the mapping engine
 * depends only on what it reads.
 */
import type { Dataset } from "@trialforge/core";
import type { RawForm } from "@trialforge/spec";

export type { Rejection } from "@trialforge/ingest";

import type { Rejection } from "@trialforge/ingest";

export interface RawTableLike {
  form: RawForm;
  file: string;
  /** Char columns named as the form's fields plus Num SOURCEROW. */
  data: Dataset;
  read: number;
  accepted: number;
  rejected: number;
}

export interface RawInput {
  tables: Map<string, RawTableLike>;
  rejections: Rejection[];
}
