// The browser bundle's gzip budget, so an accidental heavy import (TUF, YAML, a second crypto
// stack) is noticed. chromium.test.ts enforces it; docs/browser.md states it (docs-figures.test.ts).
export const GZIP_BUDGET = 200 * 1024;
