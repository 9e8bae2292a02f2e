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

  it("planned elapsed time rounds to whole minutes before splitting: 1.9999 h is PT2H, 23.9999 h is P1D", () => {
    expect(computePlannedElapsed(1.9999)).toBe("PT2H"); // 119.994 min -> 120 min
    expect(computePlannedElapsed(23.9999)).toBe("P1D"); // 1439.994 min -> 1440 min
    expect(computePlannedElapsed(-1 / 60)).toBe("-PT1M");
  });

  it("actual elapsed time from date/times: hours when both have a time, else days", () => {
    expect(computeElapsed("2024-03-02T10:30", "2024-03-01T08:00")).toBe("PT26H30M");
    expect(computeElapsed("2024-03-08", "2024-03-01T08:00")).toBe("P7D");
    expect(computeElapsed("2024-02-28", "2024-03-01")).toBe("-P2D");
  });
});
