/** Hand-made outputs for renderer tests (no layout or statistics involved). */
import type { Cell, Column, ListingOutput, Row, Stamp, TableOutput } from "../src/model.ts";

export const stamp: Stamp = { dataCut: "2025-06-30", runStamp: "2026-01-15T08:00:00Z", study: "NCT05563545" };

function cell(rowKey: string, colKey: string, n: number, N: number): Cell {
  const pct = (100 * n) / N;
  return {
    text: n === 0 ? "0" : `${n} (${pct.toFixed(1)})`,
    stats:
      n === 0
        ? [{ name: "n", value: 0 }]
        : [
            { name: "n", value: n },
            { name: "pct", value: pct },
          ],
    rowKey,
    colKey,
  };
}

export function sampleTable(): TableOutput {
  const columns: Column[] = [
    { key: "trt=DL1", label: "DL1\n1x10^7 cells/kg", n: 3, width: 1, align: "center", span: "dl" },
    { key: "trt=DL2", label: "DL2\n≥1x10^8 cells/kg", n: 4, width: 1, align: "center", span: "dl" },
    { key: "total", label: "Total", n: 7, width: 1, align: "center" },
  ];
  const Ns = [3, 4, 7];
  const data: [string, number, number[]][] = [
    ["Any TEAE", 0, [3, 4, 7]],
    ["Blood and lymphatic system disorders", 0, [2, 3, 5]],
    ["Neutropenia", 1, [2, 2, 4]],
    ["Anaemia ±µ", 1, [0, 1, 1]],
  ];
  const rows: Row[] = data.map(([label, indent, ns]) => ({
    key: label,
    label,
    indent,
    cells: ns.map((n, j) => cell(label, columns[j]!.key, n, Ns[j]!)),
  }));
  return {
    kind: "table",
    id: "t-sample",
    number: "Table 14.3.1.1",
    titles: ["Treatment-Emergent Adverse Events by SOC and PT", "Safety Population"],
    footnotes: [
      "Subjects are counted once per SOC and PT.",
      "Percentages use N of the column; = and ≥ print.",
    ],
    source: "Source: ADAE, ADSL",
    orientation: "landscape",
    paper: "letter",
    stubHeader: "System Organ Class\n  Preferred Term",
    stubWidth: 3,
    columns,
    spans: [{ key: "dl", label: "CAR-NK-CD19 Dose Level" }],
    sections: [{ rows }],
  };
}

/** A listing of `n` rows in two sections (page break by group). */
export function sampleListing(n: number): ListingOutput {
  const columns: Column[] = [
    { key: "USUBJID", label: "Subject", width: 2, align: "left" },
    { key: "VISIT", label: "Visit", width: 1.5, align: "left" },
    { key: "AVAL", label: "Result", width: 1, align: "right" },
    { key: "NOTE", label: "Note", width: 2, align: "left" },
  ];
  const mk = (i: number): Row => {
    const k = `row=${i}`;
    const v = Math.round(i * 1.37 * 100) / 100;
    return {
      key: k,
      label: "",
      indent: 0,
      cells: [
        { text: `S-${String(i).padStart(4, "0")}`, stats: [], rowKey: k, colKey: "USUBJID" },
        { text: `Day ${i % 28}`, stats: [], rowKey: k, colKey: "VISIT" },
        { text: v.toFixed(2), stats: [{ name: "AVAL", value: v }], rowKey: k, colKey: "AVAL" },
        {
          text:
            i % 7 === 0
              ? "=SUM(A1:A2)"
              : i % 11 === 0
                ? "<BLQ"
                : i === 5
                  ? "+1+1"
                  : i === 8
                    ? "-2-2"
                    : i === 9
                      ? "@NOW()"
                      : "",
          stats: [],
          rowKey: k,
          colKey: "NOTE",
        },
      ],
    };
  };
  const half = Math.floor(n / 2);
  return {
    kind: "listing",
    id: "l-sample",
    titles: ["Listing of Sample Results", "Safety Population"],
    footnotes: ["BLQ = below the limit of quantification."],
    source: "Source: ADPC",
    orientation: "landscape",
    paper: "letter",
    columns,
    spans: [],
    sections: [
      { label: "Dose level: DL1", rows: Array.from({ length: half }, (_, i) => mk(i + 1)) },
      { label: "Dose level: DL2", rows: Array.from({ length: n - half }, (_, i) => mk(half + i + 1)) },
    ],
  };
}
