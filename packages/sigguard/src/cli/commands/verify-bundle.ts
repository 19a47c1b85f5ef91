import { UsageError, type Command } from '../io.ts';

// Filled by the bundle-verification work (issue: foundation).
export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  summary: 'verify a Sigstore bundle against an artifact (sigstore-conformance protocol)',
  usage:
    'usage: sigguard verify-bundle --bundle FILE (--certificate-identity ID --certificate-oidc-issuer URL | --key PEM) [--trusted-root FILE] FILE_OR_DIGEST',
  async run() {
    throw new UsageError('not implemented yet');
  },
};
