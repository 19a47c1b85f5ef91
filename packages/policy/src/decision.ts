// The explainable result of evaluating policies for one image. JSON-serialisable with stable
// field names; documented in docs/decisions.md.

import type { Check, CheckStatus, DecisionCode } from '@sigguard/types';
export type { Check, CheckStatus, DecisionCode } from '@sigguard/types';

export type DecisionNodeKind = 'policy' | 'authority' | 'signature' | 'attestation' | 'check';

export interface DecisionNode {
  kind: DecisionNodeKind;
  /** Policy name, authority name, evidence id, attestation requirement name or check name. */
  name: string;
  status: CheckStatus;
  /** Why, in one line. */
  reason: string;
  /** Machine-readable reason for failures (e.g. NO_SIGNATURES, STATIC_FAIL), when there is one. */
  code?: DecisionCode;
  children: DecisionNode[];
}

export interface Decision {
  /** The image may run. */
  allowed: boolean;
  /** One line for people: allowed/denied and the main reason. */
  summary: string;
  /** Warn-mode policy failures, no-match warnings, and other notes that did not deny. */
  warnings: string[];
  image: { input: string; name: string; digest?: string };
  /** Names of the policies whose globs (and match rules) selected this image. */
  matchedPolicies: string[];
  /** One node per matched policy, in the order given. */
  policies: DecisionNode[];
}

export function node(
  kind: DecisionNodeKind,
  name: string,
  status: CheckStatus,
  reason: string,
  children: DecisionNode[] = [],
  code?: DecisionCode,
): DecisionNode {
  const n: DecisionNode = { kind, name, status, reason: oneLine(reason), children };
  if (code !== undefined) n.code = code;
  return n;
}

/** Reasons come from verifiers and engines; keep each on one line for logs and the CLI. */
export function oneLine(text: string): string {
  const s = String(text);
  // Most reasons are one line already: the regexp runs only when there is a line to join.
  return (s.includes('\n') ? s.replace(/\s*\n\s*/g, '; ') : s).trim();
}

export function checkNodes(checks: readonly Check[] | undefined): DecisionNode[] {
  return (checks ?? []).map((c) => node('check', c.name, c.status, c.reason, [], c.code));
}
