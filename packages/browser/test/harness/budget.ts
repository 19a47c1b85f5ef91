// The browser bundle's gzip budget, so an accidental heavy import (TUF, YAML, a second crypto
// stack) is noticed. chromium.test.ts enforces it; docs/browser.md states it (docs-figures.test.ts).
export const GZIP_BUDGET = 200 * 1024;

// The core scenario (bundle verification with exact identities, no engine loaded) as a page loads it up
// front. The goal (issue #12) is 100 KB and is also the enforced ceiling: it catches an engine, a second
// ASN.1 stack or another heavy dependency loaded up front. scenario-sizes.test.ts enforces it and writes the
// sizes, and whether the goal is met, into docs/runtimes.md.
export const CORE_GZIP_GOAL = 100 * 1024;
export const CORE_GZIP_BUDGET = 100 * 1024;
