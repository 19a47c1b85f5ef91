// Go regexp semantics for policy-supplied patterns, through re2js (a port of RE2/J, itself Go-derived).
// Never evaluate a policy pattern with JavaScript's RegExp: different syntax, and backtracking (ReDoS).
import type { RE2JS } from 're2js';
import { PatternError } from './errors.ts';
import { goRegExpEngine } from './regexp-engine.ts';

/** A compiled Go/RE2 pattern. `test` is unanchored, like Go's `regexp.MatchString`. */
export interface GoRegExp {
  readonly source: string;
  /** True when the pattern matches anywhere in `input` (add `^…$` to the pattern for a whole-string match). */
  test(input: string): boolean;
  /** True when the pattern has no leading `^`/`\A` or no trailing `$`/`\z`, i.e. it can match a substring. */
  readonly unanchored: boolean;
}

/**
 * Compile `pattern` as Go's `regexp.Compile` would (Perl-like RE2 syntax, default flags, no lookbehinds).
 * Throws PatternError (code POLICY_INVALID, quoting the pattern) when RE2 rejects it, and
 * RegExpEngineNotLoadedError outside Node until `await loadGoRegExpEngine()` (regexp-engine.ts).
 */
export function compileGoRegExp(pattern: string, field = 'pattern'): GoRegExp {
  if (typeof pattern !== 'string') {
    throw new PatternError(field, String(pattern), 'a regular expression must be a string');
  }
  const engine = goRegExpEngine(field);
  let re: RE2JS;
  try {
    re = engine.compile(pattern); // flags 0: Go defaults; RE2JS.LOOKBEHINDS stays off for Go parity
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
    throw new PatternError(field, pattern, detail);
  }
  return {
    source: pattern,
    unanchored: !isAnchored(pattern),
    test: (input: string) => re.test(input),
  };
}

// A coarse syntactic check, only used to warn: leading ^ or \A (after inline flags), trailing $ or \z,
// and no top-level alternation (`^a|b$` is (^a)|(b$), anchored on one side per branch).
function isAnchored(pattern: string): boolean {
  const body = pattern.replace(/^\(\?[imsU-]+\)/, '');
  const start = body.startsWith('^') || body.startsWith('\\A');
  const end = (body.endsWith('$') && !body.endsWith('\\$')) || body.endsWith('\\z');
  return start && end && !hasTopLevelAlternation(body);
}

function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\')
      i++; // skip the escaped character (\Q…\E is rare in identities; worst case: a spurious warning)
    else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (body[i + 1] === '^') i++;
      if (body[i + 1] === ']') i++; // a leading ] is literal
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
