// DER encoding of an @sigstore/core ASN.1 tree in one allocation. @sigstore/core's toDER() builds every node
// in its own 1 KiB zero-filled buffer and copies it upward; the bytes here are the same (tag byte, minimal
// length, then the children's encodings or the value: asn1/obj.ts toDER), written once into one buffer.
// Used where a tree really is re-encoded after an edit: the SCT check's copy of the signing certificate, whose
// unchanged parts are copied from the parsed bytes.
import type { ASN1Obj } from '@sigstore/core';

function lengthOfLength(length: number): number {
  if (length < 0x80) return 1;
  let n = 0;
  for (let l = length; l > 0; l = Math.floor(l / 256)) n++;
  return 1 + n;
}

type Reuse = (node: ASN1Obj) => Uint8Array | undefined;

function contentLengths(node: ASN1Obj, sizes: Map<ASN1Obj, number>, reuse: Reuse): number {
  const known = reuse(node);
  if (known) {
    sizes.set(node, -1);
    return known.length;
  }
  let content = 0;
  if (node.subs.length > 0) for (const sub of node.subs) content += contentLengths(sub, sizes, reuse);
  else content = node.value.length;
  sizes.set(node, content);
  return 1 + lengthOfLength(content) + content;
}

function write(node: ASN1Obj, sizes: Map<ASN1Obj, number>, out: Uint8Array, at: number, reuse: Reuse): number {
  const content = sizes.get(node)!;
  if (content === -1) {
    const known = reuse(node)!;
    out.set(known, at);
    return at + known.length;
  }
  out[at++] = node.tag.toDER();
  if (content < 0x80) out[at++] = content;
  else {
    const n = lengthOfLength(content) - 1;
    out[at++] = 0x80 | n;
    for (let i = n - 1, l = content; i >= 0; i--, l = Math.floor(l / 256)) out[at + i] = l % 256;
    at += n;
  }
  if (node.subs.length > 0) for (const sub of node.subs) at = write(sub, sizes, out, at, reuse);
  else {
    out.set(node.value, at);
    at += node.value.length;
  }
  return at;
}

/**
 * The bytes @sigstore/core's toDER() gives for `node` as it is now. `reuse` may give the known encoding of an
 * unchanged subtree (copied as is); it must answer undefined for every node that was edited or is new.
 */
export function encodeDer(node: ASN1Obj, reuse: Reuse = () => undefined): Buffer {
  const sizes = new Map<ASN1Obj, number>();
  const out = Buffer.allocUnsafe(contentLengths(node, sizes, reuse));
  write(node, sizes, out, 0, reuse);
  return out;
}
