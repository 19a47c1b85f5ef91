// The test log's entries in the shape the Rekor v1 HTTP API serves them (openapi LogEntry:
// GET /api/v1/log/entries/{uuid}, POST /api/v1/log/entries/retrieve), with the search index
// POST /api/v1/index/retrieve answers from (sha256 of the signed artifact, signer e-mail).
// Built from what TestRekor appended: same body, SET, inclusion proof and checkpoint, re-encoded
// (hex hashes and log id, base64 body and SET) as rekor writes them.
import { hex } from '../encoding.ts';
import { leafHash } from './merkle.ts';
import type { AppendedEntry } from './rekor.ts';

export interface RekorApiLogEntry {
  body: string;
  integratedTime: number;
  logID: string;
  logIndex: number;
  verification: {
    inclusionProof: { checkpoint: string; hashes: string[]; logIndex: number; rootHash: string; treeSize: number };
    signedEntryTimestamp: string;
  };
}

export interface RekorApiEntry {
  /** Rekor's 80-digit entry UUID: the 16-digit tree id, then the RFC 6962 leaf hash of the body. */
  uuid: string;
  entry: RekorApiLogEntry;
  /** Index keys: `sha256:<hex>` of the signed artifact (hashedrekord) and e-mail identities given. */
  keys: string[];
}

const fromB64 = (s: string) => Buffer.from(s, 'base64');

/** The entry as the Rekor v1 API returns it; `emails` are indexed as rekor indexes certificate e-mails. */
export function rekorApiEntry(appended: AppendedEntry, treeId: string, emails: string[] = []): RekorApiEntry {
  const proof = appended.entry.inclusionProof;
  if (!proof) throw new Error('rekorApiEntry: the entry was appended without an inclusion proof');
  const body = JSON.parse(appended.body.toString('utf8')) as {
    kind: string;
    spec?: { data?: { hash?: { value?: string } } };
  };
  const keys = [
    ...(body.kind === 'hashedrekord' && body.spec?.data?.hash?.value ? [`sha256:${body.spec.data.hash.value}`] : []),
    ...emails,
  ];
  return {
    uuid: BigInt(treeId).toString(16).padStart(16, '0') + hex(leafHash(appended.body)),
    entry: {
      body: appended.body.toString('base64'),
      integratedTime: appended.integratedTime,
      logID: appended.logIdHex,
      logIndex: appended.logIndex,
      verification: {
        inclusionProof: {
          checkpoint: proof.checkpoint.envelope,
          hashes: proof.hashes.map((h) => hex(fromB64(h))),
          logIndex: Number(proof.logIndex),
          rootHash: hex(fromB64(proof.rootHash)),
          treeSize: Number(proof.treeSize),
        },
        signedEntryTimestamp: appended.signedEntryTimestamp,
      },
    },
    keys,
  };
}
