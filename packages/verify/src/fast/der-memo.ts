// @sigstore/core re-encodes an ASN.1 node on every toDER() call (allocating and zero-filling a buffer per
// node), and @sigstore/verify calls it again and again for the same certificate: every equals(), every
// signature check, every candidate issuer. A parsed node never changes (the only code that edits a tree,
// @sigstore/verify's SCT check, edits a fresh clone()), so its encoding is computed once and kept. The bytes
// are exactly those @sigstore/core's own toDER() produces, so every hash and signature sees the same input.
import { ASN1Obj } from '@sigstore/core';

const encodeOnce: (this: ASN1Obj) => Buffer = ASN1Obj.prototype.toDER;
const encodings = new WeakMap<ASN1Obj, Buffer>();

function memoToDER(this: ASN1Obj): Buffer {
  let der = encodings.get(this);
  if (der === undefined) {
    der = encodeOnce.call(this);
    encodings.set(this, der);
  }
  return der;
}

/** Makes toDER() of `root` and every node below it compute its encoding once. Idempotent. */
export function memoizeDer(root: ASN1Obj): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Object.prototype.hasOwnProperty.call(node, 'toDER')) continue;
    Object.defineProperty(node, 'toDER', { value: memoToDER, configurable: true, enumerable: false, writable: true });
    for (const sub of node.subs) stack.push(sub);
  }
}
