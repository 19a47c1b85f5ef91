// Default caps shared by the registry client, OCI layouts and evidence discovery: a layout
// on disk is as untrusted as a registry, so both read under the same limits.
const MiB = 1 << 20;

/** Largest manifest, image index, referrers list, tag list or layout index.json (bytes). */
export const MAX_MANIFEST_BYTES = 4 * MiB;
/** Largest blob a source hands out when the caller names no smaller limit (cosign's attachment limit). */
export const MAX_BLOB_BYTES = 128 * MiB;
/** Largest single evidence blob (bundle or legacy layer) discovery reads. */
export const MAX_EVIDENCE_BLOB_BYTES = 16 * MiB;
/** All evidence blobs of one discovery together. */
export const MAX_EVIDENCE_TOTAL_BYTES = 256 * MiB;
/** Most referrers of one image discovery looks at. */
export const MAX_REFERRERS = 128;
/** Most layers of one legacy `.sig`/`.att` manifest (cosign's limit). */
export const MAX_LAYERS = 1000;
/** Wall-clock budget for one whole discovery (every manifest and blob read, any source). */
export const DISCOVERY_TIMEOUT_MS = 120_000;
/** Most manifests an OCI layout walks from index.json when looking for referrers. */
export const MAX_LAYOUT_MANIFESTS = 10_000;
/** Deepest JSON nesting accepted in a manifest or index (real ones are 4 deep). */
export const MAX_MANIFEST_DEPTH = 32;
