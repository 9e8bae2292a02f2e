import { describe, expect, it } from "vitest";
import { computeElapsed, computePlannedElapsed } from "./elapsed.ts";

describe("elapsed time", () => {
  it("planned elapsed time comes from nominal hours: whole days as PnD, else hours and minutes", () => {
    expect(computePlannedElapsed(0)).toBe("PT0H");
    expect(computePlannedElapsed(4)).toBe("PT4H");
    expect(computePlannedElapsed(0.5)).toBe("PT30M");
    expect(computePlannedElapsed(168)).toBe("P7D"); // 7 x 24 h
    expect(computePlannedElapsed(-2)).toBe("-PT2H");
    expect(computePlannedElapsed(26.25)).toBe("PT26H15M");
  });

  it("actual elapsed time from date/times: hours when both have a time, else days", () => {
    expect(computeElapsed("2024-03-02T10:30", "2024-03-01T08:00")).toBe("PT26H30M");
    expect(computeElapsed("2024-03-08", "2024-03-01T08:00")).toBe("P7D");
    expect(computeElapsed("2024-02-28", "2024-03-01")).toBe("-P2D");
  });
});
