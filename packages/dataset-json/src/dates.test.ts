import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isIsoableSasDate,
  isoToSasDate,
  isoToSasDatetime,
  isoToSasTime,
  sasDateToIso,
  sasDatetimeToIso,
  sasTimeToIso,
  temporalKind,
} from "./dates.ts";

// Oracle: JavaScript's own calendar (Date.UTC), independent of the civil-day arithmetic under test.
const SAS0 = Date.UTC(1960, 0, 1);
const oracleIso = (sasDay: number) => new Date(SAS0 + sasDay * 86400000).toISOString().slice(0, 10);

describe("SAS dates <-> ISO 8601", () => {
  it("SAS day 0 is 1960-01-01; known days", () => {
    expect(sasDateToIso(0)).toBe("1960-01-01");
    expect(sasDateToIso(-1)).toBe("1959-12-31");
    expect(sasDateToIso(3653)).toBe("1970-01-01");
    expect(isoToSasDate("2000-02-29")).toBe((Date.UTC(2000, 1, 29) - SAS0) / 86400000);
    expect(isoToSasDate("2023-02-29")).toBeUndefined();
    expect(isoToSasDate("2024-03")).toBeUndefined();
  });

  it("agrees with Date.UTC for every day from 1600 to 9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -131_000, max: 2_936_000 }), (d) => {
        const iso = sasDateToIso(d);
        return iso === oracleIso(d) && isoToSasDate(iso) === d;
      }),
      { numRuns: 5000 },
    );
  });

  it("ISO text only for years 0001-9999 (4-digit years)", () => {
    expect(isIsoableSasDate(isoToSasDate("0001-01-01")!)).toBe(true);
    expect(isIsoableSasDate(isoToSasDate("0001-01-01")! - 1)).toBe(false);
    expect(isIsoableSasDate(isoToSasDate("9999-12-31")!)).toBe(true);
    expect(isIsoableSasDate(isoToSasDate("9999-12-31")! + 1)).toBe(false);
    expect(isIsoableSasDate(0.5)).toBe(false);
    expect(sasDateToIso(isoToSasDate("0001-01-01")!)).toBe("0001-01-01");
  });

  it("datetimes and times", () => {
    expect(sasDatetimeToIso(0)).toBe("1960-01-01T00:00:00");
    expect(sasDatetimeToIso(-1)).toBe("1959-12-31T23:59:59");
    const s = (Date.UTC(2024, 2, 15, 14, 30, 5) - SAS0) / 1000;
    expect(sasDatetimeToIso(s)).toBe("2024-03-15T14:30:05");
    expect(isoToSasDatetime("2024-03-15T14:30:05")).toBe(s);
    expect(isoToSasDatetime("2024-03-15T14:30")).toBe(s - 5);
    expect(sasTimeToIso(52205)).toBe("14:30:05");
    expect(isoToSasTime("14:30:05")).toBe(52205);
    expect(isoToSasTime("24:00:00")).toBeUndefined();
  });

  it("classifies SAS display formats", () => {
    expect(temporalKind("DATE9.")).toBe("date");
    expect(temporalKind("E8601DA10.")).toBe("date");
    expect(temporalKind("YYMMDD10.")).toBe("date");
    expect(temporalKind("DATETIME20.")).toBe("datetime");
    expect(temporalKind("E8601DT19.")).toBe("datetime");
    expect(temporalKind("TIME8.")).toBe("time");
    expect(temporalKind("8.2")).toBeUndefined();
    expect(temporalKind("$CHAR20.")).toBeUndefined();
    expect(temporalKind(undefined)).toBeUndefined();
  });
});
