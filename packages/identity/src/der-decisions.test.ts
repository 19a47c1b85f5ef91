// The DER helpers' decisions on values OpenSSL writes (`openssl asn1parse -genstr`): which ASN.1
// string types are strings, and trailing or unparseable bytes refused with a reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeDerString, decodeRawUtf8, singleDerElementProblem } from './der.ts';

/** The DER OpenSSL writes for an `-genstr` spec such as `IA5STRING:a@b`. */
function opensslDer(spec: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'der-'));
  try {
    execFileSync('openssl', ['asn1parse', '-genstr', spec, '-out', join(dir, 'v.der'), '-noout']);
    return new Uint8Array(readFileSync(join(dir, 'v.der')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STRINGS: [string, string][] = [
  ['UTF8', 'https://accounts.example'],
  ['PRINTABLESTRING', 'abc'],
  ['IA5STRING', 'a@b.example'],
  ['VISIBLESTRING', 'visible'],
  ['T61STRING', 'teletex'],
  ['BMPSTRING', 'bmp'],
  ['UNIVERSALSTRING', 'universal'],
  ['NUMERICSTRING', '123'],
];

test('every ASN.1 string type is read as its text', () => {
  for (const [type, text] of STRINGS) {
    const der = opensslDer(`${type}:${text}`);
    assert.equal(decodeDerString(der), text, type);
  }
});

test('a value that is not a string is refused naming what it is', () => {
  const r = decodeDerString(opensslDer('INTEGER:5'));
  assert.ok(r instanceof Error);
  assert.equal(r.message, 'expected a DER string, found Integer');
  const seq = decodeDerString(opensslDer('OID:1.2.3'));
  assert.ok(seq instanceof Error && /expected a DER string, found ObjectIdentifier/.test(seq.message));
});

test('trailing bytes and bytes that are not DER are refused', () => {
  const der = opensslDer('UTF8:issuer');
  const trailing = decodeDerString(new Uint8Array([...der, 0]));
  assert.ok(trailing instanceof Error);
  assert.equal(trailing.message, 'not DER: 1 trailing byte(s) after the DER value');
  const cut = decodeDerString(der.subarray(0, der.length - 1));
  const short = 'a length runs past the end of the data';
  assert.ok(cut instanceof Error);
  assert.equal(cut.message, `not DER: ${short}`);
  assert.equal(singleDerElementProblem(der), undefined);
  assert.equal(singleDerElementProblem(new Uint8Array([...der, 0, 0])), '2 trailing byte(s) after the DER value');
  assert.equal(singleDerElementProblem(der.subarray(0, der.length - 1)), short);
  assert.equal(singleDerElementProblem(new Uint8Array(0)), 'no bytes');
});

test('a pooled Buffer is read as its own bytes, not the pool behind it', () => {
  const der = opensslDer('UTF8:pooled');
  const pooled = Buffer.from(der); // small Buffers share one pool: .buffer is the whole pool
  assert.ok(pooled.buffer.byteLength > der.length);
  assert.equal(decodeDerString(pooled), 'pooled');
  assert.equal(singleDerElementProblem(pooled), undefined);
});

test('raw UTF-8 (Fulcio 1.1–1.6 extensions) is decoded strictly', () => {
  assert.equal(
    decodeRawUtf8(new TextEncoder().encode('https://token.actions.githubusercontent.com')),
    'https://token.actions.githubusercontent.com',
  );
  const bad = decodeRawUtf8(new Uint8Array([0x68, 0xff, 0x69]));
  assert.ok(bad instanceof Error);
  assert.equal(bad.message, 'not valid UTF-8');
});
