import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareDtc,
  type DtcParts,
  daysInMonth,
  dtcPrecision,
  durationDays,
  durationHours,
  epochDay,
  epochDayToIso,
  formatDtc,
  formatDuration,
  imputeDate,
  imputeDatetime,
  isValidDtc,
  parseDtc,
  parseDtcInterval,
  parseDuration,
  sasDate,
  sasDatetime,
  sasDatetimeToDtc,
  studyDay,
  timeSeconds,
  toDtc,
} from "./iso8601.ts";

describe("parseDtc / formatDtc (SDTMIG 4.4)", () => {
  // prettier-ignore
  const cases: [string, DtcParts, string][] = [
    ["2003-12-15T13:14:17", { year: 2003, month: 12, day: 15, hour: 13, minute: 14, second: 17 }, "second"],
    ["2003-12-15T13:14", { year: 2003, month: 12, day: 15, hour: 13, minute: 14 }, "minute"],
    ["2003-12-15T13", { year: 2003, month: 12, day: 15, hour: 13 }, "hour"],
    ["2003-12-15", { year: 2003, month: 12, day: 15 }, "day"],
    ["2003-12", { year: 2003, month: 12 }, "month"],
    ["2003", { year: 2003 }, "year"],
    ["2003---15", { year: 2003, day: 15 }, "year"],
    ["2003-12-15T-:15", { year: 2003, month: 12, day: 15, minute: 15 }, "day"],
    ["2003-12-15T13:-:17", { year: 2003, month: 12, day: 15, hour: 13, second: 17 }, "hour"],
    ["--12-15", { month: 12, day: 15 }, "none"],
    ["-----T07:15", { hour: 7, minute: 15 }, "none"],
    [
      "2024-03-15T14:30:05.25",
      { year: 2024, month: 3, day: 15, hour: 14, minute: 30, second: 5.25 },
      "second",
    ],
  ];
  it.each(cases)("%s parses, keeps its precision and formats back", (text, parts, precision) => {
    expect(parseDtc(text)).toEqual(parts);
    expect(dtcPrecision(parts)).toBe(precision);
    expect(formatDtc(parts)).toBe(text);
  });

  it("empty string is valid and has no components", () => {
    expect(parseDtc("")).toEqual({});
    expect(isValidDtc("")).toBe(true);
    expect(formatDtc({})).toBe("");
  });

  it.each([
    "2023-02-29", // not a leap year
    "2024-13-01",
    "2024-04-31",
    "2024-00-10",
    "2024-03-00",
    "1900-02-29", // century, not leap
    "2024-03-15T24:00",
    "2024-03-15T12:60",
    "2024-03-15T12:30:60",
    "2024-03-15T", // empty time
    "2024-03T10:00", // time needs a full date slot set
    "2024-03-", // trailing placeholder is not right truncation
    "2024-03--",
    "24-03-15",
    "2024-3-15",
    "2024/03/15",
    "15MAR2024",
    "2024-03-15 14:30",
    "2024-03-15T14:30Z",
    "--02-30",
    "---",
    "-",
  ])("%s is rejected", (text) => {
    expect(parseDtc(text)).toBeUndefined();
    expect(isValidDtc(text)).toBe(false);
  });

  it("accepts 29 February in leap years (2024, 2000) and when the year is unknown", () => {
    expect(isValidDtc("2024-02-29")).toBe(true);
    expect(isValidDtc("2000-02-29")).toBe(true);
    expect(isValidDtc("--02-29")).toBe(true);
    expect(daysInMonth(2, 2100)).toBe(28);
  });
});

