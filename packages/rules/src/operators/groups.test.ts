/** Operators over groups of records, with the examples of CORE's Operator.md. */
import { describe, expect, it } from "vitest";
import { hits } from "./testing.ts";

describe("is_unique_set / is_not_unique_set", () => {
  // prettier-ignore
  const r = [
    { DOMAIN: "LB", USUBJID: "1", LBTESTCD: "ALT", LBSEQ: 1, LBDTC: "2023-01-01T08:00" },
    { DOMAIN: "LB", USUBJID: "1", LBTESTCD: "ALT", LBSEQ: 1, LBDTC: "2023-01-01T09:00" },
    { DOMAIN: "LB", USUBJID: "1", LBTESTCD: "AST", LBSEQ: 1, LBDTC: "2023-01-02T08:00" },
  ];
  it("--SEQ is not unique within DOMAIN, USUBJID and --TESTCD", () => {
    const leaf = { name: "--SEQ", operator: "is_not_unique_set", value: ["DOMAIN", "USUBJID", "--TESTCD"] };
    expect(hits(r, leaf, "LB")).toEqual([0, 1]);
    expect(hits(r, { ...leaf, operator: "is_unique_set" }, "LB")).toEqual([2]);
  });
  it("regex compares the date part only", () => {
    const leaf = {
      name: "USUBJID",
      operator: "is_not_unique_set",
      value: ["LBDTC"],
      regex: "^\\d{4}-\\d{2}-\\d{2}",
    };
    expect(hits(r, leaf, "LB")).toEqual([0, 1]);
  });
});

describe("is_not_unique_relationship", () => {
  it("AETERM and AEDECOD are not one-to-one: every record with a violating value", () => {
    const r = [
      { AETERM: "HEADACHE", AEDECOD: "Headache" },
      { AETERM: "HEADACHE", AEDECOD: "Migraine" },
      { AETERM: "NAUSEA", AEDECOD: "Nausea" },
    ];
    expect(hits(r, { name: "AETERM", operator: "is_not_unique_relationship", value: "AEDECOD" })).toEqual([
      0, 1,
    ]);
    expect(hits(r, { name: "AETERM", operator: "is_unique_relationship", value: "AEDECOD" })).toEqual([2]);
  });
});

describe("is_inconsistent_across_dataset", () => {
  it("values of BGSTRESU differ within USUBJID: the minority records, or all when tied", () => {
    const r = [
      { USUBJID: "1", BGSTRESU: "kg" },
      { USUBJID: "1", BGSTRESU: "kg" },
      { USUBJID: "1", BGSTRESU: "lb" },
      { USUBJID: "2", BGSTRESU: "kg" },
      { USUBJID: "2", BGSTRESU: "lb" },
    ];
    expect(
      hits(r, { name: "BGSTRESU", operator: "is_inconsistent_across_dataset", value: "USUBJID" }),
    ).toEqual([2, 3, 4]);
  });
});

describe("present_on_multiple_rows_within", () => {
  it("RELID on more than one record within USUBJID", () => {
    const r = [
      { USUBJID: "1", RELID: "A" },
      { USUBJID: "1", RELID: "A" },
      { USUBJID: "2", RELID: "A" },
    ];
    expect(
      hits(r, { name: "RELID", operator: "present_on_multiple_rows_within", within: "USUBJID" }),
    ).toEqual([0, 1]);
    expect(
      hits(r, { name: "RELID", operator: "not_present_on_multiple_rows_within", within: "USUBJID" }),
    ).toEqual([2]);
  });
});

describe("empty_within_except_last_row / does_not_have_next_corresponding_record", () => {
  // prettier-ignore
  const se = [
    { USUBJID: "1", SESEQ: 1, SESTDTC: "2023-01-01", SEENDTC: "2023-01-05" },
    { USUBJID: "1", SESEQ: 2, SESTDTC: "2023-01-06", SEENDTC: "2023-01-09" },
    { USUBJID: "1", SESEQ: 3, SESTDTC: "2023-01-09", SEENDTC: null },
  ];
  it("SEENDTC equals the SESTDTC of the next record within USUBJID, ordered by SESEQ", () => {
    const leaf = {
      name: "SEENDTC",
      operator: "does_not_have_next_corresponding_record",
      value: "SESTDTC",
      within: "USUBJID",
      ordering: "SESEQ",
    };
    expect(hits(se, leaf)).toEqual([0]);
  });
  it("SEENDTC is empty except on the last record: holds on none here", () => {
    const leaf = {
      name: "SEENDTC",
      operator: "empty_within_except_last_row",
      ordering: "SESTDTC",
      value: "USUBJID",
    };
    expect(hits(se, leaf)).toEqual([]);
  });
});

describe("target_is_not_sorted_by", () => {
  it("--SEQ is not in the order of --STDTC within USUBJID", () => {
    const r = [
      { USUBJID: "1", AESEQ: 1, AESTDTC: "2023-02-01" },
      { USUBJID: "1", AESEQ: 2, AESTDTC: "2023-01-01" },
      { USUBJID: "2", AESEQ: 1, AESTDTC: "2023-01-01" },
    ];
    const leaf = {
      name: "--SEQ",
      operator: "target_is_not_sorted_by",
      within: "USUBJID",
      value: [{ name: "--STDTC", sort_order: "asc" }],
    };
    expect(hits(r, leaf)).toEqual([0, 1]);
  });
});
