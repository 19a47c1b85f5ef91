// A refreshed TUF repository → TrustRoot: the trusted_root.json target when the
// repository has one, otherwise the legacy targets tagged with sigstore.usage.
import { depthProblem } from '@sigguard/input-limits';
import { fromUtf8 } from '../bytes.ts';
import { TrustRootLoadError } from '../errors.ts';
import { legacyTrustedRootJson, legacyUsage, withRecomputedLogIds, type LegacyTarget } from '../material.ts';
import { parseTrustedRoot, TrustRootError, type TrustRoot } from '../trusted-root.ts';
import type { TufRepository } from './client.ts';

export const DEFAULT_TRUSTED_ROOT_TARGET = 'trusted_root.json';

export async function trustRootFromTuf(
  repo: TufRepository,
  options: { name: string; trustedRootTarget?: string; where: string },
): Promise<TrustRoot> {
  const target = options.trustedRootTarget || DEFAULT_TRUSTED_ROOT_TARGET;
  // Only an *absent* trusted_root target falls back to legacy targets; a listed one
  // that fails to download or verify is an error (fail closed).
  if (Object.hasOwn(repo.targets, target)) {
    const bytes = await repo.getTarget(target);
    let doc: unknown;
    try {
      doc = JSON.parse(fromUtf8(bytes, `${options.where}: TUF target ${target}`));
    } catch (e) {
      if (e instanceof TrustRootLoadError) throw e;
      throw new TrustRootLoadError(
        'RESOURCE_INVALID',
        `${options.where}: TUF target ${target} is not valid JSON: ${(e as Error).message}`,
      );
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new TrustRootLoadError('RESOURCE_INVALID', `${options.where}: TUF target ${target} is not a JSON object`);
    }
    const deep = depthProblem(doc, `TUF target ${target}`);
    if (deep) throw new TrustRootLoadError('RESOURCE_INVALID', `${options.where}: ${deep}`);
    return parse(
      withRecomputedLogIds(doc as Record<string, unknown>, `${options.where}: TUF target ${target}`),
      options.name,
      `${options.where}: TUF target ${target}`,
    );
  }
  // Only top-level targets are read. A trusted root that a delegated role may hold is an
  // error: falling back to legacy targets would trust keys the repository moved away from.
  // A trusted root named explicitly (not the default) that is absent is a misconfiguration:
  // falling back to legacy targets would silently trust different, undated keys.
  if (options.trustedRootTarget && options.trustedRootTarget !== DEFAULT_TRUSTED_ROOT_TARGET) {
    throw new TrustRootLoadError(
      'TUF_MISSING',
      `${options.where}: trustedRootTarget ${JSON.stringify(target)} is not a target of the TUF repository (targets: ${Object.keys(repo.targets).sort().join(', ') || 'none'})`,
    );
  }
  const roles = repo.delegatedRolesFor(target);
  if (roles.length > 0) {
    throw new TrustRootLoadError(
      'TUF_MISSING',
      `${options.where}: TUF target ${JSON.stringify(target)} is delegated to role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}; delegated targets roles are not supported`,
    );
  }
  const legacy: LegacyTarget[] = [];
  for (const [name, info] of Object.entries(repo.targets)) {
    const usage = legacyUsage(info.custom);
    if (usage === 'fulcio' || usage === 'rekor' || usage === 'ctfe') {
      legacy.push({ name, usage, bytes: await repo.getTarget(name) });
    }
  }
  if (legacy.length === 0) {
    throw new TrustRootLoadError(
      'NO_TRUST_MATERIAL',
      `${options.where}: the TUF repository has no ${target} target and no targets with custom sigstore.usage Fulcio, Rekor or CTFE`,
    );
  }
  return parse(legacyTrustedRootJson(legacy), options.name, `${options.where}: legacy sigstore.usage targets`);
}

function parse(doc: Record<string, unknown>, name: string, where: string): TrustRoot {
  try {
    return parseTrustedRoot(doc, { name });
  } catch (e) {
    if (e instanceof TrustRootError) {
      throw new TrustRootLoadError('RESOURCE_INVALID', `${where}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
