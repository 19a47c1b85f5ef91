// Who a verified signature is from, as an audit names it: the certificate's issuer, subject and the
// Fulcio extensions that say which workflow/repository/ref signed, or the key's fingerprint.
import { hexDecode, sha256Hex } from '@sigguard/oci';
import type { EvidenceResult } from '@sigguard/policy';
import type { AuditSigner } from './types.ts';

/** Extensions that identify a signer across runs; per-run values (SHAs, run URLs, digests) are left out. */
const IDENTIFYING_EXTENSIONS = [
  'githubWorkflowRepository',
  'githubWorkflowRef',
  'githubWorkflowName',
  'githubWorkflowTrigger',
  'sourceRepositoryURI',
  'sourceRepositoryRef',
  'buildSignerURI',
  'buildConfigURI',
  'buildTrigger',
  'runnerEnvironment',
] as const;

/** The part of a report's signer that names it. */
export type SignerIdentity = Pick<AuditSigner, 'id' | 'kind' | 'issuer' | 'subject' | 'extensions' | 'keyFingerprint'>;

/** The signer of a verified result (ImageEvidenceVerifier sets signerId `key:<spki hex>` for keys). */
export function signerOf(result: EvidenceResult): SignerIdentity | undefined {
  if (result.signerId?.startsWith('key:')) {
    const keyFingerprint = `sha256:${sha256Hex(hexDecode(result.signerId.slice(4)))}`;
    return { id: `key:${keyFingerprint}`, kind: 'key', keyFingerprint };
  }
  const s = result.signer;
  if (!s) return undefined;
  const extensions: Record<string, string> = {};
  for (const name of IDENTIFYING_EXTENSIONS) {
    const v = s.extensions?.[name];
    if (typeof v === 'string' && v !== '') extensions[name] = v;
  }
  const parts = [
    s.issuer ?? '(no issuer)',
    s.subject ?? '(no subject)',
    ...Object.entries(extensions).map(([k, v]) => `${k}=${v}`),
  ];
  return {
    id: `certificate:${parts.join(' ')}`,
    kind: 'certificate',
    ...(s.issuer ? { issuer: s.issuer } : {}),
    ...(s.subject ? { subject: s.subject } : {}),
    ...(Object.keys(extensions).length ? { extensions } : {}),
  };
}

/**
 * When the evidence was signed: the earliest integrated time of its log entries (verified with the
 * signature: SET or inclusion proof), as ISO 8601. Rekor v2 entries record none (time 0).
 */
export function signingTime(bundle: Record<string, unknown> | undefined): string | undefined {
  const entries = (bundle?.verificationMaterial as { tlogEntries?: { integratedTime?: unknown }[] } | undefined)
    ?.tlogEntries;
  if (!Array.isArray(entries)) return undefined;
  const times = entries.map((e) => Number(e?.integratedTime)).filter((t) => Number.isFinite(t) && t > 0);
  if (times.length === 0) return undefined;
  return new Date(Math.min(...times) * 1000).toISOString();
}
