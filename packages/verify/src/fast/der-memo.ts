// @sigstore/core re-encodes an ASN.1 node on every toDER() call (allocating and zero-filling a buffer per
// node), and @sigstore/verify calls it again and again for the same certificate: every equals(), every
// signature check, every candidate issuer. A parsed node never changes (the only code that edits a tree,
// @sigstore/verify's SCT check, edits a fresh clone()), so its encoding is never computed at all: it is the
// node's own bytes in the parsed buffer. They are exactly what toDER() would produce, because @sigstore/core
// parses strict DER only (one tag byte, minimal lengths; asn1/length.ts, asn1/tag.ts) and a parsed node's
// children cover its content exactly (collectSubs), so re-encoding gives back the input byte for byte
// (fast/der-encoding.test.ts checks it on every node of every vector). Where the bytes cannot be located
// (a node not made by the parser), @sigstore/core's own toDER() runs, once.
import { ASN1Obj } from '@sigstore/core';

const encodeOnce: (this: ASN1Obj) => Buffer = ASN1Obj.prototype.toDER;
const readOid: (this: ASN1Obj) => string = ASN1Obj.prototype.toOID;
// The memo is kept on the node itself (a non-enumerable symbol-keyed property), not in a WeakMap: V8's young
// generation collector keeps every WeakMap value alive (only a full GC clears entries of dead keys), so memos of
// each bundle's certificate survived scavenges and made V8 grow its young generation (docs/architecture.md,
// "Memory"). On the node, a memo dies with its node. Every property is defined up front, in one order, so all
// prepared nodes share one or two hidden classes (properties added on first use, in varying orders, would make
// many, and @sigstore/core's code, which a plain @sigstore/verify in the process runs too, polymorphic).
const ENCODING = Symbol('sigguard.der');
const OID = Symbol('sigguard.oid');
type Memo = ASN1Obj & { [ENCODING]?: Buffer; [OID]?: string };

function define(node: ASN1Obj, key: PropertyKey, value: unknown): void {
  Object.defineProperty(node, key, { value, configurable: true, enumerable: false, writable: true });
}

/** Length of the DER header (tag byte and minimal length) of a value of `length` bytes. */
function headerLength(length: number): number {
  if (length < 0x80) return 2;
  let n = 0;
  for (let l = length; l > 0; l = Math.floor(l / 256)) n++;
  return 2 + n;
}

/** The node's encoding as it stands in the buffer it was parsed from, or undefined if it is not there. */
export function parsedBytes(node: ASN1Obj): Buffer | undefined {
  const value = node.value;
  const start = value.byteOffset - headerLength(value.length);
  if (!(value instanceof Uint8Array) || start < 0) return undefined;
  const bytes = Buffer.from(value.buffer as ArrayBuffer, start, value.byteOffset + value.length - start);
  // The header in the buffer must be the one toDER() writes (else this is not the parser's buffer).
  if (bytes[0] !== node.tag.toDER()) return undefined;
  const lengthBytes = bytes.subarray(1, bytes.length - value.length);
  if (lengthBytes.length === 1) return lengthBytes[0] === value.length ? bytes : undefined;
  if (lengthBytes[0] !== (0x80 | (lengthBytes.length - 1))) return undefined;
  let length = 0;
  for (let i = 1; i < lengthBytes.length; i++) length = length * 256 + lengthBytes[i]!;
  return length === value.length ? bytes : undefined;
}

/**
 * The node's encoding without re-encoding it: the one memoizeDer keeps (found once), else its parsed bytes, else
 * undefined. Callers on every verification use this rather than parsedBytes, which makes a new view each time.
 */
export function encodingOf(node: ASN1Obj): Buffer | undefined {
  return Object.hasOwn(node, ENCODING) ? node.toDER() : parsedBytes(node);
}

function memoToDER(this: Memo): Buffer {
  let der = this[ENCODING];
  if (der === undefined) {
    der = parsedBytes(this) ?? encodeOnce.call(this);
    this[ENCODING] = der;
  }
  return der;
}

// toOID() of an OID node, read once: @sigstore/verify looks extensions up by OID (findExtension) many times
// per verification, reading every extension's OID into a new string each time.
function memoToOID(this: Memo): string {
  let oid = this[OID];
  if (oid === undefined) {
    oid = readOid.call(this);
    this[OID] = oid;
  }
  return oid;
}

/** Makes toDER() of `root` and every node below it return its encoding without re-encoding, and toOID() read once. */
export function memoizeDer(root: ASN1Obj): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Object.hasOwn(node, 'toDER')) continue;
    define(node, 'toDER', memoToDER);
    define(node, ENCODING, undefined);
    if (node.tag.isOID()) {
      define(node, 'toOID', memoToOID);
      define(node, OID, undefined);
    }
    for (const sub of node.subs) stack.push(sub);
  }
}
