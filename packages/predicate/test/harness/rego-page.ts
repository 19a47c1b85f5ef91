// Entry bundled by esbuild for the Chromium page: sigguard's Rego engine (ABI host + built-ins,
// from src) and the canonical form of values, so the page answers exactly what Node answers.
export { compileRegoArtifact, runRego } from '../../src/rego/rego-engine.ts';
export { evaluatePredicatePolicy } from '../../src/evaluate.ts';
export { SET_ENTRYPOINTS, canonical } from '../../src/testdata/canonical-value.ts';
export { HOST_BUILTINS } from '../../src/rego/builtins/index.ts';
export { OPA_HOST_CASES } from '../../src/rego/builtins/testdata/opa-host-cases.ts';
