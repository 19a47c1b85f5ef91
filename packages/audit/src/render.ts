// The human form of an audit report: a table of signers (unauthorized first) a person can act on,
// then stale policy identities, evidence that did not verify, notes and errors.
import type { AuditReport, AuditSigner, AuditStaleIdentity } from './types.ts';

// The table shows which repository, ref and trigger signed (the JSON report has every identifying extension).
const TABLE_EXTENSIONS: [label: string, names: string[]][] = [
  ['repo', ['sourceRepositoryURI', 'githubWorkflowRepository']],
  ['ref', ['sourceRepositoryRef', 'githubWorkflowRef']],
  ['trigger', ['buildTrigger', 'githubWorkflowTrigger']],
];

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function details(s: AuditSigner): string {
  if (s.kind === 'key') return `key ${s.keyFingerprint}`;
  const ext = TABLE_EXTENSIONS.flatMap(([label, names]) => {
    const v = names.map((n) => s.extensions?.[n]).find((x) => x !== undefined);
    return v ? [`${label}=${v}`] : [];
  });
  return [`issuer=${s.issuer ?? '(none)'}`, ...ext].join(' ');
}

function admitted(s: AuditSigner): string {
  const by = [...new Set(s.signatures.flatMap((g) => g.admittedBy.map((a) => `${a.policy}/${a.authority}`)))];
  const open = s.signatures.filter((g) => g.admittedBy.length === 0).length;
  return [...by, ...(open ? [`${open} not admitted`] : [])].join(', ');
}

function staleLine(x: AuditStaleIdentity): string {
  const who = x.keyFingerprint
    ? `key ${x.keyFingerprint}`
    : x.identity
      ? Object.entries(x.identity)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : 'key (not readable offline)';
  const scope =
    x.images === 0 ? 'no audited image is covered by this policy' : `admitted nothing on ${x.images} covered image(s)`;
  return `  ${x.policy}/${x.authority}: ${who}: ${scope}`;
}

export function renderAuditReport(report: AuditReport): string {
  const out: string[] = [];
  const n = report.summary;
  out.push(
    `audited ${n.images} image(s), ${n.signatures} verified signature(s) from ${n.signers} signer(s)` +
      (report.since ? ` since ${report.since}` : ''),
  );
  if (report.signers.length) {
    out.push('');
    const rows = report.signers.map((s) => [
      s.authorized ? 'ok' : 'UNAUTHORIZED',
      s.kind === 'key' ? '(key)' : (s.subject ?? '(no subject)'),
      details(s),
      String(new Set(s.signatures.map((g) => g.image)).size),
      s.lastSeen ?? '-',
      admitted(s),
    ]);
    out.push(...table(['STATUS', 'SIGNER', 'DETAILS', 'IMAGES', 'LAST SIGNED', 'ADMITTED BY'], rows));
  }
  for (const f of report.findings) {
    out.push('', `finding: ${f.reason}:`, ...f.images.map((i) => `  ${i}`));
    out.push(
      '  act: if this signer is yours, add its identity to a policy; ' +
        'if not, find out how it got a certificate for you.',
    );
  }
  if (report.stale.length) {
    out.push(
      '',
      `stale: ${report.stale.length} policy identit${report.stale.length === 1 ? 'y' : 'ies'} admitted no signature:`,
    );
    out.push(...report.stale.map(staleLine));
  }
  if (report.unverified.length) {
    out.push('', `not counted: ${report.unverified.length} signature(s) or log entries did not verify:`);
    out.push(...report.unverified.map((u) => `  ${u.image ? `${u.image}: ` : ''}${u.evidence}: ${u.reason}`));
  }
  if (report.notes.length) out.push('', ...report.notes.map((x) => `note: ${x}`));
  if (report.errors.length) {
    out.push('', `errors: the audit is incomplete (${report.errors.length}):`);
    out.push(...report.errors.map((e) => `  ${e.where}: ${e.reason}${e.code ? ` (${e.code})` : ''}`));
  }
  if (n.findings) out.push('', `${n.findings} finding(s): signers no policy expects`);
  else if (n.errors) out.push('', 'no findings in what could be read, but the audit is incomplete (errors above)');
  else out.push('', 'no findings: every verified signer is admitted by a policy');
  return out.join('\n');
}
