// An in-toto statement (the DSSE payload of an attestation), as read from JSON: every reader
// checks `_type` and `predicateType`; the rest is what the producer wrote, so subjects and
// digests may be null (Go's encoding/json writes nil slices and maps as null).

export interface InTotoSubject {
  name?: string;
  digest: Record<string, string> | null;
}

export interface InTotoStatement {
  _type: string;
  predicateType: string;
  subject: InTotoSubject[] | null;
  predicate?: unknown;
  [key: string]: unknown;
}
