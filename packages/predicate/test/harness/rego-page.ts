// Entry bundled by esbuild for the Chromium page: sigguard's Rego engine (ABI host + built-ins,
// from src) and the canonical form of values, so the page answers exactly what Node answers.
export { compileRegoArtifact, runRego } from '../../src/rego/rego-engine.ts';
export { evaluatePredicatePolicy } from '../../src/evaluate.ts';
export { SET_ENTRYPOINTS, canonical } from '../../src/testdata/canonical-value.ts';
