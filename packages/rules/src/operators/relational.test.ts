/** Relational operators, with the examples of CORE's Operator.md. */
import { describe, expect, it } from "vitest";
import { hits } from "./testing.ts";

describe("equal_to / not_equal_to", () => {
  // prettier-ignore
  const rows = [
    { AEOCCUR: "N", IDVAR: "AESEQ", IDVARVAL: "3", AESEQ: 3 },
    { AEOCCUR: "Y", IDVAR: "AESEQ", IDVARVAL: "4", AESEQ: 5 },
    { AEOCCUR: null, IDVAR: null, IDVARVAL: null, AESEQ: 6 },
  ];
  it("--OCCUR = N: a literal, with -- standing for the domain", () => {
    expect(hits(rows, { name: "--OCCUR", operator: "equal_to", value: "N" })).toEqual([0]);
  });
  it("--OCCUR ^= Y: a missing value is unequal to a populated one", () => {
    expect(hits(rows, { name: "--OCCUR", operator: "not_equal_to", value: "Y" })).toEqual([0, 2]);
  });
  it("both missing is neither equal nor unequal", () => {
    const r = [{ A: null, B: null }];
    expect(hits(r, { name: "A", operator: "equal_to", value: "B" })).toEqual([]);
    expect(hits(r, { name: "A", operator: "not_equal_to", value: "B" })).toEqual([]);
  });
  it("IDVARVAL = the column IDVAR names (value_is_reference, type_insensitive)", () => {
    const leaf = {
      name: "IDVARVAL",
      operator: "equal_to",
      value: "IDVAR",
      value_is_reference: true,
      type_insensitive: true,
    };
    expect(hits(rows, leaf)).toEqual([0]);
  });
  it("a value naming a variable compares with that variable unless value_is_literal", () => {
    const r = [{ X: "A", Y: "A" }];
    expect(hits(r, { name: "X", operator: "equal_to", value: "Y" })).toEqual([0]);
    expect(hits(r, { name: "X", operator: "equal_to", value: "Y", value_is_literal: true })).toEqual([]);
  });
  it("EXDOSE EQ 0: numbers compare numerically", () => {
    expect(
      hits([{ EXDOSE: 0 }, { EXDOSE: 1.5 }], { name: "EXDOSE", operator: "equal_to", value: 0 }),
    ).toEqual([0]);
  });
  it("--STRESC = --STRESN with round_values and type_insensitive", () => {
    const r = [
      { LBSTRESC: "4", LBSTRESN: 4.2 },
      { LBSTRESC: "5", LBSTRESN: 4.2 },
    ];
    const leaf = {
      name: "--STRESC",
      operator: "equal_to",
      value: "--STRESN",
      type_insensitive: true,
      round_values: true,
    };
    expect(hits(r, leaf, "LB")).toEqual([0]);
  });
});

describe("equal_to_case_insensitive", () => {
  it('DSTERM is "Informed consent obtained" in any case', () => {
    const r = [{ DSTERM: "INFORMED CONSENT OBTAINED" }, { DSTERM: "Withdrawn" }];
    expect(
      hits(r, { name: "DSTERM", operator: "equal_to_case_insensitive", value: "Informed consent obtained" }),
    ).toEqual([0]);
    expect(
      hits(r, {
        name: "DSTERM",
        operator: "not_equal_to_case_insensitive",
        value: "Informed consent obtained",
      }),
    ).toEqual([1]);
  });
});

describe("greater_than / less_than (numeric; text that is not a number never compares)", () => {
  const r = [{ TSVAL: "2" }, { TSVAL: "0" }, { TSVAL: "abc" }, { TSVAL: null }];
  it("TSVAL > 0", () => expect(hits(r, { name: "TSVAL", operator: "greater_than", value: 0 })).toEqual([0]));
  it("TSVAL >= 1", () =>
    expect(hits(r, { name: "TSVAL", operator: "greater_than_or_equal_to", value: 1 })).toEqual([0]));
  it("TSVAL < 1", () => expect(hits(r, { name: "TSVAL", operator: "less_than", value: 1 })).toEqual([1]));
  it("TSVAL <= 2", () =>
    expect(hits(r, { name: "TSVAL", operator: "less_than_or_equal_to", value: 2 })).toEqual([0, 1]));
});

describe("empty / non_empty / exists / not_exists", () => {
  const r = [{ AEOCCUR: "" }, { AEOCCUR: "Y" }, { AEOCCUR: null }];
  it("--OCCUR = null: blank and missing are empty", () => {
    expect(hits(r, { name: "--OCCUR", operator: "empty" })).toEqual([0, 2]);
    expect(hits(r, { name: "--OCCUR", operator: "non_empty" })).toEqual([1]);
  });
  it("--OCCUR is present in the dataset; AEPRESP is not", () => {
    expect(hits(r, { name: "--OCCUR", operator: "exists" })).toEqual([0, 1, 2]);
    expect(hits(r, { name: "AEPRESP", operator: "not_exists" })).toEqual([0, 1, 2]);
  });
  it("a condition on an absent variable is false on every record", () => {
    expect(hits(r, { name: "AEPRESP", operator: "equal_to", value: "Y" })).toEqual([]);
    expect(hits(r, { name: "AEPRESP", operator: "not_equal_to", value: "Y" })).toEqual([]);
  });
});
