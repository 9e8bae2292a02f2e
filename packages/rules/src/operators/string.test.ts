/** String operators, with the examples of CORE's Operator.md. */
import { describe, expect, it } from "vitest";
import { hits } from "./testing.ts";

describe("matches_regex / not_matches_regex (Python re.match: anchored at the start)", () => {
  it("--DOSTXT value is numeric: ^\\d*\\.?\\d*$", () => {
    const r = [{ EXDOSTXT: "12.5" }, { EXDOSTXT: "10-20" }, { EXDOSTXT: null }];
    expect(hits(r, { name: "--DOSTXT", operator: "matches_regex", value: "^\\d*\\.?\\d*$" }, "EX")).toEqual([
      0,
    ]);
    expect(
      hits(r, { name: "--DOSTXT", operator: "not_matches_regex", value: "^\\d*\\.?\\d*$" }, "EX"),
    ).toEqual([1]);
  });
  it("--TESTCD <= 8 chars of letters, digits, underscore, not starting with a digit", () => {
    const r = [{ LBTESTCD: "ALT" }, { LBTESTCD: "1ALT" }, { LBTESTCD: "TOOLONGCD" }];
    const leaf = { name: "--TESTCD", operator: "not_matches_regex", value: "^[A-Z_][A-Z0-9_]{0,7}$" };
    expect(hits(r, leaf, "LB")).toEqual([1, 2]);
  });
  it("matches at the start only, as re.match does", () => {
    expect(hits([{ X: "abc" }], { name: "X", operator: "matches_regex", value: "b" })).toEqual([]);
  });
  it("Python named groups and a scoped (?i:) are understood", () => {
    expect(hits([{ X: "nav" }], { name: "X", operator: "matches_regex", value: "(?i:^(NAV|UNK)$)" })).toEqual(
      [0],
    );
    expect(hits([{ X: "2021" }], { name: "X", operator: "matches_regex", value: "(?P<y>\\d{4})" })).toEqual([
      0,
    ]);
  });
});

describe("prefix/suffix regex, starts_with, ends_with, prefix/suffix_equal_to", () => {
  it("DOMAIN prefix of 2 matches (AP|ap)", () => {
    const r = [{ DOMAIN: "APMH" }, { DOMAIN: "MH" }];
    expect(
      hits(r, { name: "DOMAIN", operator: "prefix_matches_regex", prefix: 2, value: "(AP|ap)" }),
    ).toEqual([0]);
    expect(
      hits(r, { name: "DOMAIN", operator: "not_prefix_matches_regex", prefix: 2, value: "(AP|ap)" }),
    ).toEqual([1]);
  });
  it("QNAM ends with two digits", () => {
    const r = [{ QNAM: "RACE01" }, { QNAM: "RACEOTH" }];
    expect(hits(r, { name: "QNAM", operator: "suffix_matches_regex", suffix: 2, value: "\\d\\d" })).toEqual([
      0,
    ]);
    expect(
      hits(r, { name: "QNAM", operator: "not_suffix_matches_regex", suffix: 2, value: "\\d\\d" }),
    ).toEqual([1]);
  });
  it("DOMAIN beginning with AP, ending with FOOBAR", () => {
    const r = [{ DOMAIN: "APFOOBAR" }, { DOMAIN: "AE" }];
    expect(hits(r, { name: "DOMAIN", operator: "starts_with", value: "AP" })).toEqual([0]);
    expect(hits(r, { name: "DOMAIN", operator: "ends_with", value: "FOOBAR" })).toEqual([0]);
  });
  it("prefix_equal_to DOMAIN compares with the dataset's domain prefix", () => {
    const r = [{ variable_name: "AETERM" }, { variable_name: "CMTRT" }];
    expect(
      hits(r, { name: "variable_name", operator: "prefix_equal_to", prefix: 2, value: "DOMAIN" }),
    ).toEqual([0]);
    expect(
      hits(r, { name: "variable_name", operator: "prefix_not_equal_to", prefix: 2, value: "DOMAIN" }),
    ).toEqual([1]);
  });
});

describe("longer_than / shorter_than", () => {
  const r = [{ SETCD: "ABCDEFGHI" }, { SETCD: "ABC" }];
  it("SETCD length > 8", () =>
    expect(hits(r, { name: "SETCD", operator: "longer_than", value: 8 })).toEqual([0]));
  it("SETCD length < 9", () =>
    expect(hits(r, { name: "SETCD", operator: "shorter_than", value: 9 })).toEqual([1]));
  it("length >= 9", () =>
    expect(hits(r, { name: "SETCD", operator: "longer_than_or_equal_to", value: 9 })).toEqual([0]));
});

describe("does_not_equal_string_part / contains", () => {
  it("RDOMAIN equals characters 5 and 6 of the SUPP dataset name", () => {
    const r = [
      { RDOMAIN: "AE", $name: "SUPPAE" },
      { RDOMAIN: "CM", $name: "SUPPAE" },
    ];
    const leaf = {
      name: "RDOMAIN",
      operator: "does_not_equal_string_part",
      regex: ".{4}(..).*",
      value: "$name",
    };
    expect(hits(r, leaf)).toEqual([1]);
  });
  it("--DUR contains '-': a substring of text, an element of a list", () => {
    expect(
      hits([{ AEDUR: "-P2D" }, { AEDUR: "P2D" }], { name: "--DUR", operator: "contains", value: "-" }),
    ).toEqual([0]);
    expect(
      hits([{ L: ["GRADE", "ONSET"] }, { L: ["ONSET"] }], {
        name: "L",
        operator: "contains",
        value: "GRADE",
      }),
    ).toEqual([0]);
  });
});
