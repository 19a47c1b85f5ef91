// Predicate short names as cosign v3.0.5 defines them (cmd/cosign/cli/options/predicate.go).
// Any other value is taken verbatim as the predicate type URI (exact string comparison).

export const PREDICATE_SHORT_NAMES = {
  custom: 'https://cosign.sigstore.dev/attestation/v1',
  slsaprovenance: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance02: 'https://slsa.dev/provenance/v0.2',
  slsaprovenance1: 'https://slsa.dev/provenance/v1',
  link: 'https://in-toto.io/Link/v1',
  spdx: 'https://spdx.dev/Document',
  spdxjson: 'https://spdx.dev/Document',
  cyclonedx: 'https://cyclonedx.org/bom',
  vuln: 'https://cosign.sigstore.dev/attestation/vuln/v1',
  openvex: 'https://openvex.dev/ns',
} as const;

export type PredicateShortName = keyof typeof PREDICATE_SHORT_NAMES;

export function isPredicateShortName(name: string): name is PredicateShortName {
  return Object.hasOwn(PREDICATE_SHORT_NAMES, name);
}

/** The predicate type URI a CIP `attestations[].predicateType` value stands for. */
export function predicateTypeURI(nameOrURI: string): string {
  return isPredicateShortName(nameOrURI) ? PREDICATE_SHORT_NAMES[nameOrURI] : nameOrURI;
}
