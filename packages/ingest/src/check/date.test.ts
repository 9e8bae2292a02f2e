import { toDtc } from "@trialforge/core";
import type { RawDateFormat } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { checkDatetime, checkTime, readDate } from "./date.ts";

const iso = (v: string, f: RawDateFormat) => {
  const r = readDate(v, f);
  return "iso" in r ? r.iso : r.problem;
};

describe("readDate: a date is read exactly in its declared layout", () => {
  // prettier-ignore
  const good: [RawDateFormat, string, string][] = [
    ["YYYY-MM-DD", "2024-03-05", "2024-03-05"],
    ["YYYY-MM-DD", "2024-03", "2024-03"],
    ["YYYY-MM-DD", "2024", "2024"],
    ["DD-MON-YYYY", "05-MAR-2024", "2024-03-05"],
    ["DD-MON-YYYY", "05-Mar-2024", "2024-03-05"],
    ["DD-MON-YYYY", "UN-MAR-2024", "2024-03"],
    ["DD-MON-YYYY", "UNK-MAR-2024", "2024-03"],
    ["DD-MON-YYYY", "UN-UNK-2024", "2024"],
    ["DDMONYYYY", "05MAR2024", "2024-03-05"],
    ["DDMONYYYY", "UNMAR2024", "2024-03"],
    ["YYYYMMDD", "20240305", "2024-03-05"],
    ["YYYY/MM/DD", "2024/03/05", "2024-03-05"],
    ["MM/DD/YYYY", "03/05/2024", "2024-03-05"],
    ["DD-MON-YYYY", "29-FEB-2024", "2024-02-29"],
  ];
  it.each(good)("%s reads %s as %s", (f, v, want) => {
    expect(iso(v, f)).toBe(want);
  });

  it.each(good)("%s %s: SDTM's toDtc reads the accepted text the same way", (_f, v, want) => {
    expect(toDtc(v)).toBe(want);
  });

  // prettier-ignore
  const bad: [RawDateFormat, string, string][] = [
    [
      "DD-MON-YYYY",
      "05.03.2024",
      "is not a date in the declared format DD-MON-YYYY (it looks like DD.MM.YYYY or MM.DD.YYYY, which cannot be told apart)",
    ],
    [
      "DD-MON-YYYY",
      "05-03-2024",
      "is not a date in the declared format DD-MON-YYYY (it looks like DD-MM-YYYY or MM-DD-YYYY, which cannot be told apart)",
    ],
    [
      "DD-MON-YYYY",
      "25.03.2024",
      "is not a date in the declared format DD-MON-YYYY (it looks like DD.MM.YYYY)",
    ],
    [
      "DD-MON-YYYY",
      "03/25/2024",
      "is not a date in the declared format DD-MON-YYYY (it looks like MM/DD/YYYY)",
    ],
    [
      "DD-MON-YYYY",
      "2024-03-05",
      "is not a date in the declared format DD-MON-YYYY (it looks like YYYY-MM-DD)",
    ],
    [
      "DD-MON-YYYY",
      "5-MAR-2024",
      "is not a date in the declared format DD-MON-YYYY (it looks like D-MON-YYYY (one-digit day))",
    ],
    [
      "DD-MON-YYYY",
      "05-MAR-24",
      "is not a date in the declared format DD-MON-YYYY (it looks like DD-MON-YY (two-digit year))",
    ],
    ["DD-MON-YYYY", "05-MRZ-2024", "is not a date in the declared format DD-MON-YYYY"],
    ["DD-MON-YYYY", "05-UNK-2024", "is not a date in the declared format DD-MON-YYYY"],
    ["DD-MON-YYYY", "31-FEB-2024", "is not a calendar date in the declared format DD-MON-YYYY"],
    [
      "YYYY-MM-DD",
      "05-MAR-2024",
      "is not a date in the declared format YYYY-MM-DD (it looks like DD-MON-YYYY)",
    ],
    ["YYYY-MM-DD", "2024-13-01", "is not a calendar date in the declared format YYYY-MM-DD"],
    ["YYYY-MM-DD", "2023-02-29", "is not a calendar date in the declared format YYYY-MM-DD"],
    [
      "MM/DD/YYYY",
      "25/03/2024",
      "is not a calendar date in the declared format MM/DD/YYYY (it looks like DD/MM/YYYY)",
    ],
    [
      "MM/DD/YYYY",
      "3/5/2024",
      "is not a date in the declared format MM/DD/YYYY (it looks like DD/MM/YYYY or MM/DD/YYYY, which cannot be told apart)",
    ],
  ];
  it.each(bad)("%s rejects %s", (f, v, why) => {
    expect(iso(v, f)).toBe(why);
  });
});

describe("checkTime and checkDatetime", () => {
  it("reads 24-hour times in the declared layout only", () => {
    expect(checkTime("14:30", "HH:MM")).toBeUndefined();
    expect(checkTime("14:30:05", "HH:MM[:SS]")).toBeUndefined();
    expect(checkTime("14:30:05", "HH:MM")).toBe(
      "is not a time of day in the declared format HH:MM (it looks like HH:MM:SS)",
    );
    expect(checkTime("2:30 PM", "HH:MM")).toBe(
      "is not a time of day in the declared format HH:MM (it looks like a 12-hour clock time)",
    );
    expect(checkTime("9:30", "HH:MM")).toBe(
      "is not a time of day in the declared format HH:MM (it looks like H:MM, one-digit hour)",
    );
    expect(checkTime("24:00", "HH:MM")).toBe("is not a valid time of day (declared format HH:MM)");
  });

  it("a datetime is a date in its layout, then T or a space and a time in its layout", () => {
    expect(checkDatetime("2024-03-05T14:30", "YYYY-MM-DD", "HH:MM")).toBeUndefined();
    expect(checkDatetime("05-MAR-2024 14:30", "DD-MON-YYYY", "HH:MM")).toBeUndefined();
    expect(checkDatetime("2024-03-05", "YYYY-MM-DD", "HH:MM")).toBeUndefined();
    expect(checkDatetime("05.03.2024 14:30", "DD-MON-YYYY", "HH:MM")).toMatch(
      /^has a date part that is not a date in the declared format DD-MON-YYYY \(it looks like DD.MM.YYYY or/,
    );
    expect(checkDatetime("2024-03-05T2:30", "YYYY-MM-DD", "HH:MM")).toMatch(/^has a time part that is not/);
  });
});
