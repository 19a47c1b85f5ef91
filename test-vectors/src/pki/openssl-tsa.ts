// An RFC 3161 TSA that is not this package's own (pkijs) one: OpenSSL's `openssl ts -reply`,
// with libfaketime freezing the clock so genTime is exactly the time asked for. OpenSSL writes
// genTime as DER wants (`clock_precision_digits = 3`, trailing zeros dropped), so a time with
// 120 ms gives `…05.12Z`, 100 ms `…05.1Z` and 0 ms `…05Z`: the forms other TSAs produce.
// Node-only test helper; needs `openssl` and `faketime` (scripts/install-system-deps.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RFC3161Timestamp } from '@sigstore/core';
import { b64 } from '../encoding.ts';
import type { CertificateAuthorityJSON } from '../trusted-root.ts';

/** Why OpenSSL TSA tokens cannot be made here, or false when they can. */
export function openSslTsaUnavailable(): string | false {
  for (const [cmd, args] of [
    ['openssl', ['version']],
    ['faketime', ['-f', '2026-01-01 00:00:00', 'true']],
  ] as const) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      return `${cmd} is not usable (${r.error?.message ?? `exit ${r.status}: ${r.stderr}`})`;
    }
  }
  return false;
}

const TS_CONFIG = `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = ./serial
crypto_device = builtin
signer_cert = ./tsa.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.57264.2.99
digests = sha256
accuracy = secs:1
clock_precision_digits = 3
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

const LEAF_EXTENSIONS = `
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

export class OpenSslTsa {
  readonly uri = 'https://tsa.openssl.test';
  /** DER certificates, leaf first (trusted_root.json order). */
  readonly chain: Buffer[];
  /** When the certificates start to be valid. */
  readonly notBefore: Date;
  private readonly dir: string;

  private constructor(dir: string, chain: Buffer[], notBefore: Date) {
    this.dir = dir;
    this.chain = chain;
    this.notBefore = notBefore;
  }

  /** A root and a TSA leaf (P-256, EKU timeStamping critical) valid for ten years from `notBefore`. */
  static create(notBefore = new Date('2026-01-01T00:00:00Z')): OpenSslTsa {
    const dir = mkdtempSync(join(tmpdir(), 'sigguard-openssl-tsa-'));
    const at = (args: string[]) =>
      execFileSync('faketime', ['-f', fakeTime(notBefore), 'openssl', ...args], { cwd: dir, stdio: 'pipe', env: UTC });
    writeFileSync(join(dir, 'leaf.ext'), LEAF_EXTENSIONS);
    writeFileSync(join(dir, 'ts.cnf'), TS_CONFIG);
    writeFileSync(join(dir, 'serial'), '01\n');
    for (const k of ['root', 'tsa']) at(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${k}.key`]);
    at([
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-subj',
      '/O=OpenSSL test/CN=openssl-tsa-root',
      '-days',
      '3650',
      '-sha256',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'root.pem',
    ]);
    at(['req', '-new', '-key', 'tsa.key', '-subj', '/O=OpenSSL test/CN=openssl-tsa', '-out', 'tsa.csr']);
    at([
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-days',
      '3650',
      '-sha256',
      '-extfile',
      'leaf.ext',
      '-out',
      'tsa.pem',
    ]);
    const der = (pem: string) => execFileSync('openssl', ['x509', '-in', pem, '-outform', 'DER'], { cwd: dir });
    return new OpenSslTsa(dir, [der('tsa.pem'), der('root.pem')], notBefore);
  }

  /**
   * A DER TimeStampResp over sha256(`data`), made with the clock frozen at `at`
   * (milliseconds count: they decide how many fractional digits genTime has).
   */
  timestamp(data: Uint8Array, at: Date): Buffer {
    writeFileSync(join(this.dir, 'data.bin'), data);
    const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: this.dir, stdio: 'pipe', env: UTC });
    run('openssl', ['ts', '-query', '-data', 'data.bin', '-sha256', '-cert', '-no_nonce', '-out', 'query.tsq']);
    run('faketime', [
      '-f',
      fakeTime(at),
      'openssl',
      'ts',
      '-reply',
      '-config',
      'ts.cnf',
      '-queryfile',
      'query.tsq',
      '-out',
      'reply.tsr',
    ]);
    return readFileSync(join(this.dir, 'reply.tsr'));
  }

  /** The genTime characters OpenSSL wrote into a reply (from the ASN.1 tree; no time parsing). */
  static genTimeText(reply: Uint8Array): string {
    return RFC3161Timestamp.parse(Buffer.from(reply)).tstInfo.root.subs[4]!.value.toString('latin1');
  }

  /** trusted_root.json entry for this TSA. */
  authority(): CertificateAuthorityJSON {
    return {
      subject: { organization: 'OpenSSL test', commonName: 'openssl-tsa' },
      uri: this.uri,
      certChain: { certificates: this.chain.map((c) => ({ rawBytes: b64(c) })) },
      validFor: { start: this.notBefore.toISOString() },
    };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// libfaketime reads an absolute time in the local zone: run it in UTC.
const UTC = { ...process.env, TZ: 'UTC' };

/**
 * libfaketime's absolute (frozen clock) time format, "YYYY-MM-DD hh:mm:ss.ffffff". Half a
 * millisecond is added: libfaketime keeps the time as a float, and "05.100" would come out as
 * 05.099999 and be written as 05.099.
 */
function fakeTime(at: Date): string {
  return `${at.toISOString().replace('T', ' ').replace('Z', '')}500`;
}
