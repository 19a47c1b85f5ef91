// A small TUF repository writer for test fixtures: ed25519 keys, root/timestamp/
// snapshot/targets metadata signed through @tufjs/models (its canonical JSON and
// signature objects), consistent snapshots, hash-prefixed targets, and the
// gzipped-tar `mirrorFS` form policy-controller's TrustRoot takes.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { Metadata, MetadataKind, Signature } from '@tufjs/models';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'fflate';
import { createTar } from 'nanotar';
import { stringify } from 'yaml';

export class TufKey {
  readonly id: string;
  readonly publicHex: string;
  readonly #private: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const x = publicKey.export({ format: 'jwk' }).x!;
    this.publicHex = Buffer.from(x, 'base64url').toString('hex');
    this.#private = privateKey;
    this.id = createHash('sha256').update(canonicalize(this.toJSON())).digest('hex');
  }

  toJSON(): { keytype: string; scheme: string; keyval: { public: string } } {
    return { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: this.publicHex } };
  }

  sign(data: Uint8Array): string {
    return sign(null, data, this.#private).toString('hex');
  }
}

type RoleName = 'root' | 'timestamp' | 'snapshot' | 'targets';

export const FAR_FUTURE = '2036-01-01T00:00:00Z';

export interface RootVersion {
  /** Keys and threshold per role in this root. */
  roles: Record<RoleName, { keys: TufKey[]; threshold: number }>;
  /** Who signs this root.json (for a rotation: old and new root keys). */
  signers: TufKey[];
  expires: string;
}

export interface TargetInput {
  name: string;
  bytes: Uint8Array;
  custom?: Record<string, unknown>;
  /** The hashes targets.json lists (default: the real sha256), for tests of bad metadata. */
  hashes?: Record<string, string>;
}

export interface RepositoryInput {
  roots: RootVersion[];
  targets: TargetInput[];
  expires: { timestamp: string; snapshot: string; targets: string };
  /** Versions of timestamp, snapshot and targets (default 1 each), for rollback tests. */
  versions?: { timestamp?: number; snapshot?: number; targets?: number };
  /** A `delegations` object for targets.json (signed as given). */
  delegations?: Record<string, unknown>;
}

/** A root with one fresh key per role, threshold 1, signed by its root key. */
export function singleKeyRoot(expires = FAR_FUTURE): RootVersion {
  const k = { root: new TufKey(), timestamp: new TufKey(), snapshot: new TufKey(), targets: new TufKey() };
  return {
    roles: {
      root: { keys: [k.root], threshold: 1 },
      timestamp: { keys: [k.timestamp], threshold: 1 },
      snapshot: { keys: [k.snapshot], threshold: 1 },
      targets: { keys: [k.targets], threshold: 1 },
    },
    signers: [k.root],
    expires,
  };
}

/** Repository files keyed by path relative to repository/. */
export type RepositoryFiles = Map<string, Uint8Array>;

function signedJson(kind: MetadataKind, signed: Record<string, unknown>, signers: TufKey[]): Uint8Array {
  const md = Metadata.fromJSON(kind as MetadataKind.Root, { signed, signatures: [] } as never);
  for (const key of signers) md.sign((data) => new Signature({ keyID: key.id, sig: key.sign(data) }), true);
  return Buffer.from(JSON.stringify(md.toJSON(), null, 1));
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function rootSigned(version: number, root: RootVersion): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  for (const [name, role] of Object.entries(root.roles)) {
    for (const k of role.keys) keys[k.id] = k.toJSON();
    roles[name] = { keyids: role.keys.map((k) => k.id), threshold: role.threshold };
  }
  return { _type: 'root', spec_version: '1.0', version, expires: root.expires, consistent_snapshot: true, keys, roles };
}

