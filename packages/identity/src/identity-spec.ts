// Keyless identity specs (ClusterImagePolicy `keyless.identities[]`, cosign `--certificate-*`): validation
// and compilation. Validation is strict: unknown fields and missing criteria are errors, never ignored.
import { PolicyInvalidError } from './errors.ts';
import { FULCIO_EXTENSION_NAMES, type FulcioExtensions } from './fulcio-extensions.ts';
import { compileGoRegExp, type GoRegExp } from './regexp.ts';

export interface IdentitySpec {
  /** OIDC issuer, exact string equality. */
  issuer?: string;
  /** OIDC issuer, Go RE2 regexp, unanchored (like Go's MatchString). */
  issuerRegExp?: string;
  /** Exact equality with any SAN (email, URI, DNS, IP, Sigstore otherName). */
  subject?: string;
  /** Go RE2 regexp matched (unanchored) against every SAN. */
  subjectRegExp?: string;
  /** Fulcio extension values that must be present and equal (e.g. sourceRepositoryRef). */
  extensions?: Partial<FulcioExtensions>;
}

export interface CompileIdentitiesOptions {
  /**
   * ClusterImagePolicy admission rules: exactly one of issuer/issuerRegExp and exactly one of
   * subject/subjectRegExp. Without it (cosign CLI rules) both forms may be given and must both match.
   */
  exactlyOne?: boolean;
  /** Path used in error messages, e.g. `spec.authorities[0].keyless.identities`. Default `identities`. */
  field?: string;
}

/** One identity ready to match; regexps are compiled once. */
export interface CompiledIdentity {
  spec: IdentitySpec;
  issuerRegExp?: GoRegExp;
  subjectRegExp?: GoRegExp;
}

const KNOWN_FIELDS = new Set(['issuer', 'issuerRegExp', 'subject', 'subjectRegExp', 'extensions']);

export function compileIdentity(
  spec: IdentitySpec,
  field: string,
  opts: CompileIdentitiesOptions = {},
): CompiledIdentity {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new PolicyInvalidError(field, `${field}: an identity must be an object`);
  }
  for (const k of Object.keys(spec)) {
    if (!KNOWN_FIELDS.has(k)) {
      throw new PolicyInvalidError(
        `${field}.${k}`,
        `${field}: unknown field ${JSON.stringify(k)} (known: ${[...KNOWN_FIELDS].join(', ')})`,
      );
    }
  }
  for (const k of ['issuer', 'issuerRegExp', 'subject', 'subjectRegExp'] as const) {
    const v = spec[k];
    if (v !== undefined && typeof v !== 'string')
      throw new PolicyInvalidError(`${field}.${k}`, `${field}.${k}: must be a string`);
  }
  // An empty string means "not set", as in policy-controller and cosign.
  const has = (k: 'issuer' | 'issuerRegExp' | 'subject' | 'subjectRegExp') =>
    typeof spec[k] === 'string' && spec[k] !== '';
  requireCriterion(field, 'issuer', has('issuer'), has('issuerRegExp'), opts.exactlyOne === true);
  requireCriterion(field, 'subject', has('subject'), has('subjectRegExp'), opts.exactlyOne === true);

  // Checked before copying: spreading a list or a string would turn it into an object with keys "0", "1", ….
  if (spec.extensions !== undefined) validateExtensions(spec.extensions, `${field}.extensions`);
  // Keep a private copy: a caller mutating its spec later must not change a validated matcher.
  const copy: IdentitySpec = { ...spec, ...(spec.extensions ? { extensions: { ...spec.extensions } } : {}) };
  const compiled: CompiledIdentity = { spec: copy };
  if (has('issuerRegExp'))
    compiled.issuerRegExp = compileGoRegExp(spec.issuerRegExp as string, `${field}.issuerRegExp`);
  if (has('subjectRegExp'))
    compiled.subjectRegExp = compileGoRegExp(spec.subjectRegExp as string, `${field}.subjectRegExp`);
  return compiled;
}

function requireCriterion(
  field: string,
  what: 'issuer' | 'subject',
  exact: boolean,
  regexp: boolean,
  exactlyOne: boolean,
): void {
  if (!exact && !regexp) {
    throw new PolicyInvalidError(
      field,
      `${field}: missing ${what}: set ${what} or ${what}RegExp (an identity without ${what} criteria would accept any ${what})`,
    );
  }
  if (exact && regexp && exactlyOne) {
    throw new PolicyInvalidError(field, `${field}: expected exactly one of ${what} and ${what}RegExp, got both`);
  }
}

function validateExtensions(ext: unknown, field: string): void {
  if (ext === null || typeof ext !== 'object' || Array.isArray(ext)) {
    throw new PolicyInvalidError(field, `${field}: must be an object of Fulcio extension names to required values`);
  }
  for (const [k, v] of Object.entries(ext)) {
    if (!FULCIO_EXTENSION_NAMES.has(k)) {
      throw new PolicyInvalidError(
        `${field}.${k}`,
        `${field}: unknown Fulcio extension ${JSON.stringify(k)} (known: ${[...FULCIO_EXTENSION_NAMES].join(', ')})`,
      );
    }
    if (typeof v !== 'string' || v === '') {
      throw new PolicyInvalidError(`${field}.${k}`, `${field}.${k}: required value must be a non-empty string`);
    }
  }
}
