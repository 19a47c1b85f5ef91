import { depthProblem } from '@sigguard/input-limits';
import { OciError } from './errors.ts';
import { MAX_MANIFEST_DEPTH } from './limits.ts';
import { isDigest } from './digest.ts';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from './media-types.ts';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: { architecture: string; os: string; variant?: string; 'os.version'?: string };
}

export interface ImageManifest {
  kind: 'manifest';
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  kind: 'index';
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | ImageIndex;

/** A manifest as fetched: the parsed form plus the exact bytes and their digest. */
export interface FetchedManifest {
  digest: string;
  bytes: Uint8Array;
  mediaType: string;
  manifest: Manifest;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new OciError('MANIFEST_INVALID', `${where}: annotations must map strings to strings`);
  }
  return v as Record<string, string>;
}

export function parseDescriptor(v: unknown, where: string): Descriptor {
  if (!isObj(v)) throw new OciError('MANIFEST_INVALID', `${where}: descriptor is not an object`);
  const { mediaType, digest, size } = v;
  if (typeof mediaType !== 'string' || mediaType === '') {
    throw new OciError('MANIFEST_INVALID', `${where}: descriptor has no mediaType`);
  }
  if (typeof digest !== 'string' || !isDigest(digest)) {
    throw new OciError('MANIFEST_INVALID', `${where}: descriptor digest '${String(digest)}' is not sha256:<hex>`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new OciError('MANIFEST_INVALID', `${where}: descriptor size is not a non-negative integer`);
  }
  const d: Descriptor = { mediaType, digest, size };
  const ann = stringMap(v.annotations, where);
  if (ann) d.annotations = ann;
  if (typeof v.artifactType === 'string') d.artifactType = v.artifactType;
  if (isObj(v.platform)) d.platform = v.platform as Descriptor['platform'] & object;
  return d;
}

/**
 * Parses manifest bytes. `contentType` (from the registry or the referencing descriptor)
 * is used when the document itself has no mediaType.
 */
export function parseManifest(bytes: Uint8Array, contentType?: string): Manifest {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new OciError('MANIFEST_INVALID', `manifest is not UTF-8 JSON: ${(e as Error).message}`);
  }
  const deep = depthProblem(doc, 'manifest', MAX_MANIFEST_DEPTH);
  if (deep) throw new OciError('MANIFEST_INVALID', deep);
  if (!isObj(doc)) throw new OciError('MANIFEST_INVALID', 'manifest is not a JSON object');
  if (doc.schemaVersion !== 2) {
    throw new OciError('MANIFEST_INVALID', `unsupported manifest schemaVersion ${String(doc.schemaVersion)}`);
  }
  const mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : (contentType ?? '').split(';')[0]!.trim();
  const annotations = stringMap(doc.annotations, 'manifest');
  const subject = doc.subject === undefined ? undefined : parseDescriptor(doc.subject, 'manifest subject');
  const artifactType = typeof doc.artifactType === 'string' ? doc.artifactType : undefined;
  const common = {
    schemaVersion: 2 as const,
    mediaType,
    ...(artifactType ? { artifactType } : {}),
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
  };
  const isIndex =
    mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST || (mediaType === '' && Array.isArray(doc.manifests));
  if (isIndex) {
    if (!Array.isArray(doc.manifests)) throw new OciError('MANIFEST_INVALID', 'index has no manifests array');
    return {
      kind: 'index',
      ...common,
      manifests: doc.manifests.map((m, i) => parseDescriptor(m, `index manifests[${i}]`)),
    };
  }
  if (mediaType !== OCI_MANIFEST && mediaType !== DOCKER_MANIFEST && mediaType !== '') {
    throw new OciError('MANIFEST_INVALID', `unsupported manifest media type '${mediaType}'`);
  }
  if (!Array.isArray(doc.layers)) throw new OciError('MANIFEST_INVALID', 'image manifest has no layers array');
  return {
    kind: 'manifest',
    ...common,
    config: parseDescriptor(doc.config, 'manifest config'),
    layers: doc.layers.map((l, i) => parseDescriptor(l, `manifest layers[${i}]`)),
  };
}

/** The OCI descriptor `size` must be the blob's length (image-spec descriptor.md). */
export function assertSize(bytes: Uint8Array, d: Descriptor, where: string): void {
  if (bytes.byteLength !== d.size) {
    const why = `${d.digest} is ${bytes.byteLength} bytes, its descriptor says ${d.size}`;
    throw new OciError('SIZE_MISMATCH', `${where}: ${why}`);
  }
}
