/**
 * @trialforge/rules: CDISC CORE conformance rules (cdisc-org/cdisc-open-rules) run natively over the
 * columnar Dataset. Rules are YAML data; operators and operations come from closed registries.
 */
export {
  inScope,
  NOT_IN_DATASET,
  type RuleFinding,
  type RuleRun,
  type RuleStatus,
  type RunOptions,
  runRule,
  unsupportedReason,
} from "./engine.ts";
export { Frame, type Value } from "./frame.ts";
export { OPERATION_NAMES, OPERATIONS } from "./operations/index.ts";
export { OPERATOR_NAMES, OPERATORS, type OperatorName } from "./operators/index.ts";
export {
  type RuleFolder,
  readCaseFolder,
  readCoreRules,
  readCoreRulesYaml,
  readVendoredCases,
} from "./read/cases.ts";
export { readNotPassing } from "./read/not-passing.ts";
export { type CheckNode, type CoreRule, conformanceIds, leaves, parseRule, ruleFromData } from "./rule.ts";
export { type DatasetInfo, Study, type StudyDatasetInput } from "./study.ts";
export { formatSuite, type RuleSuiteRow, type RuleVerdict, runRuleFolder, runSuite } from "./suite.ts";
export { type CaseResult, type CaseVerdict, runCase, type TestCase } from "./test-case.ts";
