// The private Sigstore instance used by tests; see README.md.
export {};
