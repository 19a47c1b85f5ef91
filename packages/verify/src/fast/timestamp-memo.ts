// RFC 3161 tokens: @sigstore/core re-encodes two subtrees of a parsed token on every verification, node by node
// (a zero-filled 1 KiB buffer each): the signed attributes (verifySignature, which then edits the first byte of
// what it gets) and TSTInfo (`raw`, hashed by verifyMessageDigest). Both encodings are the nodes' own bytes in the
// buffer the token was parsed from (der-memo.ts says why), so they are handed out as one fresh copy of those
// bytes: a copy, as the caller edits it, and as the bundle's bytes must never change.
import type { ASN1Obj, RFC3161Timestamp } from '@sigstore/core';
import { parsedBytes } from './der-memo.ts';

function copyOfParsedBytes(this: ASN1Obj): Buffer {
  const bytes = parsedBytes(this);
  return bytes ? Buffer.from(bytes) : Object.getPrototypeOf(this).toDER.call(this);
}

function copyOnEncode(node: ASN1Obj | undefined): void {
  if (node && !Object.hasOwn(node, 'toDER')) {
    Object.defineProperty(node, 'toDER', {
      value: copyOfParsedBytes,
      configurable: true,
      enumerable: false,
      writable: true,
    });
  }
}

/** The parts of a parsed token @sigstore/core re-encodes (getters of its tree; they throw on a damaged token). */
interface TokenParts {
  readonly signedAttrsObj?: ASN1Obj;
  readonly eContentObj?: ASN1Obj;
}

/**
 * Makes toDER() of the token's signed attributes and TSTInfo a copy of their parsed bytes. A token whose parts
 * cannot be located is left alone: upstream then fails on it where it would have anyway.
 */
export function memoizeTimestamp(timestamp: RFC3161Timestamp): void {
  const token = timestamp as unknown as TokenParts;
  try {
    copyOnEncode(token.signedAttrsObj);
  } catch {
    // damaged token: upstream reports it
  }
  try {
    copyOnEncode(token.eContentObj?.subs[0]?.subs[0]); // TSTInfo, as @sigstore/core's tstInfo getter finds it
  } catch {
    // damaged token: upstream reports it
  }
}
