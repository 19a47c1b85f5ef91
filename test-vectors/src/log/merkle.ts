// RFC 6962 Merkle tree hashes and inclusion proofs (§2.1), over sha256.
import { sha256 } from '../encoding.ts';

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Uint8Array): Buffer {
  return sha256(LEAF, data);
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over already leaf-hashed entries. */
export function rootHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = largestPowerOfTwoBelow(leaves.length);
  return sha256(NODE, rootHash(leaves.slice(0, k)), rootHash(leaves.slice(k)));
}

/** PATH(m, D[n]): sibling hashes from the leaf up to the root. */
export function inclusionProof(index: number, leaves: Buffer[]): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} not in a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  if (index < k) return [...inclusionProof(index, leaves.slice(0, k)), rootHash(leaves.slice(k))];
  return [...inclusionProof(index - k, leaves.slice(k)), rootHash(leaves.slice(0, k))];
}
