// `sigguard audit --policy FILE... (--repository REF... | --local-image DIR... | --bundle FILE... | --rekor URL)`:
// every signer whose signatures verify, and whether a policy admits it.
// Exit 0 no finding, 1 findings, 2 usage/input error or an incomplete audit.
import { parseTrustedRoot, publicGoodTrustRoot, type TrustRoot } from '@sigguard/trust-root';
import {
  auditSigners,
  renderAuditReport,
  type AuditOptions,
  type AuditProgress,
  type AuditSources,
  readBundleDocument,
  VerifyImageError,
} from 'sigguard';
import { EXIT_DENIED, EXIT_OK, EXIT_USAGE, parseCommandLine, UsageError, type Command } from '../io.ts';
import { credentials, loadPolicyFiles, openLayout, read } from './verify-image.ts';

const USAGE = `usage: sigguard audit --policy FILE...
         (--repository REPO... | --local-image DIR... | --bundle FILE... | --rekor URL)
         [--image REF...] [--email ADDR...] [--subject SAN...] [--since TIME] [--trusted-root FILE]
         [--registry-auth DOCKER_CONFIG_JSON] [--registry-auth HOST=USER:PASSWORD]...
         [--insecure-registry HOST]... [--json]

  --policy FILE        ClusterImagePolicy and TrustRoot YAML documents (repeatable)
  --repository REPO    registry/repo: every tag is resolved and its signatures and attestations verified (repeatable)
  --local-image DIR    OCI image layout; its images are the --image refs, else its full ref names (repeatable)
  --bundle FILE        Sigstore bundle; matched to the --image digests it signs (repeatable)
  --rekor URL          Rekor v1 log: entries for each --image digest (and each --email) are read, verified
                       (inclusion proof and SET against the trust root's log key), then counted
  --image REF          with --repository alone: more images; with --local-image: the images to audit;
                       with --bundle or --rekor: registry/repo@sha256:… the evidence is for (required)
  --email ADDR         with --rekor: also read the entries the log indexes under this e-mail identity
  --subject SAN        with --rekor: also read the entries indexed under this SAN (a workflow URI; newer Rekor)
  --since TIME         only count signatures made since TIME (2026-01-31, 2026-01-31T12:00:00Z, or 30d, 12h)
  --trusted-root F     trusted_root.json for authorities without trustRootRef (default: Sigstore public-good)
  --registry-auth, --insecure-registry   as for verify-image (registry only)
  --json               the report as JSON (schema in docs/audit.md)
Every signature is verified against the trust roots with any identity (who signed), and against each policy
authority (who is admitted). A signer with a signature on an image that no policy covering the image admits is a
finding; a policy identity that admitted nothing is stale. Keys are known only from the policies' key authorities.
On a terminal, progress goes to stderr.
Exit codes: 0 no findings, 1 findings, 2 usage or input error, or the audit is incomplete (an image or the log
could not be read; the report says what is missing).`;

/** `2026-01-31`, an RFC 3339 time, or a span back from now: `30d`, `12h`, `2w`. */
export function parseSince(value: string, now = new Date()): Date {
  const span = /^(\d+)([hdw])$/.exec(value);
  if (span) {
    const hours = Number(span[1]) * { h: 1, d: 24, w: 168 }[span[2] as 'h' | 'd' | 'w'];
    return new Date(now.getTime() - hours * 3_600_000);
  }
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(
    `--since ${JSON.stringify(value)}: expected a date (2026-01-31), an RFC 3339 time or a span (30d, 12h, 2w)`,
  );
}

