// Human rendering of a Decision for the CLI: an indented tree, ANSI-coloured on request.
import type { CheckStatus, Decision, DecisionNode } from './decision.ts';

export interface RenderOptions {
  color?: boolean;
  /** Show passing checks under verified evidence too (default false: only failures are expanded). */
  verbose?: boolean;
}

const ICON: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };
const COLOR: Record<CheckStatus, string> = { pass: '32', fail: '31', warn: '33', skip: '90' };

export function renderDecision(decision: Decision, options: RenderOptions = {}): string {
  const paint = (status: CheckStatus, text: string) => (options.color ? `\x1b[${COLOR[status]}m${text}\x1b[0m` : text);
  const bold = (text: string) => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const lines: string[] = [];
  const verdict: CheckStatus = decision.allowed ? (decision.warnings.length > 0 ? 'warn' : 'pass') : 'fail';
  lines.push(paint(verdict, bold(decision.allowed ? 'ALLOWED' : 'DENIED')) + ` ${decision.image.name}`);
  lines.push(`  ${decision.summary}`);
  const walk = (n: DecisionNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const label = n.kind === 'check' ? n.name : `${n.kind} ${n.name}`;
    // Passing evidence is summarised by its reason; expand it only when asked.
    const expand =
      options.verbose ||
      n.status !== 'pass' ||
      (n.kind !== 'signature' && n.kind !== 'attestation') ||
      hasNonCheckChildren(n);
    const reason = expand ? ownReason(n) : n.reason;
    // A thrown error's reason may already end with its code ("… [TRUST_ROOT]"): print it once.
    const code = n.code && n.status !== 'pass' && !reason.endsWith(`[${n.code}]`) ? ` [${n.code}]` : '';
    lines.push(`${pad}${paint(n.status, ICON[n.status])} ${label}: ${reason}${code}`);
    if (expand) for (const c of n.children) walk(c, depth + 1);
  };
  for (const p of decision.policies) walk(p, 1);
  for (const w of decision.warnings) lines.push(paint('warn', `  warning: ${w}`));
  return lines.join('\n') + '\n';
}

function hasNonCheckChildren(n: DecisionNode): boolean {
  return n.children.some((c) => c.kind !== 'check');
}

/**
 * A failed node's reason ends with its failed children's reasons (policy-controller's error
 * chain: policy ⊃ authority ⊃ signature ⊃ check). The children are printed right below it, so
 * each repeated part is shown once and elided as "…" in the parent; the summary line and the
 * JSON keep the whole chain.
 */
function ownReason(n: DecisionNode): string {
  if (n.status === 'pass') return n.reason;
  let reason = n.reason;
  for (const c of n.children) {
    // Short reasons ("static") could match by accident; only long, genuinely repeated ones are elided.
    if (c.status === 'pass' || c.reason.length < 20 || c.reason === reason) continue;
    reason = reason.split(c.reason).join('…');
  }
  return reason;
}
