// Reads a trust-root file from disk: a trusted_root.json (protobuf JSON) or TrustRoot
// YAML/JSON resources (policy.sigstore.dev/v1alpha1, several per file allowed).
import { readFileSync } from 'node:fs';
// The core is imported by package name so the built node entry shares its classes.
import {
  loadTrustRootResource,
  loadTrustRootResources,
  parseTrustedRoot,
  parseTrustRootYaml,
  TrustRootLoadError,
  TrustRootSet,
  type LoadTrustRootOptions,
  type TrustRoot,
  type TrustRootResource,
} from '@sigguard/trust-root';
import { fileTufCaches } from './file-cache.ts';

export interface LoadTrustRootFileOptions extends LoadTrustRootOptions {
  /** TrustRoot to pick when the file holds several (metadata.name); the name given to a trusted_root.json. */
  name?: string;
  /** Directory for the TUF cache of spec.remote resources (default: in memory only). */
  cacheDir?: string;
}

type FileContent = { kind: 'trusted-root'; root: TrustRoot } | { kind: 'resources'; resources: TrustRootResource[] };

/** True when the text is a protobuf-JSON TrustedRoot rather than a TrustRoot resource. */
function isTrustedRootJson(text: string): boolean {
  if (!/^\s*\{/.test(text)) return false;
  try {
    const doc = JSON.parse(text) as unknown;
    return typeof doc === 'object' && doc !== null && !('apiVersion' in doc) && !('kind' in doc);
  } catch {
    return false;
  }
}

function readTrustFile(path: string, options: LoadTrustRootFileOptions): FileContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TrustRootLoadError('RESOURCE_INVALID', `${path}: cannot read trust root file: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (isTrustedRootJson(text))
    return { kind: 'trusted-root', root: parseTrustedRoot(text, { name: options.name ?? 'custom' }) };
  // A file that starts like JSON is JSON (a truncated trusted_root.json): say that, not a YAML parser error.
  if (/^\s*\{/.test(text)) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new TrustRootLoadError('RESOURCE_INVALID', `${path}: not valid JSON: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  const resources = parseTrustRootYaml(text, { where: path });
  if (resources.length === 0) {
    throw new TrustRootLoadError(
      'RESOURCE_INVALID',
      `${path}: holds no TrustRoot resource and is not a trusted_root.json`,
    );
  }
  return { kind: 'resources', resources };
}

function withFileCache(options: LoadTrustRootFileOptions): LoadTrustRootOptions {
  const out: LoadTrustRootOptions = { ...options };
  if (options.cacheDir && !options.cacheFor) out.cacheFor = fileTufCaches(options.cacheDir);
  return out;
}

/** Every trust root in the file, by name. */
export async function loadTrustRootsFile(path: string, options: LoadTrustRootFileOptions = {}): Promise<TrustRootSet> {
  const content = readTrustFile(path, options);
  if (content.kind === 'trusted-root') return new TrustRootSet([content.root]);
  return loadTrustRootResources(content.resources, withFileCache(options));
}

/**
 * One trust root from a file: a trusted_root.json, or a TrustRoot YAML holding one
 * resource (or several, with `name` choosing which one is loaded).
 */
export async function loadTrustRootFile(path: string, options: LoadTrustRootFileOptions = {}): Promise<TrustRoot> {
  const content = readTrustFile(path, options);
  if (content.kind === 'trusted-root') return content.root;
  const { resources } = content;
  const names = resources.map((r) => r.name);
  let chosen: TrustRootResource | undefined;
  if (options.name !== undefined) {
    chosen = resources.find((r) => r.name === options.name);
    if (!chosen) {
      throw new TrustRootLoadError(
        'UNKNOWN_TRUST_ROOT',
        `${path}: no TrustRoot named ${JSON.stringify(options.name)} (it has: ${names.join(', ')})`,
      );
    }
  } else if (resources.length === 1) {
    chosen = resources[0];
  } else {
    throw new TrustRootLoadError(
      'UNKNOWN_TRUST_ROOT',
      `${path}: holds ${names.length} TrustRoots (${names.join(', ')}); choose one by name`,
    );
  }
  return loadTrustRootResource(chosen!, withFileCache(options));
}
