/**
 * The closed operator vocabulary: every CORE operator this engine implements, by its CORE name
 * (Operator.md). A rule naming any other operator is reported as not run.
 */
import * as date from "./date.ts";
import * as groups from "./groups.ts";
import * as relational from "./relational.ts";
import * as sets from "./sets.ts";
import * as string from "./string.ts";
import type { Operator } from "./types.ts";

export const OPERATOR_NAMES = [
  // relational
  "equal_to",
  "not_equal_to",
  "equal_to_case_insensitive",
  "not_equal_to_case_insensitive",
  "greater_than",
  "greater_than_or_equal_to",
  "less_than",
  "less_than_or_equal_to",
  "empty",
  "non_empty",
  "exists",
  "not_exists",
  // string
  "matches_regex",
  "not_matches_regex",
  "prefix_matches_regex",
  "not_prefix_matches_regex",
  "suffix_matches_regex",
  "not_suffix_matches_regex",
  "starts_with",
  "ends_with",
  "prefix_equal_to",
  "prefix_not_equal_to",
  "suffix_equal_to",
  "suffix_not_equal_to",
  "longer_than",
  "longer_than_or_equal_to",
  "shorter_than",
  "shorter_than_or_equal_to",
  "equals_string_part",
  "does_not_equal_string_part",
  "contains",
  "does_not_contain",
  // date
  "date_equal_to",
  "date_not_equal_to",
  "date_less_than",
  "date_less_than_or_equal_to",
  "date_greater_than",
  "date_greater_than_or_equal_to",
  "is_complete_date",
  "is_incomplete_date",
  "invalid_date",
  "invalid_duration",
  // sets
  "is_contained_by",
  "is_not_contained_by",
  "is_contained_by_case_insensitive",
  "is_not_contained_by_case_insensitive",
  "prefix_is_contained_by",
  "prefix_is_not_contained_by",
  "suffix_is_contained_by",
  "suffix_is_not_contained_by",
  "contains_all",
  "not_contains_all",
  "shares_no_elements_with",
  "shares_at_least_one_element_with",
  "shares_exactly_one_element_with",
  "is_ordered_subset_of",
  "is_not_ordered_subset_of",
  // groups
  "is_unique_set",
  "is_not_unique_set",
  "is_unique_relationship",
  "is_not_unique_relationship",
  "is_inconsistent_across_dataset",
  "present_on_multiple_rows_within",
  "not_present_on_multiple_rows_within",
  "empty_within_except_last_row",
  "non_empty_within_except_last_row",
  "has_next_corresponding_record",
  "does_not_have_next_corresponding_record",
  "target_is_sorted_by",
  "target_is_not_sorted_by",
] as const;

export type OperatorName = (typeof OPERATOR_NAMES)[number];

export const OPERATORS = {
  ...relational,
  ...string,
  ...date,
  ...sets,
  ...groups,
} satisfies Record<OperatorName, Operator>;

export function isOperatorName(name: string): name is OperatorName {
  return (OPERATOR_NAMES as readonly string[]).includes(name);
}

export type { Comparand, Operator, OperatorInput } from "./types.ts";
