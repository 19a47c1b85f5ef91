// What the repository's docs state, for the tests that hold code and docs to the same list (Node builtins
// only, like locations.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './locations.ts';

/** The decision codes of docs/decisions.md: the first code in each row of the table under "## Codes". */
export function documentedDecisionCodes(): string[] {
  const text = readFileSync(join(REPO_DIR, 'docs', 'decisions.md'), 'utf8');
  const section = text.split('\n## Codes\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((l) => /^\| `[A-Z_]+`/.test(l));
  return rows.map((l) => /^\| `([A-Z_]+)`/.exec(l)![1]!);
}
