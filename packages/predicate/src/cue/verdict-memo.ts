// Remembered CUE verdicts. A CUE evaluation is a pure function of the policy text, the input document (its
// JSON text), the strict-concrete switch and the limits: CUE has no clock, no I/O and no randomness, and
// cue-wasm keeps no state between evaluations. So a verdict reached once is the verdict every time, and
// verifyImage on the same attestation (admission controllers see the same images again and again) need not
// start the engine again.
// - Only verdicts CUE itself reached are kept: a pass, or a policy that failed to compile or to unify. An
//   engine failure, a limit, an unavailable engine or a bad input is never kept (the next call tries again).
// - The key is the exact text (input JSON, limits) and the policy's number (one per policy text, never reused),
//   not a digest: a Map compares strings in full, so there are no collisions. Inputs over MAX_MEMO_INPUT_CHARS
//   are not kept. (The policy is a number so that a lookup does not hash its text again: callers pass the same
//   policy string every time, whose hash V8 keeps in the string.)
// - Bounded: at most MAX_MEMO_ENTRIES entries and MAX_MEMO_CHARS characters of keys; least recently used go
//   first (docs/limits.md).
// - Scoped by where the engine ran: in-thread, or one of this package's own isolated evaluators (whose default
//   limits join the evaluation's). Verdicts of a caller's own evaluator are never memoised: it may answer
//   differently.
import type { PolicyEvaluator } from '../evaluate.ts';
import type { PredicateEvaluation } from '../result.ts';

export const MAX_MEMO_ENTRIES = 1024;
export const MAX_MEMO_CHARS = 8 * 1024 * 1024;
export const MAX_MEMO_INPUT_CHARS = 256 * 1024;

export type MemoVerdict = Pick<PredicateEvaluation, 'ok' | 'reason' | 'errors' | 'warnings' | 'code'>;

const entries = new Map<string, MemoVerdict>();
let chars = 0;
export const cueVerdictMemoStats = { hits: 0, misses: 0 };

// Policy texts by number. Numbers are never reused: when the table is full it starts over, and the keys holding
// the old numbers can no longer be asked for (they leave the memo as the least recently used).
const policyNumbers = new Map<string, number>();
let policyChars = 0;
let nextPolicyNumber = 1;

function policyNumber(text: string): number {
  let n = policyNumbers.get(text);
  if (n === undefined) {
    if (policyNumbers.size >= MAX_MEMO_ENTRIES || policyChars + text.length > MAX_MEMO_CHARS) {
      policyNumbers.clear();
      policyChars = 0;
    }
    n = nextPolicyNumber++;
    policyNumbers.set(text, n);
    policyChars += text.length;
  }
  return n;
}

// Evaluators whose answers are this package's own evaluation run elsewhere, each with a scope number.
const ownEvaluators = new WeakMap<PolicyEvaluator, number>();
let nextScope = 1;

/** Marks an evaluator made by this package (createIsolatedEvaluator): its verdicts may be memoised. */
export function registerOwnEvaluator(evaluator: PolicyEvaluator): void {
  ownEvaluators.set(evaluator, nextScope++);
}

/**
 * The memo key of a CUE evaluation, or undefined when it is not memoised (a caller's own evaluator, an input
 * too large). `limits` are the evaluation's own as given (an isolated evaluator adds its defaults: its scope
 * covers them).
 */
export function cueMemoKey(
  policyText: string,
  inputJSON: string,
  how: {
    name: string;
    concrete: boolean;
    limits: unknown;
    evaluator: PolicyEvaluator | undefined;
    /** `inputJSON` is an in-toto statement's JSON, shaped for this predicate type name to make the input. */
    statementFor?: string | undefined;
  },
): string | undefined {
  const scope = how.evaluator === undefined ? 0 : ownEvaluators.get(how.evaluator);
  if (scope === undefined || inputJSON.length > MAX_MEMO_INPUT_CHARS) return undefined;
  // The name is in the verdict's reason. The head is JSON (it ends where its array does), so no choice of texts
  // makes two different tuples one key (a statement's key has one more element in its head).
  const tuple = [scope, how.concrete, how.limits ?? null, how.name, policyNumber(policyText)];
  if (how.statementFor !== undefined) tuple.push(how.statementFor);
  return `${JSON.stringify(tuple)}${inputJSON}`;
}

/** The kept verdict (frozen: copy what you hand out), or undefined. */
export function recallCueVerdict(key: string): Readonly<MemoVerdict> | undefined {
  const hit = entries.get(key);
  if (!hit) {
    cueVerdictMemoStats.misses++;
    return undefined;
  }
  entries.delete(key); // most recently used last
  entries.set(key, hit);
  cueVerdictMemoStats.hits++;
  return hit;
}

/** A verdict CUE reached (a pass, or a compile/unification failure): nothing else is ever kept. */
export function isCueOwnVerdict(r: MemoVerdict): boolean {
  return r.ok
    ? r.code === undefined && r.errors.length === 0
    : r.code === undefined || r.code === 'PREDICATE_POLICY_INVALID';
}

export function rememberCueVerdict(key: string, r: MemoVerdict): void {
  if (!isCueOwnVerdict(r) || key.length > MAX_MEMO_CHARS) return;
  const kept: MemoVerdict = {
    ok: r.ok,
    reason: r.reason,
    errors: Object.freeze([...r.errors]) as string[],
    warnings: Object.freeze([...r.warnings]) as string[],
  };
  if (r.code !== undefined) kept.code = r.code;
  Object.freeze(kept);
  if (entries.has(key)) {
    entries.delete(key);
    chars -= key.length;
  }
  entries.set(key, kept);
  chars += key.length;
  while (entries.size > MAX_MEMO_ENTRIES || chars > MAX_MEMO_CHARS) {
    const oldest = entries.keys().next().value as string;
    entries.delete(oldest);
    chars -= oldest.length;
  }
}

/** Forgets every remembered verdict (tests; or to bound memory at once). */
export function clearCueVerdictMemo(): void {
  entries.clear();
  chars = 0;
  policyNumbers.clear();
  policyChars = 0;
  cueVerdictMemoStats.hits = 0;
  cueVerdictMemoStats.misses = 0;
}

export function cueVerdictMemoSize(): { entries: number; chars: number } {
  return { entries: entries.size, chars };
}
