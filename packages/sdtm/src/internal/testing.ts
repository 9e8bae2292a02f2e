/** Test fixtures: literal raw tables and a small CT source (used by the unit tests only). */
import { type Dataset, DatasetBuilder, Diagnostics, type VariableMeta } from "@trialforge/core";
import { RawForm, type SponsorCodelist } from "@trialforge/spec";
import type { MapContext } from "../algorithms/types.ts";
import { CtChecker, type CtSource } from "./ct.ts";
import { Frame } from "./frame.ts";
import type { RawTableLike, Rejection } from "./types.ts";

/** A raw table of text fields (every row's keys are the fields) plus SOURCEROW 1..n. */
export function rawTable(id: string, rows: Record<string, string>[], subjectField = "SUBJID"): RawTableLike {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (!names.includes(subjectField)) names.unshift(subjectField);
  const vars: VariableMeta[] = [
    ...names.map((n) => ({ name: n, label: n, type: "Char" as const, length: 200 })),
    { name: "SOURCEROW", label: "Source row", type: "Num", length: 8 },
  ];
  const b = new DatasetBuilder({
    name: id,
    label: id,
    standard: "SDTM",
    class: "FINDINGS",
    structure: "raw",
    keys: [],
    variables: vars,
  });
  for (const [i, r] of rows.entries())
    b.push({ ...Object.fromEntries(names.map((n) => [n, r[n] ?? ""])), SOURCEROW: i + 1 });
  const form = RawForm.parse({
    id,
    label: id,
    source: "edc",
    file: `edc/${id.toLowerCase()}.csv`,
    format: "csv",
    keys: [subjectField],
    subjectField,
    fields: names.map((n) => ({ name: n, label: n, type: "text" })),
  });
  const data: Dataset = b.build();
  return { form, file: form.file, data, read: rows.length, accepted: rows.length, rejected: 0 };
}

/** A CT source over literal codelists: { C66731: { terms: ["M","F"], extensible: false } }. */
export function fakeCt(
  lists: Record<string, { terms: string[]; extensible: boolean; synonyms?: Record<string, string> }>,
): CtSource {
  return {
    find(codelist, value) {
      const cl = lists[codelist];
      if (!cl) return undefined;
      const v = cl.terms.find((t) => t.toUpperCase() === value.trim().toUpperCase());
      return v ?? cl.synonyms?.[value.trim()];
    },
    isExtensible: (codelist) => lists[codelist]?.extensible,
  };
}

/** A MapContext over a raw table, collecting rejections. */
export function mapContext(table: RawTableLike, ct: CtSource, sponsor: SponsorCodelist[] = []) {
  const rejections: Rejection[] = [];
  const diagnostics = new Diagnostics();
  const ctx: MapContext = {
    form: table.form.id,
    target: "XX.VAR",
    field: (n) => table.data.char(n),
    ct: new CtChecker(ct, sponsor, diagnostics),
    reject: (row, column, code, reason, value) =>
      rejections.push({
        form: table.form.id,
        file: table.file,
        row: row + 1,
        column,
        code,
        reason,
        ...(value !== undefined ? { value } : {}),
      }),
  };
  return { ctx, rejections, diagnostics };
}

/** A frame with the given variables (name or [name, "Num"]) and literal records. */
export function frameOf(
  name: string,
  vars: (string | [string, "Num"])[],
  rows: Record<string, string | number | null>[],
): Frame {
  const f = new Frame({
    name,
    label: name,
    standard: "SDTM",
    class: "FINDINGS",
    structure: "test",
    keys: [],
    variables: vars.map((v) =>
      typeof v === "string"
        ? { name: v, label: v, type: "Char", length: 200 }
        : { name: v[0], label: v[0], type: "Num", length: 8 },
    ),
  });
  for (const [i, r] of rows.entries()) f.pushRow({ ...r, __FORM: name, __ROW: i + 1 });
  return f;
}

/** A column's values as an array. */
export function col(f: Frame, name: string): (string | number | null)[] {
  const c = f.cols.get(name)!;
  return Array.from({ length: f.length }, (_, i) => c.get(i));
}
