// Fulcio certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
// 1.1–1.6 hold the raw UTF-8 bytes; 1.8–1.22 hold a DER-encoded UTF8String. Field names follow
// sigstore-go's certificate.Extensions / cosign, so policies written for those read the same here.

export const FULCIO_OID_PREFIX = '1.3.6.1.4.1.57264.1.';
/** The otherName SAN type Fulcio uses for usernames (e.g. `name!example.com`). */
export const SIGSTORE_OTHERNAME_OID = '1.3.6.1.4.1.57264.1.7';

export interface FulcioExtensions {
  /** OIDC issuer: 1.8 when present, else the deprecated 1.1. */
  issuer?: string;
  githubWorkflowTrigger?: string; // 1.2 (deprecated, still issued for GitHub Actions)
  githubWorkflowSHA?: string; // 1.3
  githubWorkflowName?: string; // 1.4
  githubWorkflowRepository?: string; // 1.5
  githubWorkflowRef?: string; // 1.6
  buildSignerURI?: string; // 1.9
  buildSignerDigest?: string; // 1.10
  runnerEnvironment?: string; // 1.11
  sourceRepositoryURI?: string; // 1.12
  sourceRepositoryDigest?: string; // 1.13
  sourceRepositoryRef?: string; // 1.14
  sourceRepositoryIdentifier?: string; // 1.15
  sourceRepositoryOwnerURI?: string; // 1.16
  sourceRepositoryOwnerIdentifier?: string; // 1.17
  buildConfigURI?: string; // 1.18
  buildConfigDigest?: string; // 1.19
  buildTrigger?: string; // 1.20
  runInvocationURI?: string; // 1.21
  sourceRepositoryVisibilityAtSigning?: string; // 1.22
}

export type FulcioExtensionName = keyof FulcioExtensions;

export interface FulcioExtensionInfo {
  oid: string;
  name: FulcioExtensionName;
  encoding: 'raw' | 'der';
}

function ext(arc: number, name: FulcioExtensionName, encoding: 'raw' | 'der'): FulcioExtensionInfo {
  return { oid: FULCIO_OID_PREFIX + arc, name, encoding };
}

/** Every Fulcio extension we read. 1.1 and 1.8 both map to `issuer` (1.8 wins). */
export const FULCIO_EXTENSIONS: readonly FulcioExtensionInfo[] = [
  ext(1, 'issuer', 'raw'),
  ext(2, 'githubWorkflowTrigger', 'raw'),
  ext(3, 'githubWorkflowSHA', 'raw'),
  ext(4, 'githubWorkflowName', 'raw'),
  ext(5, 'githubWorkflowRepository', 'raw'),
  ext(6, 'githubWorkflowRef', 'raw'),
  ext(8, 'issuer', 'der'),
  ext(9, 'buildSignerURI', 'der'),
  ext(10, 'buildSignerDigest', 'der'),
  ext(11, 'runnerEnvironment', 'der'),
  ext(12, 'sourceRepositoryURI', 'der'),
  ext(13, 'sourceRepositoryDigest', 'der'),
  ext(14, 'sourceRepositoryRef', 'der'),
  ext(15, 'sourceRepositoryIdentifier', 'der'),
  ext(16, 'sourceRepositoryOwnerURI', 'der'),
  ext(17, 'sourceRepositoryOwnerIdentifier', 'der'),
  ext(18, 'buildConfigURI', 'der'),
  ext(19, 'buildConfigDigest', 'der'),
  ext(20, 'buildTrigger', 'der'),
  ext(21, 'runInvocationURI', 'der'),
  ext(22, 'sourceRepositoryVisibilityAtSigning', 'der'),
];

/** The names a policy may require values for (`IdentitySpec.extensions`). */
export const FULCIO_EXTENSION_NAMES: ReadonlySet<string> = new Set(FULCIO_EXTENSIONS.map((e) => e.name));

export function fulcioExtensionByOid(oid: string): FulcioExtensionInfo | undefined {
  return FULCIO_EXTENSIONS.find((e) => e.oid === oid);
}
