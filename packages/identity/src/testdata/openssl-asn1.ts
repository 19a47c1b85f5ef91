// DER written by OpenSSL from an `asn1parse -genconf` description, for tests that need certificates
// (or parts of them) of a shape no CA issues: each field of an X.509 certificate can be replaced.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
/** false, or why the OpenSSL-made inputs cannot be written (for node:test's `skip`). */
export const opensslMissing: false | string =
  probe.status === 0 ? false : 'openssl is not installed (scripts/install-system-deps.sh installs it)';
if (opensslMissing) console.log(`# skipped: ${opensslMissing}`);

/** Sections of a genconf file: section name -> field -> value (`asn1` in section "" is the root). */
export type GenConf = Record<string, Record<string, string>>;

/** The DER OpenSSL writes for a genconf description. */
export function opensslGenconf(conf: GenConf): Uint8Array {
  return opensslGenconfAll([conf])[0]!;
}

/**
 * The DER OpenSSL writes for each description, from one `openssl` run (tests run once per mutant in
 * mutation testing): the descriptions become the elements of one SEQUENCE, their sections renamed apart.
 */
export function opensslGenconfAll(confs: readonly GenConf[]): Uint8Array[] {
  const lines = ['asn1=SEQUENCE:all', '[all]', ...confs.map((c, i) => `e${i}=${rename(c['']?.asn1, i)}`)];
  confs.forEach((conf, i) => {
    for (const [name, fields] of Object.entries(conf)) {
      if (name === '') continue;
      lines.push(`[c${i}_${name}]`, ...Object.entries(fields).map(([k, v]) => `${k}=${rename(v, i)}`));
    }
  });
  const dir = mkdtempSync(join(tmpdir(), 'sigguard-genconf-'));
  try {
    writeFileSync(join(dir, 'in.cnf'), `${lines.join('\n')}\n`);
    execFileSync('openssl', ['asn1parse', '-genconf', join(dir, 'in.cnf'), '-out', join(dir, 'out.der'), '-noout']);
    return elementsOf(new Uint8Array(readFileSync(join(dir, 'out.der'))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A value naming a section (`SEQUENCE:x`, `EXPLICIT:3,SET:x`, …) names description i's copy of it.
const rename = (value: string | undefined, i: number): string =>
  (value ?? '').replace(/\b(SEQUENCE|SET):(\w+)$/, `$1:c${i}_$2`);

// The elements of the outer SEQUENCE, each as its own bytes (definite DER lengths, as OpenSSL writes them).
function elementsOf(der: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = headerLength(der, 0).header;
  while (at < der.length) {
    const { header, length } = headerLength(der, at);
    out.push(der.slice(at, at + header + length));
    at += header + length;
  }
  return out;
}

function headerLength(der: Uint8Array, at: number): { header: number; length: number } {
  const first = der[at + 1]!;
  if (first < 0x80) return { header: 2, length: first };
  let length = 0;
  for (let k = 0; k < (first & 0x7f); k++) length = length * 256 + der[at + 2 + k]!;
  return { header: 2 + (first & 0x7f), length };
}

/**
 * A v3 certificate (unsigned: readers of its fields do not check the signature) with a P-256-shaped key and
 * one extension section `exts`; `changes` replaces fields (undefined removes one) or adds sections.
 */
export function certificateConf(changes: Record<string, Record<string, string | undefined>> = {}): GenConf {
  const conf: Record<string, Record<string, string | undefined>> = {
    '': { asn1: 'SEQUENCE:cert' },
    cert: { tbs: 'SEQUENCE:tbs', alg: 'SEQUENCE:alg', sig: 'FORMAT:HEX,BITSTRING:3006020101020101' },
    tbs: {
      ver: 'EXPLICIT:0,INTEGER:2',
      serial: 'INTEGER:0x0A1B',
      alg: 'SEQUENCE:alg',
      issuer: 'SEQUENCE:name',
      validity: 'SEQUENCE:validity',
      subject: 'SEQUENCE:name',
      spki: 'SEQUENCE:spki',
      ext: 'EXPLICIT:3,SEQUENCE:exts',
    },
    alg: { oid: 'OID:ecdsa-with-SHA256' },
    name: { rdn: 'SET:rdn' },
    rdn: { atv: 'SEQUENCE:atv' },
    atv: { type: 'OID:commonName', value: 'UTF8:sigguard-test' },
    validity: { nb: 'UTCTIME:260102030405Z', na: 'GENTIME:20260102031405Z' },
    spki: { alg: 'SEQUENCE:spkialg', key: `FORMAT:HEX,BITSTRING:04${'ab'.repeat(64)}` },
    spkialg: { a: 'OID:id-ecPublicKey', c: 'OID:prime256v1' },
    exts: { e1: 'SEQUENCE:bc' },
    bc: { oid: 'OID:basicConstraints', crit: 'BOOLEAN:TRUE', v: 'OCTWRAP,SEQUENCE:bcv' },
    bcv: {},
  };
  for (const [section, fields] of Object.entries(changes)) conf[section] = { ...conf[section], ...fields };
  return Object.fromEntries(
    Object.entries(conf).map(([s, f]) => [s, Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))]),
  ) as GenConf;
}
