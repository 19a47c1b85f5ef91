// Hash functions by OpenSSL/Node digest name, all from @noble/hashes (no hand-rolled hashing).
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512 } from '@noble/hashes/sha3.js';
import { ShimCryptoError } from './errors.ts';

export interface HashFn {
  (data: Uint8Array): Uint8Array;
  outputLen: number;
  blockLen: number;
  create(): { update(buf: Uint8Array): unknown; digest(): Uint8Array };
}

// Canonical name -> hash. Node accepts these names case-insensitively, plus the aliases below.
const HASHES: Record<string, HashFn> = {
  md5: md5 as HashFn,
  sha1: sha1 as HashFn,
  sha224: sha224 as HashFn,
  sha256: sha256 as HashFn,
  sha384: sha384 as HashFn,
  sha512: sha512 as HashFn,
  'sha512-224': sha512_224 as HashFn,
  'sha512-256': sha512_256 as HashFn,
  'sha3-224': sha3_224 as HashFn,
  'sha3-256': sha3_256 as HashFn,
  'sha3-384': sha3_384 as HashFn,
  'sha3-512': sha3_512 as HashFn,
};

const ALIASES: Record<string, string> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  'sha-512/224': 'sha512-224',
  'sha-512/256': 'sha512-256',
  'sha512/224': 'sha512-224',
  'sha512/256': 'sha512-256',
  'rsa-md5': 'md5',
  'rsa-sha1': 'sha1',
  'rsa-sha224': 'sha224',
  'rsa-sha256': 'sha256',
  'rsa-sha384': 'sha384',
  'rsa-sha512': 'sha512',
  'rsa-sha512/224': 'sha512-224',
  'rsa-sha512/256': 'sha512-256',
  'rsa-sha3-224': 'sha3-224',
  'rsa-sha3-256': 'sha3-256',
  'rsa-sha3-384': 'sha3-384',
  'rsa-sha3-512': 'sha3-512',
};

/** Canonical digest name (e.g. 'SHA-256' -> 'sha256'), or throws ERR_CRYPTO_INVALID_DIGEST. */
export function canonicalDigestName(name: string): string {
  if (typeof name !== 'string') {
    throw new ShimCryptoError('ERR_INVALID_ARG_TYPE', `digest algorithm must be a string, got ${typeof name}`);
  }
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  if (!(canonical in HASHES)) {
    throw new ShimCryptoError('ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${name}`);
  }
  return canonical;
}

export function hashByName(name: string): HashFn {
  return HASHES[canonicalDigestName(name)] as HashFn;
}

export function listHashes(): string[] {
  return Object.keys(HASHES);
}
