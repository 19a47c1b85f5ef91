// RFC 3161 tokens from OpenSSL's TSA whose genTime has 0-3 fractional digits (DER drops trailing
// zeros), plus hand-edited non-DER genTimes, on one keyless bundle: the browser build must read
// genTime exactly as Node does (sigguard's DER reading is in @sigguard/verify, bundled from source).
// Needs openssl and faketime; the table is left out, with a printed reason, without them.
import { OpenSslTsa, openSslTsaUnavailable, sharedTestSigstore } from '@sigguard/test-vectors';
import type { Case, CaseTable } from './tables.ts';

export const RFC3161_TABLE = 'RFC 3161 genTime forms (OpenSSL TSA tokens)';

const alice = { subject: 'alice@example.com', issuer: 'https://accounts.example.com' };

export async function rfc3161GenTimeTable(): Promise<CaseTable | undefined> {
  const unavailable = openSslTsaUnavailable();
  if (unavailable) {
    console.log(`# browser table "${RFC3161_TABLE}" left out: ${unavailable}`);
    return undefined;
  }
  const s = await sharedTestSigstore();
  const tsa = OpenSslTsa.create();
  try {
    const artifact = Buffer.from('browser: timestamped by OpenSSL');
    const signed = await s.signKeyless({ ...alice, artifact, signedAt: new Date('2026-11-01T12:00:00Z'), tlog: false });
    const root = s.trustedRoot();
    const trustedRoot = JSON.stringify({
      ...root,
      timestampAuthorities: [...root.timestampAuthorities, tsa.authority()],
    });
    const caseFor = (id: string, token: Buffer, expectOk: boolean): Case => {
      const bundle = structuredClone(signed.bundle);
      bundle.verificationMaterial.timestampVerificationData = {
        rfc3161Timestamps: [{ signedTimestamp: token.toString('base64') }],
      };
      const artifactBase64 = artifact.toString('base64');
      const input = { bundle: JSON.stringify(bundle), trustedRoot, identity: alice, artifactBase64, tlogThreshold: 0 };
      return { id, input, expectOk };
    };
    const cases: Case[] = [];
    const tokens = new Map<string, Buffer>();
    for (const ms of ['000', '100', '120', '123']) {
      const token = tsa.timestamp(signed.signature, new Date(`2026-11-01T12:00:05.${ms}Z`));
      tokens.set(ms, token);
      cases.push(caseFor(`genTime ${OpenSslTsa.genTimeText(token)}`, token, true));
    }
    const nonDer = [
      ['120', '20261101120005,12Z'],
      ['120', '20261101120005.10Z'],
      ['123', '20261101120005+0100'],
    ] as const;
    for (const [ms, to] of nonDer) {
      const token = Buffer.from(tokens.get(ms)!);
      token.write(to, token.indexOf(OpenSslTsa.genTimeText(token), 0, 'latin1'), 'latin1');
      cases.push(caseFor(`non-DER genTime ${to}`, token, false));
    }
    return { name: RFC3161_TABLE, runner: 'verifyBundleCase', cases };
  } finally {
    tsa.dispose();
  }
}
