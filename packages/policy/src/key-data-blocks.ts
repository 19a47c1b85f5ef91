// policy-controller reads one public key per authority: KeyRef.UnmarshalJSON ->
// cryptoutils.UnmarshalPEMToPublicKey is a single pem.Decode, so PEM blocks after the first
// in `key.data` are silently ignored there. sigguard verifies with the first block too, and
// says so, because a second key that looks trusted but is not is easy to miss.
import type { ClusterImagePolicy } from './types.ts';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/** Labels of the PEM blocks in `key.data` after the first (the ones that are not used). */
export function ignoredKeyBlocks(data: string): string[] {
  return [...data.matchAll(PEM_BEGIN)].slice(1).map((m) => m[1] ?? '');
}

/** One warning per key authority whose `key.data` holds more than one PEM block. */
export function ignoredKeyBlockWarnings(policies: readonly ClusterImagePolicy[]): string[] {
  const out: string[] = [];
  for (const policy of policies) {
    // A hand-built policy whose authorities are not a list is denied by evaluation, not here.
    for (const authority of Array.isArray(policy.authorities) ? policy.authorities : []) {
      const data = authority?.key?.data; // hand-built policies may hold anything; evaluation reports it
      if (typeof data !== 'string') continue;
      const ignored = ignoredKeyBlocks(data);
      if (ignored.length === 0) continue;
      const list = ignored.map((label, i) => `#${i + 2} (${label})`).join(', ');
      out.push(
        `policy ${policy.name} authority ${authority.name}: key.data holds ${ignored.length + 1} PEM blocks; ` +
          `only the first is used, as in policy-controller; ignored: block ${list}. ` +
          'To trust several keys, give each key its own authority',
      );
    }
  }
  return out;
}
