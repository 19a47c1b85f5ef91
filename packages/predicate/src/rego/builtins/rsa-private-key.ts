// crypto.x509.parse_rsa_private_key as OPA defines it (topdown/crypto.go): a PEM `RSA PRIVATE KEY`
// block (PKCS #1), or base64 of one, returned as the JWK lestrrat-go/jwx writes for it (members
// base64url of the big-endian integers without leading zeros). Like Go's ParsePKCS1PrivateKey,
// a key whose parts do not fit together (n = p*q, d*e = 1 mod p-1 and q-1) is an error.
import { RSAPrivateKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { str } from './args.ts';
import { base64ToBytes } from './documents.ts';
import { base64url } from './encoding.ts';

const bigOf = (b: ArrayBuffer) =>
  BigInt(`0x${Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('') || '0'}`);
/** The integer's minimal big-endian bytes (Go's big.Int.Bytes), base64url. */
function member(n: bigint): string {
  const hex = n.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return base64url(Uint8Array.from(even.match(/../g) ?? [], (h) => parseInt(h, 16)));
}

function parseRsaPrivateKey(input: string): RegoValue {
  const text = input.startsWith('-----BEGIN') ? input : new TextDecoder().decode(base64ToBytes(input));
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!pem) throw new SyntaxError('failed to parse PEM block containing the key');
  if (pem[1] !== 'RSA PRIVATE KEY') throw new SyntaxError(`PEM block type is '${pem[1]}', expected RSA PRIVATE KEY`);
  const k = AsnConvert.parse(base64ToBytes(pem[2]!), RSAPrivateKey);
  if (k.version !== 0) throw new RangeError('multi-prime RSA keys are not supported');
  const [n, e, d, p, q] = [k.modulus, k.publicExponent, k.privateExponent, k.prime1, k.prime2].map(bigOf) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  if (p <= 1n || q <= 1n || p * q !== n || (d * e) % (p - 1n) !== 1n || (d * e) % (q - 1n) !== 1n) {
    throw new RangeError('crypto/rsa: invalid private key');
  }
  return {
    kty: 'RSA',
    n: member(n),
    e: member(e),
    d: member(d),
    p: member(p),
    q: member(q),
    dp: member(d % (p - 1n)),
    dq: member(d % (q - 1n)),
    qi: member(bigOf(k.coefficient)),
  };
}

export const RSA_PRIVATE_KEY_BUILTINS: Record<string, HostBuiltin> = {
  'crypto.x509.parse_rsa_private_key': ([s]) => parseRsaPrivateKey(str(s, 'key')),
};
