import { RawField } from "@trialforge/spec";
import { describe, expect, it } from "vitest";
import { checkValueBytes, compileValueCheck, MAX_VALUE_BYTES } from "./field.ts";

const check = (f: Record<string, unknown>, v: string, form = {}) =>
  compileValueCheck(RawField.parse({ name: "X", label: "X", ...f }), form)?.(v);

describe("numbers: one grammar, the one SDTM reads as a number", () => {
  it.each(["120", "-5", "0", "007"])("integer %s is accepted", (v) => {
    expect(check({ type: "integer" }, v)).toBeUndefined();
  });
  it.each(["36.6", "-2e3", "1.5E-2", "0.0"])("float %s is accepted", (v) => {
    expect(check({ type: "float" }, v)).toBeUndefined();
  });
  // prettier-ignore
  const bad: [string, string, string, string][] = [
    [
      "integer",
      "+120",
      "INGEST.BAD_INTEGER",
      '"+120" is not an integer (a leading "+" is not allowed: write 120, not +120)',
    ],
    [
      "float",
      "+120",
      "INGEST.BAD_FLOAT",
      '"+120" is not a number (a leading "+" is not allowed: write 120, not +120)',
    ],
    ["float", "1,5", "INGEST.BAD_FLOAT", '"1,5" is not a number (a decimal comma: write 1.5, not 1,5)'],
    ["float", ".5", "INGEST.BAD_FLOAT", '".5" is not a number (write a digit on both sides of the ".")'],
    ["float", "1e309", "INGEST.BAD_FLOAT", '"1e309" is not a finite number (beyond the range of a double)'],
    ["float", "-1e309", "INGEST.BAD_FLOAT", '"-1e309" is not a finite number (beyond the range of a double)'],
    ["float", "Infinity", "INGEST.BAD_FLOAT", '"Infinity" is not a number'],
    ["float", "NaN", "INGEST.BAD_FLOAT", '"NaN" is not a number'],
    ["integer", "1.5", "INGEST.BAD_INTEGER", '"1.5" is not an integer'],
    [
      "integer",
      "99999999999999999999",
      "INGEST.BAD_INTEGER",
      '"99999999999999999999" is too large to hold exactly (integers must lie within ±9007199254740991)',
    ],
  ];
  it.each(bad)("%s %s is rejected", (type, v, code, reason) => {
    expect(check({ type }, v)).toEqual({ code, reason });
  });
});

describe("plausibility limits (min/max) reject, never pass a value on", () => {
  const AGE = { type: "integer", min: 0, max: 120, name: "AGE" };
  it.each(["0", "18", "120"])("AGE %s is within 0 to 120", (v) => {
    expect(check(AGE, v)).toBeUndefined();
  });
  it.each(["-5", "121", "999999999999"])("AGE %s is rejected as out of range", (v) => {
    expect(check(AGE, v)).toEqual({
      code: "INGEST.OUT_OF_RANGE",
      reason: `"${v}" is outside the plausible range of AGE (0 to 120)`,
    });
  });
  it("a one-sided limit", () => {
    expect(check({ type: "float", min: 0 }, "-0.1")?.reason).toBe(
      '"-0.1" is outside the plausible range of X (at least 0)',
    );
  });
  it("the spec refuses limits on a non-numeric field and min above max", () => {
    expect(() => RawField.parse({ name: "X", label: "X", type: "text", min: 0 })).toThrow(
      /plausibility limits/,
    );
    expect(() => RawField.parse({ name: "X", label: "X", type: "integer", min: 5, max: 1 })).toThrow(
      /min 5 is above max 1/,
    );
  });
});

describe("a value longer than an XPT v5 character value is rejected at ingest", () => {
  it(`${MAX_VALUE_BYTES} bytes pass, ${MAX_VALUE_BYTES + 1} do not; bytes are UTF-8 bytes`, () => {
    expect(checkValueBytes("a".repeat(200))).toBeUndefined();
    expect(checkValueBytes("a".repeat(253))).toEqual({
      code: "INGEST.TOO_LONG",
      reason: "value is 253 bytes; a character value holds at most 200 bytes (SAS XPORT v5)",
    });
    // 100 two-byte characters = 200 bytes; one more is 202.
    expect(checkValueBytes("é".repeat(100))).toBeUndefined();
    expect(checkValueBytes("é".repeat(101))?.code).toBe("INGEST.TOO_LONG");
  });
  it("a float of 400 digits is not finite", () => {
    expect(check({ type: "float" }, "9".repeat(400))?.reason).toMatch(/is not a finite number/);
  });
});

describe("date layouts: the field's own, else the form's, else ISO 8601", () => {
  it("uses the form's dateFormat; a field can override it", () => {
    expect(check({ type: "date" }, "05-MAR-2024", { dateFormat: "DD-MON-YYYY" })).toBeUndefined();
    expect(check({ type: "date" }, "05-MAR-2024")?.code).toBe("INGEST.BAD_DATE");
    expect(
      check({ type: "date", dateFormat: "YYYY-MM-DD" }, "2024-03-05", { dateFormat: "DD-MON-YYYY" }),
    ).toBeUndefined();
    expect(check({ type: "date" }, "05.03.2024", { dateFormat: "DD-MON-YYYY" })).toEqual({
      code: "INGEST.BAD_DATE",
      reason:
        '"05.03.2024" is not a date in the declared format DD-MON-YYYY (it looks like DD.MM.YYYY or MM.DD.YYYY, which cannot be told apart)',
    });
  });
  it("the spec refuses a dateFormat on a field that holds no date", () => {
    expect(() =>
      RawField.parse({ name: "X", label: "X", type: "integer", dateFormat: "YYYY-MM-DD" }),
    ).toThrow(/dateFormat applies to date and datetime fields/);
  });
});
