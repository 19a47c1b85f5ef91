// Media types met while looking for evidence (OCI image spec, Docker v2, cosign, Sigstore).
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

export const SIGSTORE_BUNDLE_PREFIX = 'application/vnd.dev.sigstore.bundle';
export const SIGSTORE_BUNDLE_V03 = 'application/vnd.dev.sigstore.bundle.v0.3+json';
export const COSIGN_SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const DSSE_ENVELOPE = 'application/vnd.dsse.envelope.v1+json';
export const IN_TOTO = 'application/vnd.in-toto+json';
/** cosign --experimental-oci11: legacy simple-signing layers stored as a referrer. */
export const COSIGN_OCI11_SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';

/** The Accept header for manifests: every manifest and index kind this client understands. */
export const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

// cosign layer annotations (pkg/oci/static): trust the code's names, not the spec prose.
export const ANN_SIGNATURE = 'dev.cosignproject.cosign/signature';
export const ANN_CERTIFICATE = 'dev.sigstore.cosign/certificate';
export const ANN_CHAIN = 'dev.sigstore.cosign/chain';
export const ANN_BUNDLE = 'dev.sigstore.cosign/bundle';
export const ANN_RFC3161 = 'dev.sigstore.cosign/rfc3161timestamp';
export const ANN_PREDICATE_TYPE = 'predicateType';
export const ANN_BUNDLE_CONTENT = 'dev.sigstore.bundle.content';
export const ANN_BUNDLE_PREDICATE_TYPE = 'dev.sigstore.bundle.predicateType';
export const ANN_REF_NAME = 'org.opencontainers.image.ref.name';

/** predicateType cosign v3 uses for a plain `cosign sign` (a signature, not an attestation). */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
