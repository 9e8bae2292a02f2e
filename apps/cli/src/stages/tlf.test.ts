/** The TLF stage stops the build (UserError, exit 1) when a table breaks an invariant, naming it. */
import { UserError } from "@trialforge/core";
import type { TableOutput } from "@trialforge/tlf";
import { describe, expect, it } from "vitest";
import { assertOutputInvariants } from "./tlf.ts";

const stamp = { dataCut: "2025-06-30", runStamp: "2026-01-01T00:00:00Z", study: "NCT05563545" };

function table(n: number, N: number): TableOutput {
  return {
    id: "t-broken",
    titles: ["Broken"],
    footnotes: [],
    source: "",
    orientation: "landscape",
    paper: "letter",
    kind: "table",
    stubHeader: "",
    stubWidth: 2,
    columns: [{ key: "trt=A", label: "A", n: N, width: 1, align: "center" }],
    spans: [],
    sections: [
      {
        rows: [
          {
            key: "any",
            label: "Any event",
            indent: 0,
            cells: [
              {
                text: `${n} (${((100 * n) / N).toFixed(1)})`,
                stats: [
                  { name: "n", value: n },
                  { name: "pct", value: (100 * n) / N },
                ],
                rowKey: "any",
                colKey: "trt=A",
              },
            ],
          },
        ],
      },
    ],
  };
}

describe("assertOutputInvariants", () => {
  it("passes 3 of N = 6", () => {
    expect(() => assertOutputInvariants([table(3, 6)], stamp)).not.toThrow();
  });
  it("stops with one readable message naming the table, row and column for 10 of N = 6", () => {
    let err: unknown;
    try {
      assertOutputInvariants([table(10, 6)], stamp);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      '1 TLF invariant check failed:\nt-broken, row "Any event" (any), column "A" (trt=A): n-within-N: n = 10 exceeds N = 6',
    );
  });
});
