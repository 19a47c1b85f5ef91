// @sigguard/input-limits: bounds shared by every package that reads untrusted JSON or YAML.
// The YAML reader is a separate entry (`@sigguard/input-limits/yaml`) so JSON-only users do
// not load a YAML parser.
export { MAX_NESTING_DEPTH, depthProblem, tooDeepAt } from './depth.ts';
