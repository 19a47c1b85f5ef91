// Fulcio certificate extensions (OID arc 1.3.6.1.4.1.57264.1), encoded as Fulcio does:
// 1.1–1.6 carry the raw string bytes (deprecated form), 1.8–1.22 a DER UTF8String.
import { x509 } from './x509.ts';
import { Utf8String } from 'asn1js';

export interface FulcioExtensionValues {
  /** OIDC issuer: written both as 1.1 (raw) and 1.8 (DER). */
  issuer?: string;
  githubWorkflowTrigger?: string;
  githubWorkflowSHA?: string;
  githubWorkflowName?: string;
  githubWorkflowRepository?: string;
  githubWorkflowRef?: string;
  buildSignerURI?: string;
  buildSignerDigest?: string;
  runnerEnvironment?: string;
  sourceRepositoryURI?: string;
  sourceRepositoryDigest?: string;
  sourceRepositoryRef?: string;
  sourceRepositoryIdentifier?: string;
  sourceRepositoryOwnerURI?: string;
  sourceRepositoryOwnerIdentifier?: string;
  buildConfigURI?: string;
  buildConfigDigest?: string;
  buildTrigger?: string;
  runInvocationURI?: string;
  sourceRepositoryVisibilityAtSigning?: string;
}

const ARC = '1.3.6.1.4.1.57264.1';

/** Extension name -> [OID suffix, encoding]. The issuer is handled separately (two OIDs). */
export const FULCIO_EXTENSION_OIDS: Record<Exclude<keyof FulcioExtensionValues, 'issuer'>, [number, 'raw' | 'der']> = {
  githubWorkflowTrigger: [2, 'raw'],
  githubWorkflowSHA: [3, 'raw'],
  githubWorkflowName: [4, 'raw'],
  githubWorkflowRepository: [5, 'raw'],
  githubWorkflowRef: [6, 'raw'],
  buildSignerURI: [9, 'der'],
  buildSignerDigest: [10, 'der'],
  runnerEnvironment: [11, 'der'],
  sourceRepositoryURI: [12, 'der'],
  sourceRepositoryDigest: [13, 'der'],
  sourceRepositoryRef: [14, 'der'],
  sourceRepositoryIdentifier: [15, 'der'],
  sourceRepositoryOwnerURI: [16, 'der'],
  sourceRepositoryOwnerIdentifier: [17, 'der'],
  buildConfigURI: [18, 'der'],
  buildConfigDigest: [19, 'der'],
  buildTrigger: [20, 'der'],
  runInvocationURI: [21, 'der'],
  sourceRepositoryVisibilityAtSigning: [22, 'der'],
};

function derUtf8(value: string): ArrayBuffer {
  return new Utf8String({ value }).toBER(false);
}

function raw(value: string): ArrayBuffer {
  return new TextEncoder().encode(value).buffer as ArrayBuffer;
}

/** Which issuer extensions to write: both (as Fulcio does today), only the deprecated 1.1, or only 1.8. */
export type IssuerEncoding = 'both' | 'v1-only' | 'v2-only';

/** Fulcio extensions in OID order, ready for a certificate. */
export function fulcioExtensions(
  values: FulcioExtensionValues,
  issuerEncoding: IssuerEncoding = 'both',
): x509.Extension[] {
  const out: Array<[number, x509.Extension]> = [];
  if (values.issuer !== undefined) {
    if (issuerEncoding !== 'v2-only') out.push([1, new x509.Extension(`${ARC}.1`, false, raw(values.issuer))]);
    if (issuerEncoding !== 'v1-only') out.push([8, new x509.Extension(`${ARC}.8`, false, derUtf8(values.issuer))]);
  }
  for (const [name, [suffix, encoding]] of Object.entries(FULCIO_EXTENSION_OIDS)) {
    const value = values[name as keyof FulcioExtensionValues];
    if (value === undefined) continue;
    out.push([suffix, new x509.Extension(`${ARC}.${suffix}`, false, encoding === 'raw' ? raw(value) : derUtf8(value))]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, ext]) => ext);
}

/** The GitHub Actions values Fulcio would put in a certificate for a workflow run. */
export function githubWorkflowExtensions(opts: {
  repository: string;
  workflowPath: string;
  ref: string;
  sha: string;
  trigger?: string;
  runId?: string;
}): FulcioExtensionValues {
  const trigger = opts.trigger ?? 'push';
  const repoURI = `https://github.com/${opts.repository}`;
  const owner = opts.repository.split('/')[0] ?? '';
  const workflowURI = `${repoURI}/${opts.workflowPath}@${opts.ref}`;
  return {
    issuer: 'https://token.actions.githubusercontent.com',
    githubWorkflowTrigger: trigger,
    githubWorkflowSHA: opts.sha,
    githubWorkflowName: 'release',
    githubWorkflowRepository: opts.repository,
    githubWorkflowRef: opts.ref,
    buildSignerURI: workflowURI,
    buildSignerDigest: opts.sha,
    runnerEnvironment: 'github-hosted',
    sourceRepositoryURI: repoURI,
    sourceRepositoryDigest: opts.sha,
    sourceRepositoryRef: opts.ref,
    sourceRepositoryIdentifier: '123456789',
    sourceRepositoryOwnerURI: `https://github.com/${owner}`,
    sourceRepositoryOwnerIdentifier: '987654',
    buildConfigURI: workflowURI,
    buildConfigDigest: opts.sha,
    buildTrigger: trigger,
    runInvocationURI: `${repoURI}/actions/runs/${opts.runId ?? '4242'}/attempts/1`,
    sourceRepositoryVisibilityAtSigning: 'public',
  };
}
