// An inclusion proof names the tree it was computed against (rootHash, treeSize), and its
// checkpoint signs a tree. sigstore-go (through rekor's verify package) refuses a proof whose
// root hash or tree size differ from the signed checkpoint's; @sigstore/verify 4.x computes
// the root from the checkpoint alone and never reads either field. A bundle whose proof
// disagrees with its own checkpoint is refused here, before the log checks.
//
// Which index a Rekor v2 proof proves differs between the two: sigstore-go (rekor-tiles
// verify.VerifyLogEntryWithHash) runs the proof at the entry's logIndex and ignores
// inclusionProof.logIndex; @sigstore/verify 4.x runs it at inclusionProof.logIndex and ignores the
// entry's. Rekor v2 writes the same number in both, so a v2 entry whose two indices differ is
// refused: whichever one a reader trusts is then the proven one. Rekor v1 is left alone: its entry
// logIndex is the global index (signed by the SET) and its proof's is the shard's, so they differ.
import type { Bundle } from '@sigstore/bundle';
import { BundleVerificationError } from './errors.ts';
import { hex, sameBytes } from './hex-bytes.ts';

interface CheckpointTree {
  size: bigint;
  rootHash: Uint8Array;
}

function tlogError(message: string): BundleVerificationError {
  return new BundleVerificationError('TLOG', 'transparency-log', message);
}

/**
 * The tree a checkpoint body describes: `origin\nsize\nbase64(root hash)\n...`, before the
 * blank line that starts the signatures (transparency-dev/formats, log/README.md).
 */
function checkpointTree(envelope: string, where: string): CheckpointTree {
  const body = envelope.split('\n\n')[0] ?? '';
  const [, size, hash] = body.split('\n');
  if (!size || !/^(0|[1-9][0-9]*)$/.test(size) || !hash || !/^[A-Za-z0-9+/]+={0,2}$/.test(hash)) {
    throw tlogError(`${where}.checkpoint is not a checkpoint (origin, tree size, base64 root hash)`);
  }
  return { size: BigInt(size), rootHash: Uint8Array.from(atob(hash), (c) => c.charCodeAt(0)) };
}

// The kinds whose 0.0.2 body is a Rekor v2 entry (@sigstore/verify branches the same way).
const REKOR_V2_KINDS = new Set(['hashedrekord', 'dsse']);

function isRekorV2(entry: { kindVersion?: { kind: string; version: string } }): boolean {
  const kv = entry.kindVersion;
  return !!kv && REKOR_V2_KINDS.has(kv.kind) && kv.version === '0.0.2';
}

// Compared as numbers, as @sigstore/verify reads them (BigInt); anything unreadable differs.
function sameIndex(a: string, b: string): boolean {
  try {
    return BigInt(a) === BigInt(b);
  } catch {
    return false;
  }
}

/**
 * Throws TLOG when an inclusion proof's rootHash or treeSize is not its checkpoint's, or when a
 * Rekor v2 entry's logIndex is not its proof's.
 */
export function checkProofsMatchCheckpoints(bundle: Bundle): void {
  bundle.verificationMaterial.tlogEntries.forEach((entry, i) => {
    const proof = entry.inclusionProof;
    if (!proof) return;
    if (isRekorV2(entry) && !sameIndex(entry.logIndex, proof.logIndex)) {
      throw tlogError(
        `tlogEntries[${i}].logIndex ${entry.logIndex} is not its inclusionProof.logIndex ${proof.logIndex} ` +
          '(a Rekor v2 entry has one index)',
      );
    }
    if (!proof.checkpoint?.envelope) return;
    const where = `tlogEntries[${i}].inclusionProof`;
    const tree = checkpointTree(proof.checkpoint.envelope, where);
    if (BigInt(proof.treeSize) !== tree.size) {
      throw tlogError(`${where}.treeSize ${proof.treeSize} is not the checkpoint's tree size ${tree.size}`);
    }
    const root = new Uint8Array(proof.rootHash);
    if (!sameBytes(root, tree.rootHash)) {
      throw tlogError(`${where}.rootHash ${hex(root)} is not the checkpoint's root hash ${hex(tree.rootHash)}`);
    }
  });
}
