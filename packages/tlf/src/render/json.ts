/**
 * QC JSON beside each output: every number shown, with its row and column keys (an ARD in the style of
 * cards: one record per statistic), plus the display text so a QC programmer can diff either.
 */
import { writeFile } from "node:fs/promises";
import type { Output, Stamp } from "../model.ts";

export interface ArdRecord {
  rowKey: string;
  rowLabel: string;
  colKey: string;
  colLabel: string;
  section?: string;
  statName: string;
  stat: number | null;
  text: string;
}

/** The ARD-like records of an output (one per number shown). */
export function outputArd(o: Output): ArdRecord[] {
  const out: ArdRecord[] = [];
  if (o.kind === "figure") {
    for (const c of o.data) {
      for (const s of c.stats) {
        out.push({
          rowKey: c.rowKey,
          rowLabel: "",
          colKey: c.colKey,
          colLabel: "",
          statName: s.name,
          stat: s.value,
          text: c.text,
        });
      }
    }
    return out;
  }
  for (const sec of o.sections) {
    for (const row of sec.rows) {
      row.cells.forEach((c, j) => {
        for (const s of c.stats) {
          const rec: ArdRecord = {
            rowKey: c.rowKey,
            rowLabel: row.label,
            colKey: c.colKey,
            colLabel: o.columns[j]!.label,
            statName: s.name,
            stat: s.value,
            text: c.text,
          };
          if (sec.label !== undefined) rec.section = sec.label;
          out.push(rec);
        }
      });
    }
  }
  return out;
}

/** JSON.stringify with object keys sorted, so the bytes depend only on the content. */
export function stableStringify(v: unknown, indent = 1): string {
  return JSON.stringify(
    v,
    (_k, x) => {
      if (x && typeof x === "object" && !Array.isArray(x)) {
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(x).sort()) o[k] = (x as Record<string, unknown>)[k];
        return o;
      }
      if (typeof x === "number" && !Number.isFinite(x)) return null;
      return x;
    },
    indent,
  );
}

/** The QC document: header facts, the display grid (text per cell) and the ARD. */
export function renderJson(o: Output, stamp: Stamp): string {
  return `${stableStringify(qcDocument(o, stamp))}\n`;
}

/** The QC document as an object (what `renderJson` writes). */
function qcDocument(o: Output, stamp: Stamp): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    id: o.id,
    kind: o.kind,
    number: o.number ?? null,
    titles: o.titles,
    footnotes: o.footnotes,
    source: o.source,
    dataCut: stamp.dataCut,
    runStamp: stamp.runStamp,
  };
  if (o.kind !== "figure") {
    doc.columns = o.columns.map((c) => ({
      key: c.key,
      label: c.label,
      n: c.n ?? null,
      span: c.span ?? null,
      ...(c.totalOf ? { totalOf: c.totalOf } : {}),
    }));
    doc.sections = o.sections.map((s) => ({
      label: s.label ?? null,
      rows: s.rows.map((r) => ({
        key: r.key,
        label: r.label,
        indent: r.indent,
        cells: r.cells.map((c) => c.text),
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        ...(r.records !== undefined ? { records: r.records } : {}),
      })),
    }));
  }
  doc.ard = outputArd(o);
  return doc;
}

export async function writeJson(o: Output, stamp: Stamp, path: string): Promise<void> {
  await writeFile(path, renderJson(o, stamp));
}
