// Match a signer certificate against a list of identities: ORed, as in cosign's CheckCertificatePolicy.
import type { SignerCertificate, SubjectAltName } from './certificate.ts';
import { PolicyInvalidError } from './errors.ts';
import type { FulcioExtensionName } from './fulcio-extensions.ts';
import {
  compileIdentity,
  type CompileIdentitiesOptions,
  type CompiledIdentity,
  type IdentitySpec,
} from './identity-spec.ts';

export interface IdentityMatch {
  ok: boolean;
  /** Why it matched (which identity, which SAN) or why nothing matched (per identity). */
  reason: string;
  /** Index of the first identity that matched. */
  identity?: number;
  /** The SAN that satisfied the subject criteria. */
  subject?: SubjectAltName;
  /** The certificate's OIDC issuer as compared. */
  issuer?: string;
  /** Certificate oddities worth showing next to the decision. */
  warnings: string[];
}

export interface IdentityMatcher {
  readonly identities: readonly CompiledIdentity[];
  /** Spec-time warnings, e.g. unanchored regexps. */
  readonly warnings: readonly string[];
  match(cert: SignerCertificate): IdentityMatch;
}

/**
 * Compile identity specs into a matcher. Throws PolicyInvalidError (code POLICY_INVALID) for an empty
 * list, an unknown field, missing issuer/subject criteria, or a pattern RE2 rejects (PatternError).
 */
export function compileIdentities(specs: IdentitySpec[], opts: CompileIdentitiesOptions = {}): IdentityMatcher {
  const field = opts.field ?? 'identities';
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new PolicyInvalidError(field, `${field}: at least one identity is required`);
  }
  const identities = specs.map((s, i) => compileIdentity(s, `${field}[${i}]`, opts));
  const warnings: string[] = [];
  identities.forEach((c, i) => {
    for (const re of [c.issuerRegExp, c.subjectRegExp]) {
      if (re?.unanchored) {
        warnings.push(
          `${field}[${i}]: regexp ${JSON.stringify(re.source)} is not anchored at both ends: like Go's MatchString it can match part of a value; use ^…$ to match whole values`,
        );
      }
    }
  });
  return {
    identities,
    warnings,
    match: (cert) => matchCertificate(identities, cert),
  };
}

const EKU_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const EKU_ANY = '2.5.29.37.0';

function matchCertificate(identities: readonly CompiledIdentity[], cert: SignerCertificate): IdentityMatch {
  if (
    !cert ||
    !Array.isArray(cert.sans) ||
    typeof cert.extensions !== 'object' ||
    !Array.isArray(cert.unknownCriticalExtensions)
  ) {
    return { ok: false, reason: 'no signer certificate to match identities against', warnings: [] };
  }
  const warnings = [...(cert.warnings ?? [])];
  const base = { warnings, ...(cert.issuer !== undefined ? { issuer: cert.issuer } : {}) };
  if (cert.unknownCriticalExtensions.length > 0) {
    return {
      ok: false,
      reason: `certificate has unknown critical extension(s) ${cert.unknownCriticalExtensions.join(', ')}`,
      ...base,
    };
  }
  if (cert.isCA) {
    return { ok: false, reason: 'certificate is a CA certificate, not a signing certificate', ...base };
  }
  // cosign and sigstore-go verify the chain for x509.ExtKeyUsageCodeSigning: an e-mail (S/MIME)
  // or TLS certificate from the same CA does not sign artifacts.
  const eku = cert.extendedKeyUsages;
  if (Array.isArray(eku) && !eku.includes(EKU_CODE_SIGNING) && !eku.includes(EKU_ANY)) {
    return {
      ok: false,
      reason: `certificate extended key usage (${eku.join(', ') || 'none'}) does not include code signing`,
      ...base,
    };
  }
  const failures: string[] = [];
  for (let i = 0; i < identities.length; i++) {
    const r = matchOne(identities[i] as CompiledIdentity, cert);
    if (typeof r === 'string') {
      failures.push(identities.length > 1 ? `identity ${i}: ${r}` : r);
      continue;
    }
    const reason = `identity ${i} matched: issuer ${quote(cert.issuer ?? '')}, subject ${r.type}:${clip(r.value)}`;
    return { ok: true, reason, identity: i, subject: r, ...base };
  }
  const have = `certificate issuer ${cert.issuer === undefined ? '(none)' : quote(cert.issuer)}, SANs [${cert.sans.map((s) => `${s.type}:${clip(s.value)}`).join(', ')}]`;
  return { ok: false, reason: `no identity matched (${have}): ${failures.join('; ')}`, ...base };
}

// The matching SAN, or a string saying why this identity does not match.
function matchOne(id: CompiledIdentity, cert: SignerCertificate): SubjectAltName | string {
  const { spec } = id;
  const issuer = cert.issuer;
  if (spec.issuer) {
    if (issuer !== spec.issuer)
      return `issuer ${issuer === undefined ? '(none)' : quote(issuer)} is not ${quote(spec.issuer)}`;
  }
  if (id.issuerRegExp) {
    if (issuer === undefined) return 'certificate has no OIDC issuer extension';
    if (!id.issuerRegExp.test(issuer))
      return `issuer ${quote(issuer)} does not match issuerRegExp ${JSON.stringify(id.issuerRegExp.source)}`;
  }
  // Both subject forms, when given, must be satisfied (cosign); any SAN may satisfy each.
  let matched: SubjectAltName | undefined;
  if (spec.subject) {
    matched = cert.sans.find((s) => s.value === spec.subject);
    if (!matched) return `no SAN equals subject ${JSON.stringify(spec.subject)}`;
  }
  if (id.subjectRegExp) {
    const re = id.subjectRegExp;
    const m = cert.sans.find((s) => re.test(s.value));
    if (!m) return `no SAN matches subjectRegExp ${JSON.stringify(re.source)}`;
    matched ??= m;
  }
  if (!matched) return 'identity has no subject criteria';
  for (const [name, want] of Object.entries(spec.extensions ?? {})) {
    const got = cert.extensions[name as FulcioExtensionName];
    if (got !== want)
      return `extension ${name} is ${got === undefined ? 'absent' : quote(got)}, required ${quote(want)}`;
  }
  return matched;
}

// Certificate values are attacker-chosen: keep reasons readable and bounded.
const MAX_SHOWN = 256;
function clip(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…(${s.length} chars)` : s;
}
function quote(s: string): string {
  return JSON.stringify(clip(s));
}
