import { describe, expect, it } from "vitest";
import { sasDateOf, sasDateToIso } from "../internal/dtc.ts";
import { computeImputedEndDate, computeImputedStartDate } from "./imputed-date.ts";

const iso = (r: { date: number; flag: string } | undefined) =>
  r ? [sasDateToIso(r.date), r.flag] : undefined;

describe("computeImputedStartDate", () => {
  it("keeps a complete date and flags nothing", () => {
    expect(iso(computeImputedStartDate("2024-03-15T10:00"))).toEqual(["2024-03-15", ""]);
  });
  it("imputes a missing day to the 1st with flag D", () => {
    expect(iso(computeImputedStartDate("2024-03"))).toEqual(["2024-03-01", "D"]);
  });
  it("imputes a missing month and day to 1 January with flag M", () => {
    expect(iso(computeImputedStartDate("2024"))).toEqual(["2024-01-01", "M"]);
  });
  it("imputes to TRTSDT when the partial month contains the infusion date", () => {
    // AE "2024-03", infusion 2024-03-10: first possible 03-01 < 03-10 <= 03-31 → 2024-03-10
    expect(iso(computeImputedStartDate("2024-03", { minDate: sasDateOf(2024, 3, 10) }))).toEqual([
      "2024-03-10",
      "D",
    ]);
  });
  it("does not move a partial date whose month is before the infusion month", () => {
    // AE "2024-02", infusion 2024-03-10: range 02-01..02-29 does not contain 03-10 → 2024-02-01
    expect(iso(computeImputedStartDate("2024-02", { minDate: sasDateOf(2024, 3, 10) }))).toEqual([
      "2024-02-01",
      "D",
    ]);
  });
  it("never moves a complete date to TRTSDT", () => {
    expect(iso(computeImputedStartDate("2024-03-05", { minDate: sasDateOf(2024, 3, 10) }))).toEqual([
      "2024-03-05",
      "",
    ]);
  });
  it("gives no date when the year is missing or the text is not ISO 8601", () => {
    expect(computeImputedStartDate("")).toBeUndefined();
    expect(computeImputedStartDate("--03-15")).toBeUndefined();
    expect(computeImputedStartDate("2023-02-30")).toBeUndefined();
  });
});

describe("computeImputedEndDate", () => {
  it("imputes a missing day to the last day of the month (leap February 29)", () => {
    expect(iso(computeImputedEndDate("2024-02"))).toEqual(["2024-02-29", "D"]);
  });
  it("imputes a missing month to 31 December with flag M", () => {
    expect(iso(computeImputedEndDate("2023"))).toEqual(["2023-12-31", "M"]);
  });
  it("caps the imputed end at the death date when it lies in the partial range", () => {
    // "2024-05", death 2024-05-15 → 2024-05-15 (not 05-31)
    expect(iso(computeImputedEndDate("2024-05", { maxDates: [sasDateOf(2024, 5, 15), null] }))).toEqual([
      "2024-05-15",
      "D",
    ]);
  });
  it("does not cap a complete end date", () => {
    expect(iso(computeImputedEndDate("2024-05-20", { maxDates: [sasDateOf(2024, 5, 15)] }))).toEqual([
      "2024-05-20",
      "",
    ]);
  });
});
