/** Set membership and set operations, with the examples of CORE's Operator.md. */
import { describe, expect, it } from "vitest";
import { hits } from "./testing.ts";

describe("is_contained_by / is_not_contained_by", () => {
  const arms = ["Screen Failure", "Not Assigned", "Not Treated", "Unplanned Treatment"];
  const r = [{ ACTARM: "Screen Failure" }, { ACTARM: "Dose level 1" }, { ACTARM: null }];
  it("ACTARM in a literal list", () => {
    expect(hits(r, { name: "ACTARM", operator: "is_contained_by", value: arms })).toEqual([0]);
  });
  it("ARM not in the list: a missing value is not contained", () => {
    expect(hits(r, { name: "ACTARM", operator: "is_not_contained_by", value: arms })).toEqual([1, 2]);
  });
  it("case-insensitive", () => {
    expect(
      hits([{ ACTARM: "SCREEN FAILURE" }], {
        name: "ACTARM",
        operator: "is_contained_by_case_insensitive",
        value: arms,
      }),
    ).toEqual([0]);
  });
  it("against a $list computed per record (an operation result)", () => {
    const rr = [
      { VISITNUM: 1, $tv: [1, 2] },
      { VISITNUM: 3, $tv: [1, 2] },
    ];
    expect(hits(rr, { name: "VISITNUM", operator: "is_not_contained_by", value: "$tv" })).toEqual([1]);
  });
  it("prefix of a variable name in the study's domains", () => {
    const rr = [
      { variable_name: "AETERM", $study_domains: ["AE", "DM"] },
      { variable_name: "XXTERM", $study_domains: ["AE", "DM"] },
    ];
    expect(
      hits(rr, {
        name: "variable_name",
        operator: "prefix_is_not_contained_by",
        prefix: 2,
        value: "$study_domains",
      }),
    ).toEqual([1]);
  });
});

describe("contains_all / shares_no_elements_with / is_ordered_subset_of", () => {
  it("all of the listed values occur in the variable", () => {
    const r = [{ ACTARM: "A" }, { ACTARM: "B" }];
    expect(hits(r, { name: "ACTARM", operator: "contains_all", value: ["A", "B"] })).toEqual([0, 1]);
    expect(hits(r, { name: "ACTARM", operator: "not_contains_all", value: ["A", "C"] })).toEqual([0, 1]);
  });
  it("$dataset_variables shares no elements with $timing_variables", () => {
    const r = [
      { $ds: ["STUDYID", "AETERM"], $timing: ["VISITNUM", "EPOCH"] },
      { $ds: ["STUDYID", "EPOCH"], $timing: ["VISITNUM", "EPOCH"] },
    ];
    expect(hits(r, { name: "$ds", operator: "shares_no_elements_with", value: "$timing" })).toEqual([0]);
  });
  it("dataset column order is an ordered subset of the library order", () => {
    const r = [
      { $ds: ["STUDYID", "DOMAIN", "AETERM"], $lib: ["STUDYID", "DOMAIN", "USUBJID", "AETERM"] },
      { $ds: ["DOMAIN", "STUDYID"], $lib: ["STUDYID", "DOMAIN", "USUBJID", "AETERM"] },
    ];
    expect(hits(r, { name: "$ds", operator: "is_not_ordered_subset_of", value: "$lib" })).toEqual([1]);
  });
});
