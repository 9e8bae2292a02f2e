import { describe, expect, it } from "vitest";
import { dtcSasDate, dtcSasDatetime, parseDtc } from "./dtc.ts";

describe("SDTM --DTC parsing for ADaM", () => {
  it("1960-01-01 is SAS date 0 and 2024-03-10 is 23445", () => {
    expect(dtcSasDate("1960-01-01")).toBe(0);
    expect(dtcSasDate("2024-03-10T10:30")).toBe(23445);
  });
  it("datetimes need hour and minute", () => {
    expect(dtcSasDatetime("2024-03-10T10:30")).toBe(23445 * 86400 + 37800);
    expect(dtcSasDatetime("2024-03-10")).toBeUndefined();
  });
  it("partial dates and hyphen placeholders parse; impossible dates do not", () => {
    expect(parseDtc("2024---15")).toEqual({
      year: 2024,
      month: undefined,
      day: 15,
      hour: undefined,
      minute: undefined,
      second: undefined,
    });
    expect(dtcSasDate("2024-03")).toBeUndefined();
    expect(parseDtc("2023-02-29")).toBeUndefined();
    expect(parseDtc("2024-13")).toBeUndefined();
  });
});
