// PEM framing on text OpenSSL writes: blocks found in order, their DER exactly OpenSSL's, and each
// refusal (labels that differ, encryption headers, bad base64, a BEGIN without END) saying which.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PemFormatError, bytesToHex, parsePemBlocks, toPem } from './pem.ts';

const openssl = (args: string[], input?: string): string => execFileSync('openssl', args, { input, encoding: 'utf8' });
const key = openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
const publicPem = openssl(['ec', '-pubout'], key);
const publicDer = new Uint8Array(execFileSync('openssl', ['ec', '-pubin', '-outform', 'DER'], { input: publicPem }));
const cert = ((dir) => {
  try {
    writeFileSync(join(dir, 'key.pem'), key);
    return openssl(['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=pem test', '-days', '1']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})(mkdtempSync(join(tmpdir(), 'pem-')));

const refused = (message: string | RegExp) => (e: unknown) =>
  e instanceof PemFormatError && (typeof message === 'string' ? e.message === message : message.test(e.message));

test('blocks are read in order with their labels; the DER is what OpenSSL writes as DER', () => {
  const blocks = parsePemBlocks(`leading text\n${cert}between\n${publicPem}`);
  assert.deepEqual(
    blocks.map((b) => b.label),
    ['CERTIFICATE', 'PUBLIC KEY'],
  );
  assert.equal(bytesToHex(blocks[1]!.der), bytesToHex(publicDer));
  // CRLF line ends and indentation are armour too.
  assert.equal(bytesToHex(parsePemBlocks(publicPem.replace(/\n/g, '\r\n  '))[0]!.der), bytesToHex(publicDer));
  assert.deepEqual(parsePemBlocks('no PEM here'), []);
});

test('toPem writes what OpenSSL writes (64-column base64 lines)', () => {
  assert.equal(toPem('PUBLIC KEY', publicDer), publicPem);
  const certDer = parsePemBlocks(cert)[0]!.der;
  assert.equal(toPem('CERTIFICATE', certDer), cert);
});

test('an encrypted key (Proc-Type/DEK-Info headers) is refused, asking for an unencrypted key', () => {
  const encrypted = openssl(['ec', '-aes256', '-passout', 'pass:x'], key);
  assert.match(encrypted, /Proc-Type: 4,ENCRYPTED/);
  assert.throws(
    () => parsePemBlocks(encrypted),
    refused('PEM block "EC PRIVATE KEY" has encryption headers; give an unencrypted public key'),
  );
});

test('refusals: labels that differ, bad base64, no body, a BEGIN without an END', () => {
  assert.throws(
    () => parsePemBlocks(publicPem.replace('END PUBLIC KEY', 'END CERTIFICATE')),
    refused('PEM block "BEGIN PUBLIC KEY" ends with "END CERTIFICATE"'),
  );
  const body = publicPem.split('\n').slice(1, -2).join('');
  const bad = (b64: string) => `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
  const notBase64 = refused('PEM block "PUBLIC KEY" is not valid base64');
  assert.throws(() => parsePemBlocks(bad(body.slice(0, -1))), notBase64, 'length not a multiple of 4');
  assert.throws(
    () => parsePemBlocks(bad(`${body.slice(0, 8)}*${body.slice(9)}`)),
    notBase64,
    'a character outside base64',
  );
  assert.throws(() => parsePemBlocks(bad(`${body.slice(0, -4)}A===`)), notBase64, 'three padding characters');
  assert.throws(() => parsePemBlocks(bad('=AAA')), notBase64, 'padding first');
  assert.throws(() => parsePemBlocks(bad('')), notBase64, 'empty body');
  assert.throws(
    () => parsePemBlocks(publicPem.replace(/-----END[\s\S]*/, '')),
    refused('PEM "BEGIN" line without a matching "END" line'),
  );
});

test('bytesToHex pads every byte to two digits', () => {
  assert.equal(bytesToHex(new Uint8Array([0, 1, 0x0f, 0x10, 0xff])), '00010f10ff');
});