/** Builds every file of a consistent-snapshot repository. */
export function buildRepository(input: RepositoryInput): RepositoryFiles {
  const files: RepositoryFiles = new Map();
  input.roots.forEach((root, i) => {
    const bytes = signedJson(MetadataKind.Root, rootSigned(i + 1, root), root.signers);
    files.set(`${i + 1}.root.json`, bytes);
    files.set('root.json', bytes);
  });
  const roles = input.roots.at(-1)!.roles;
  const targets: Record<string, unknown> = {};
  for (const t of input.targets) {
    const hash = sha256(t.bytes);
    targets[t.name] = {
      length: t.bytes.length,
      hashes: t.hashes ?? { sha256: hash },
      ...(t.custom ? { custom: t.custom } : {}),
    };
    files.set(`targets/${hash}.${t.name}`, t.bytes);
  }
  const v = { timestamp: 1, snapshot: 1, targets: 1, ...input.versions };
  const targetsJson = signedJson(
    MetadataKind.Targets,
    {
      _type: 'targets',
      spec_version: '1.0',
      version: v.targets,
      expires: input.expires.targets,
      targets,
      ...(input.delegations ? { delegations: input.delegations } : {}),
    },
    roles.targets.keys,
  );
  files.set(`${v.targets}.targets.json`, targetsJson);
  files.set('targets.json', targetsJson);
  const snapshotJson = signedJson(
    MetadataKind.Snapshot,
    {
      _type: 'snapshot',
      spec_version: '1.0',
      version: v.snapshot,
      expires: input.expires.snapshot,
      meta: { 'targets.json': { version: v.targets } },
    },
    roles.snapshot.keys,
  );
  files.set(`${v.snapshot}.snapshot.json`, snapshotJson);
  files.set('snapshot.json', snapshotJson);
  files.set(
    'timestamp.json',
    signedJson(
      MetadataKind.Timestamp,
      {
        _type: 'timestamp',
        spec_version: '1.0',
        version: v.timestamp,
        expires: input.expires.timestamp,
        meta: {
          'snapshot.json': {
            version: v.snapshot,
            length: snapshotJson.length,
            hashes: { sha256: sha256(snapshotJson) },
          },
        },
      },
      roles.timestamp.keys,
    ),
  );
  return files;
}

/**
 * The mirrorFS form: gzip(tar of repository/), as policy-controller's CompressFS writes
 * it (PAX headers for the long hash-prefixed target names, like Go's archive/tar).
 * `dir` must hold `repository/`. GNU tar makes the tar (nanotar cannot write names over
 * 100 bytes); fflate gzips it with a zero mtime so the output is reproducible.
 */
export function mirrorFsArchive(dir: string): Uint8Array {
  const tar = execFileSync(
    'tar',
    [
      '--format=pax',
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@1767225600',
      '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
      '--exclude=keys',
      '--exclude=staged',
      '-C',
      dir,
      '-cf',
      '-',
      'repository',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return gzipSync(tar, { mtime: 0 });
}

/**
 * mirrorFS built in memory, for tests: a gzipped tar rooted at the repository itself
 * (policy-controller accepts that layout). nanotar writes names of at most 100 bytes.
 */
export function mirrorFsInMemory(files: RepositoryFiles): Uint8Array {
  const entries = [...files.keys()].sort().map((name) => {
    if (name.length > 100) throw new Error(`tar name over 100 bytes: ${name}`);
    return { name, data: files.get(name)!, attrs: { mtime: Date.UTC(2026, 0, 1) } };
  });
  return gzipSync(createTar(entries, { attrs: { uid: 0, gid: 0 } }), { mtime: 0 });
}

/** A TrustRoot resource (policy.sigstore.dev/v1alpha1) with spec.repository, as YAML. */
export function repositoryTrustRootYaml(
  name: string,
  root: Uint8Array,
  mirrorFs: Uint8Array,
  extra: { annotations?: Record<string, string>; trustedRootTarget?: string } = {},
): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return stringify(
    {
      apiVersion: 'policy.sigstore.dev/v1alpha1',
      kind: 'TrustRoot',
      metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
      spec: {
        repository: {
          root: b64(root),
          mirrorFS: b64(mirrorFs),
          targets: 'targets',
          ...(extra.trustedRootTarget ? { trustedRootTarget: extra.trustedRootTarget } : {}),
        },
      },
    },
    { lineWidth: 0 },
  );
}