describe("epoch days and study day", () => {
  it("epochDay counts from 1970-01-01", () => {
    expect(epochDay({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(epochDay({ year: 1969, month: 12, day: 31 })).toBe(-1);
    // 2024-03-15: 54 years incl. 13 leap days (1972..2020) = 19723 days to 2024-01-01, + 31 + 29 + 14
    expect(epochDay({ year: 2024, month: 3, day: 15 })).toBe(19723 + 31 + 29 + 14);
    expect(epochDay({ year: 2024, month: 3 })).toBeUndefined();
    expect(epochDayToIso(19797)).toBe("2024-03-15");
  });

  it("matches Date.UTC for any date in 0100-9999", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          fc.pre(d <= daysInMonth(m, y));
          expect(epochDay({ year: y, month: m, day: d })).toBe(Date.UTC(y, m - 1, d) / 86400000);
        },
      ),
    );
  });

  it("epochDayToIso inverts epochDay", () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        expect(epochDay(parseDtc(epochDayToIso(n))!)).toBe(n);
      }),
    );
  });

  // prettier-ignore
  const days: [string, string, number | undefined][] = [
    ["2024-03-15", "2024-03-15", 1],
    ["2024-03-16", "2024-03-15", 2],
    ["2024-03-14", "2024-03-15", -1],
    ["2024-03-01", "2024-02-28", 3], // leap day in between
    ["2023-03-01", "2023-02-28", 2],
    ["2024-03-15T23:59", "2024-03-15T08:00", 1], // time does not matter
    ["2024-03", "2024-03-15", undefined],
    ["2024---15", "2024-03-15", undefined],
    ["2024-03-15", "", undefined],
  ];
  it.each(days)("studyDay(%s, ref %s) = %s", (dtc, ref, expected) => {
    expect(studyDay(dtc, ref)).toBe(expected);
  });
});

describe("compareDtc", () => {
  // prettier-ignore
  const cases: [string, string, -1 | 0 | 1 | undefined][] = [
    ["2024-03-15", "2024-03-16", -1],
    ["2024-03-15T10:00", "2024-03-15T09:59", 1],
    ["2024-03", "2024-03-15", 0], // equal at month precision
    ["2024-03", "2024-04-01", -1],
    ["2024", "2023-12-31T23:59", 1],
    ["2024---15", "2024-05-01", 0], // only the year is comparable
    ["--03-15", "2024-03-15", undefined],
    ["", "2024", undefined],
    ["2024-13", "2024", undefined],
    ["2024-03-15T10:00:00.5", "2024-03-15T10:00:00.25", 1],
  ];
  it.each(cases)("compare(%s, %s) = %s", (a, b, r) => {
    expect(compareDtc(a, b)).toBe(r);
  });
});

describe("imputeDate / imputeDatetime (ADaMIG DTF/TMF)", () => {
  // prettier-ignore
  const cases: [string, "first" | "last", string, string][] = [
    ["2024-03-15", "first", "2024-03-15", ""],
    ["2024-03", "first", "2024-03-01", "D"],
    ["2024-03", "last", "2024-03-31", "D"],
    ["2024-02", "last", "2024-02-29", "D"],
    ["2023-02", "last", "2023-02-28", "D"],
    ["2024", "first", "2024-01-01", "M"],
    ["2024", "last", "2024-12-31", "M"],
    ["2024---15", "first", "2024-01-15", "M"],
    ["2024---31", "first", "2024-01-31", "M"],
    ["2024---31", "last", "2024-12-31", "M"],
    ["2024-04-30T10:00", "last", "2024-04-30", ""],
  ];
  it.each(cases)("%s imputed %s is %s with DTF %j", (dtc, mode, date, flag) => {
    expect(imputeDate(dtc, mode)).toEqual({ date, flag });
  });

  it("cannot impute a missing year or an invalid value", () => {
    expect(imputeDate("--03-15", "first")).toBeUndefined();
    expect(imputeDate("", "first")).toBeUndefined();
    expect(imputeDate("2024-02-30", "last")).toBeUndefined();
  });

  it("imputeDatetime fills the time and sets TMF to the highest component imputed", () => {
    expect(imputeDatetime("2024-03-15", "first")).toEqual({
      dtc: "2024-03-15T00:00:00",
      dateFlag: "",
      timeFlag: "H",
    });
    expect(imputeDatetime("2024-03-15T14", "last")).toEqual({
      dtc: "2024-03-15T14:59:59",
      dateFlag: "",
      timeFlag: "M",
    });
    expect(imputeDatetime("2024-03-15T14:30", "first")).toEqual({
      dtc: "2024-03-15T14:30:00",
      dateFlag: "",
      timeFlag: "S",
    });
    expect(imputeDatetime("2024-03", "last")).toEqual({
      dtc: "2024-03-31T23:59:59",
      dateFlag: "D",
      timeFlag: "H",
    });
    expect(imputeDatetime("2024-03-15T14:30:10", "first")).toEqual({
      dtc: "2024-03-15T14:30:10",
      dateFlag: "",
      timeFlag: "",
    });
  });
});

