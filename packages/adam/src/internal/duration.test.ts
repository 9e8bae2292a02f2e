import { describe, expect, it } from "vitest";
import { durationInDays } from "./duration.ts";

describe("durationInDays (PCELTM)", () => {
  it("reads days, weeks, hours and negative durations", () => {
    expect(durationInDays("P7D")).toBe(7);
    expect(durationInDays("P2W")).toBe(14);
    expect(durationInDays("PT6H")).toBe(0.25);
    expect(durationInDays("-PT2H")).toBeCloseTo(-2 / 24, 12);
    expect(durationInDays("P1DT12H")).toBe(1.5);
  });
  it("is undefined for empty or malformed text", () => {
    expect(durationInDays("")).toBeUndefined();
    expect(durationInDays("P")).toBeUndefined();
    expect(durationInDays("PT")).toBeUndefined();
    expect(durationInDays("7D")).toBeUndefined();
  });
});
