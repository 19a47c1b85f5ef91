// RFC 3161 genTime read as DER allows. @sigstore/core's time parser accepts exactly three
// fractional digits (or none), so a valid token whose milliseconds end in zero (`…05.12Z`,
// `…05.1Z`) fails there with "invalid time". Instead of forking or patching @sigstore/core,
// each parsed RFC3161Timestamp of a SignedEntity gets its own `signingTime` (the only place
// @sigstore/verify reads the time from) computed by parseDerGeneralizedTime. The override is
// per instance, inside the code the browser bundle includes, so Node and browsers read alike.
import type { SignedEntity } from '@sigstore/verify';
import { parseDerGeneralizedTime } from './der-generalized-time.ts';

/** The parts of @sigstore/core's ASN1Obj read here. */
interface Asn1Node {
  tag?: { isGeneralizedTime?: () => boolean };
  value?: Uint8Array;
  subs?: Asn1Node[];
}

/** genTime of a parsed token: TSTInfo's fifth element (version, policy, messageImprint, serialNumber, genTime). */
function genTime(timestamp: unknown): Date {
  const tstInfo = (timestamp as { tstInfo?: { root?: Asn1Node } }).tstInfo;
  const node = tstInfo?.root?.subs?.[4];
  // Fail closed if @sigstore/core's internals ever change shape.
  if (!(node?.value instanceof Uint8Array) || typeof node.tag?.isGeneralizedTime !== 'function') {
    throw new Error('RFC 3161 TSTInfo genTime cannot be read (unsupported @sigstore/core version)');
  }
  if (!node.tag.isGeneralizedTime()) throw new Error('RFC 3161 TSTInfo genTime is not a GeneralizedTime');
  let text = '';
  for (const b of node.value) text += String.fromCharCode(b);
  try {
    return parseDerGeneralizedTime(text);
  } catch (e) {
    throw new Error(`RFC 3161 genTime: ${(e as Error).message}`);
  }
}

// One getter for every token, reading `this`. A closure per token made V8 give each token its own hidden class
// (an accessor lives in the class, not the object); those classes are never young, so until a full GC each
// one kept its token's whole parse alive through every young-generation GC, and V8 grew its young generation
// with what survived (docs/architecture.md, "Memory").
function signingTime(this: unknown): Date {
  return genTime(this);
}

/** Makes every RFC 3161 timestamp of `entity` report its genTime as parsed from DER. */
export function readGenTimesAsDer(entity: SignedEntity): SignedEntity {
  for (const t of entity.timestamps) {
    // A token parsed once (fast/parsed-once.ts) already has it: redefining would only churn its hidden class.
    if (t.$case !== 'timestamp-authority' || Object.hasOwn(t.timestamp, 'signingTime')) continue;
    Object.defineProperty(t.timestamp, 'signingTime', { configurable: true, enumerable: false, get: signingTime });
  }
  return entity;
}
