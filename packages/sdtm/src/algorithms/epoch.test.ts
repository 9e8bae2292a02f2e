import { describe, expect, it } from "vitest";
import { epochAtDay } from "./epoch.ts";

// Lymphodepletion from day 100, infusion element from day 105 at 10:00 (36000 s), follow-up from day 106.
const spans = [
  { start: 100, startSecond: undefined, end: 105, epoch: "LYMPHODEPLETION" },
  { start: 105, startSecond: 36_000, end: 106, epoch: "TREATMENT" },
  { start: 106, startSecond: undefined, end: Number.POSITIVE_INFINITY, epoch: "FOLLOW-UP" },
];

describe("epochAtDay", () => {
  it("on the boundary day the later element wins when a time is missing", () => {
    expect(epochAtDay(spans, 105)).toBe("TREATMENT");
    expect(epochAtDay(spans, 106)).toBe("FOLLOW-UP");
  });
  it("a record timed before the element's start time on its start day belongs to the element before", () => {
    expect(epochAtDay(spans, 105, 8 * 3600)).toBe("LYMPHODEPLETION"); // 08:00 pre-dose sample
    expect(epochAtDay(spans, 105, 10 * 3600)).toBe("TREATMENT"); // at the start time
    expect(epochAtDay(spans, 105, 14 * 3600)).toBe("TREATMENT");
  });
  it("is missing outside every element or without a date", () => {
    expect(epochAtDay(spans, 99)).toBe("");
    expect(epochAtDay(spans, undefined)).toBe("");
  });
});