describe("SAS dates and times", () => {
  it("SAS day 0 is 1960-01-01 and 1970-01-01 is 3653", () => {
    expect(sasDate(0)).toBe(3653);
    expect(sasDate(epochDay({ year: 1960, month: 1, day: 1 })!)).toBe(0);
    // 2024-03-15 = epoch day 19797 -> SAS 23450
    expect(sasDate(19797)).toBe(23450);
  });
  it("sasDatetime counts seconds from 1960-01-01T00:00:00", () => {
    expect(sasDatetime({ year: 1960, month: 1, day: 2, hour: 0, minute: 0, second: 1 })).toBe(86401);
    expect(sasDatetime({ year: 2024, month: 3, day: 15, hour: 14, minute: 30 })).toBe(
      23450 * 86400 + 14 * 3600 + 30 * 60,
    );
    expect(sasDatetime({ year: 2024, month: 3, day: 15 })).toBeUndefined();
    expect(sasDatetimeToDtc(23450 * 86400 + 52205)).toBe("2024-03-15T14:30:05");
  });
  it("timeSeconds needs hour and minute", () => {
    expect(timeSeconds({ hour: 1, minute: 2, second: 3 })).toBe(3723);
    expect(timeSeconds({ hour: 1, minute: 2 })).toBe(3720);
    expect(timeSeconds({ hour: 1 })).toBeUndefined();
  });
});