function trustRoot(file: string | undefined): TrustRoot {
  if (!file) return publicGoodTrustRoot();
  try {
    return parseTrustedRoot(read(file, '--trusted-root file'), { name: 'custom' });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--trusted-root ${file}: ${(e as Error).message}`);
  }
}

type ProgressStream = Pick<NodeJS.WriteStream, 'isTTY' | 'columns' | 'write'>;

/** A one-line progress indicator on stderr, rewritten in place at most every 100 ms, on a terminal only. */
export function progressLine(
  stderr: ProgressStream = process.stderr,
): { update(p: AuditProgress): void; clear(): void } | undefined {
  if (!stderr.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const text = `audit: ${p.phase} ${p.done}/${p.total}${p.current ? ` ${p.current}` : ''}`;
      stderr.write(`\r\x1b[K${text.slice(0, (stderr.columns || 80) - 1)}`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\x1b[K');
    },
  };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'list who signed your images and flag signers no policy expects',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      policy: { type: 'string', multiple: true },
      repository: { type: 'string', multiple: true },
      'local-image': { type: 'string', multiple: true },
      bundle: { type: 'string', multiple: true },
      rekor: { type: 'string' },
      image: { type: 'string', multiple: true },
      email: { type: 'string', multiple: true },
      subject: { type: 'string', multiple: true },
      since: { type: 'string' },
      'trusted-root': { type: 'string' },
      'registry-auth': { type: 'string', multiple: true },
      'insecure-registry': { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (!values.policy?.length) throw new UsageError('at least one --policy FILE is required');
    const modes = [
      values.repository?.length && '--repository',
      values['local-image']?.length && '--local-image',
      values.bundle?.length && '--bundle',
      values.rekor && '--rekor',
    ].filter(Boolean);
    if (modes.length === 0)
      throw new UsageError('give the evidence to audit: --repository, --local-image, --bundle or --rekor');
    if (modes.length > 1) throw new UsageError(`give one kind of evidence at a time, not ${modes.join(' and ')}`);
    const offline = Boolean(values.bundle?.length || values.rekor);
    if (offline && !values.image?.length)
      throw new UsageError(`${modes[0]} needs --image registry/repo@sha256:… for each image the evidence is for`);
    const undigested = offline ? values.image?.find((r) => !/@sha256:[0-9a-f]{64}$/.test(r)) : undefined;
    if (undigested)
      throw new UsageError(
        `--image ${undigested} has no digest: ${modes[0]} evidence is matched to images by digest (REF@sha256:…)`,
      );
    if ((values.email?.length || values.subject?.length) && !values.rekor)
      throw new UsageError('--email and --subject apply only with --rekor');
    const online = Boolean(values.repository?.length);
    if (!online && (values['registry-auth']?.length || values['insecure-registry']?.length)) {
      throw new UsageError('--registry-auth and --insecure-registry apply only with --repository');
    }

    const { policies, named, warnings } = await loadPolicyFiles(values.policy);
    const sources: AuditSources = {
      ...(values.image?.length ? { images: values.image } : {}),
      ...(values.repository?.length ? { repositories: values.repository } : {}),
      ...(values['local-image']?.length ? { layouts: await Promise.all(values['local-image'].map(openLayout)) } : {}),
      ...(values.rekor
        ? { rekor: { url: values.rekor, emails: values.email ?? [], subjects: values.subject ?? [] } }
        : {}),
    };
    if (values.bundle?.length) {
      sources.bundles = values.bundle.map((f) => {
        try {
          return { name: f, bundle: readBundleDocument(read(f, '--bundle file'), `--bundle ${f}`) };
        } catch (e) {
          throw e instanceof VerifyImageError ? new UsageError(e.message) : e;
        }
      });
    }
    const progress = progressLine();
    const options: AuditOptions = {
      policies,
      trustRoots: named,
      defaultTrustRoot: trustRoot(values['trusted-root']),
      sources,
      ...(values.since ? { since: parseSince(values.since) } : {}),
      ...(online
        ? {
            registry: {
              credentials: credentials(values['registry-auth'] ?? []),
              insecureRegistries: values['insecure-registry'] ?? [],
            },
          }
        : {}),
      ...(progress ? { onProgress: (p: AuditProgress) => progress.update(p) } : {}),
    };
    let report;
    try {
      report = await auditSigners(options);
    } catch (e) {
      if (e instanceof VerifyImageError || (e as { code?: string }).code === 'REFERENCE_INVALID')
        throw new UsageError((e as Error).message);
      throw e;
    } finally {
      progress?.clear();
    }
    report.notes.unshift(...warnings.filter((w) => !report!.notes.includes(w)));
    io.out(values.json ? JSON.stringify(report, null, 2) : renderAuditReport(report));
    if (report.errors.length) {
      io.err(`sigguard audit: incomplete: ${report.errors.length} error(s) (listed in the report)`);
      return EXIT_USAGE;
    }
    return report.findings.length ? EXIT_DENIED : EXIT_OK;
  },
};