describe("durations", () => {
  // prettier-ignore
  const cases: [string, Record<string, unknown>, number | undefined][] = [
    ["P3Y", { negative: false, years: 3 }, undefined],
    ["P28D", { negative: false, days: 28 }, 28],
    ["P0.5D", { negative: false, days: 0.5 }, 0.5],
    ["P2W", { negative: false, weeks: 2 }, 14],
    ["PT12H", { negative: false, hours: 12 }, 0.5],
    ["-P1D", { negative: true, days: 1 }, -1],
    ["P1Y2M10DT2H30M", { negative: false, years: 1, months: 2, days: 10, hours: 2, minutes: 30 }, undefined],
    ["P1DT12H", { negative: false, days: 1, hours: 12 }, 1.5],
    ["PT30M", { negative: false, minutes: 30 }, 30 / 1440],
    ["PT1.5S", { negative: false, seconds: 1.5 }, 1.5 / 86400],
  ];
  it.each(cases)("%s", (text, parsed, days) => {
    expect(parseDuration(text)).toEqual(parsed);
    expect(formatDuration(parseDuration(text)!)).toBe(text);
    expect(durationDays(parseDuration(text)!)).toBe(days);
  });
  it.each(["P", "PT", "P1DT", "1D", "P-1D", "P1.5D2H", "P0.5DT1H", "PT1H1D", "P1D2Y", "P1.D"])(
    "%s is rejected",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
  it("accepts a comma as decimal sign and hours convert", () => {
    expect(parseDuration("P0,5D")).toEqual({ negative: false, days: 0.5 });
    expect(durationHours(parseDuration("PT1H30M")!)).toBe(1.5);
  });
});

describe("intervals", () => {
  it("start/end, start/duration and duration/end", () => {
    expect(parseDtcInterval("2024-03-15T10:00/2024-03-15T10:30")).toEqual({
      start: "2024-03-15T10:00",
      end: "2024-03-15T10:30",
    });
    expect(parseDtcInterval("2024-03/P2M")).toEqual({
      start: "2024-03",
      duration: { negative: false, months: 2 },
    });
    expect(parseDtcInterval("P7D/2024-03-15")).toEqual({
      end: "2024-03-15",
      duration: { negative: false, days: 7 },
    });
  });
  it.each([
    "2024-03-15",
    "2024-03-16/2024-03-15",
    "P1D/P2D",
    "2024-02-30/2024-03-01",
    "/2024-03-01",
    "a/b/c",
    "-P1D/2024-03-01",
  ])("%s is not an interval", (s) => {
    expect(parseDtcInterval(s)).toBeUndefined();
  });
});

describe("toDtc (raw EDC/vendor layouts)", () => {
  // prettier-ignore
  const cases: [string, string | undefined, string][] = [
    ["15MAR2024", undefined, "2024-03-15"],
    ["15mar2024", undefined, "2024-03-15"],
    ["15-Mar-2024", undefined, "2024-03-15"],
    ["15 MAR 2024", undefined, "2024-03-15"],
    ["5-Sep-2024", undefined, "2024-09-05"],
    ["2024/03/15", undefined, "2024-03-15"],
    ["03/15/2024", undefined, "2024-03-15"],
    ["3/5/2024", undefined, "2024-03-05"],
    ["20240315", undefined, "2024-03-15"],
    ["2024-03-15", undefined, "2024-03-15"],
    ["2024-03", undefined, "2024-03"],
    ["2024", undefined, "2024"],
    ["UN-MAR-2024", undefined, "2024-03"],
    ["UNK MAR 2024", undefined, "2024-03"],
    ["UNMAR2024", undefined, "2024-03"],
    ["UNKUNK2024", undefined, "2024"],
    ["UNK-UNK-2024", undefined, "2024"],
    ["15-UNK-2024", undefined, "2024---15"],
    ["MAR2024", undefined, "2024-03"],
    ["Mar-2024", undefined, "2024-03"],
    ["03/2024", undefined, "2024-03"],
    ["2024-03-15 14:30", undefined, "2024-03-15T14:30"],
    ["2024-03-15T14:30:00", undefined, "2024-03-15T14:30:00"],
    ["2024-03-15T14:30:00.000Z", undefined, "2024-03-15T14:30:00"],
    ["15MAR2024:14:30:00", undefined, "2024-03-15T14:30:00"],
    ["15-Mar-2024 2:30 PM", undefined, "2024-03-15T14:30"],
    ["15MAR2024", "14:30", "2024-03-15T14:30"],
    ["15MAR2024", "1430", "2024-03-15T14:30"],
    ["15MAR2024", "12:05 AM", "2024-03-15T00:05"],
    ["15MAR2024", "UNK:30", "2024-03-15T-:30"],
    ["15MAR2024", "14:UN", "2024-03-15T14"],
    ["15MAR2024", "UNK", "2024-03-15"],
    ["15MAR2024", "", "2024-03-15"],
    ["UN-MAR-2024", "08:00", "2024-03--T08:00"],
    ["", undefined, ""],
    ["  ", "", ""],
  ];
  it.each(cases)("%j with time %j gives %j", (raw, time, expected) => {
    expect(toDtc(raw, time)).toBe(expected);
    expect(isValidDtc(expected)).toBe(true);
  });

  it("reads day-first slashes when asked", () => {
    expect(toDtc("15/03/2024", undefined, { dayFirst: true })).toBe("2024-03-15");
    expect(toDtc("15/03/2024")).toBeUndefined(); // month 15 in US layout
  });

  it.each([
    ["31FEB2024", undefined],
    ["29FEB2023", undefined],
    ["2024-13-01", undefined],
    ["15MAR24", undefined],
    ["15XYZ2024", undefined],
    ["not a date", undefined],
    ["2024-03-15", "25:00"],
    ["2024-03-15", "14:30+02:00"],
    ["2024-03-15 14:30", "15:00"],
    ["13/13/2024", undefined],
  ])("%j with time %j is not a date", (raw, time) => {
    expect(toDtc(raw, time)).toBeUndefined();
  });
});

// Arbitrary valid DtcParts (canonical: integer seconds or short binary fractions so String() is exact).
const partsArb: fc.Arbitrary<DtcParts> = fc
  .record(
    {
      year: fc.integer({ min: 1900, max: 2100 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.oneof(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 239 }).map((q) => q / 4),
      ),
    },
    { requiredKeys: [] },
  )
  .map((p) => {
    if (p.day !== undefined && p.day > daysInMonth(p.month ?? 1, p.year))
      p.day = daysInMonth(p.month ?? 1, p.year);
    return p;
  });

const completeDate = fc
  .tuple(
    fc.integer({ min: 1950, max: 2050 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .map(([y, m, d]) => formatDtc({ year: y, month: m, day: Math.min(d, daysInMonth(m, y)) }));

describe("properties", () => {
  it("parse(format(p)) = p and format(parse(x)) = x", () => {
    fc.assert(
      fc.property(partsArb, (p) => {
        const text = formatDtc(p);
        expect(parseDtc(text)).toEqual(p);
        expect(formatDtc(parseDtc(text)!)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("studyDay is never 0 and is antisymmetric around the reference", () => {
    fc.assert(
      fc.property(completeDate, completeDate, (a, b) => {
        const dy = studyDay(a, b)!;
        expect(dy).not.toBe(0);
        expect(dy > 0).toBe(compareDtc(a, b)! >= 0);
      }),
    );
  });

  it("imputeDate first <= last and both agree with the partial value", () => {
    fc.assert(
      fc.property(partsArb, (p) => {
        fc.pre(p.year !== undefined);
        const dtc = formatDtc(p);
        const first = imputeDate(dtc, "first")!;
        const last = imputeDate(dtc, "last")!;
        expect(compareDtc(first.date, last.date)).toBeLessThanOrEqual(0);
        expect(compareDtc(first.date, dtc)).toBe(0);
        expect(compareDtc(last.date, dtc)).toBe(0);
        expect(first.flag).toBe(last.flag);
      }),
      { numRuns: 500 },
    );
  });

  it("compareDtc is antisymmetric and reflexive", () => {
    fc.assert(
      fc.property(partsArb, partsArb, (p, q) => {
        const a = formatDtc(p);
        const b = formatDtc(q);
        const ab = compareDtc(a, b);
        const ba = compareDtc(b, a);
        if (ab === undefined) expect(ba).toBeUndefined();
        else expect(ba).toBe(-ab === 0 ? 0 : -ab);
        if (p.year !== undefined) expect(compareDtc(a, a)).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it("durations round trip", () => {
    const num = fc.oneof(
      fc.nat({ max: 500 }),
      fc.integer({ min: 1, max: 99 }).map((n) => n / 4),
    );
    const durArb = fc.record(
      {
        negative: fc.boolean(),
        years: fc.nat(99),
        months: fc.nat(11),
        days: fc.nat(400),
        hours: fc.nat(23),
        minutes: fc.nat(59),
        seconds: num,
      },
      { requiredKeys: ["negative"] },
    );
    fc.assert(
      fc.property(durArb, (d) => {
        const text = formatDuration(d);
        const back = parseDuration(text)!;
        if (Object.keys(d).length === 1) expect(back).toEqual({ negative: d.negative, days: 0 });
        else expect(back).toEqual(d);
      }),
    );
  });

  it("toDtc of a DATE9 rendering of a date gives the ISO date", () => {
    const names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    fc.assert(
      fc.property(completeDate, (iso) => {
        const [y, m, d] = iso.split("-");
        expect(toDtc(`${d}${names[Number(m) - 1]}${y}`)).toBe(iso);
        expect(toDtc(`${m}/${d}/${y}`)).toBe(iso);
      }),
    );
  });
});
