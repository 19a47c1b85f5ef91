// Which policies apply to an image (ImagePolicyConfig.GetMatchingPolicies): `spec.match`
// against the resource, then any `images[].glob` against the normalised reference.
import { matchGlobText } from './glob.ts';
import { errorMessage } from './messages.ts';
import type { ImageRef } from './reference.ts';
import type { ClusterImagePolicy, LabelSelector, MatchResource } from './types.ts';

/** The top-level Kubernetes object an image comes from (what `kubectl get -o yaml` shows). */
export interface ResourceInfo {
  apiVersion?: string;
  kind?: string;
  metadata?: { labels?: Record<string, string>; [key: string]: unknown };
  spec?: unknown;
}

export interface Selection {
  matched: ClusterImagePolicy[];
  /** Policies whose globs could not be evaluated: they count as failing. */
  errors: { policy: string; message: string }[];
  warnings: string[];
}

/** Policies with the fields selection needs (compiled policy-controller configs fit too). */
type Selectable = Pick<ClusterImagePolicy, 'name' | 'images' | 'match'>;

/**
 * GetMatchingPolicies(image, ...): each glob is matched with glob.Match, which tries the
 * parsed `ref.Name()` and then the string itself. At admission policy-controller's validator
 * passes `ref.Name()` of the container image, so for an ImageRef only its `name` is the
 * subject and the raw-string fallback never fires (`localhost/**` does not match the Docker
 * Hub name `index.docker.io/localhost/app:latest`). A plain string is passed as given, as
 * upstream's own GetMatchingPolicies tests do.
 */
export function selectPolicies<P extends Selectable>(
  image: ImageRef | string,
  policies: readonly P[],
  resource: ResourceInfo | undefined,
): { matched: P[]; errors: Selection['errors']; warnings: string[] } {
  const subject = typeof image === 'string' ? image : image.name;
  const matched: P[] = [];
  const errors: Selection['errors'] = [];
  const warnings: string[] = [];
  for (const policy of policies) {
    try {
      const match = policy.match ?? [];
      if (match.length > 0) {
        if (!resource) {
          // Without the resource we cannot rule the policy out; applying it is the safe side.
          warnings.push(
            `policy ${policy.name} has spec.match but no resource was given: applied to every resource kind`,
          );
        } else if (!resource.kind || !resource.apiVersion) {
          // Same when the resource does not say what it is: skipping would drop the policy.
          warnings.push(
            `policy ${policy.name} has spec.match but the resource has no kind/apiVersion: applied to every resource kind`,
          );
        } else if (!match.some((m) => matchesResource(m, resource))) {
          continue;
        }
      }
      const hit = policy.images.some(({ glob }) => matchGlobText(glob, subject));
      if (hit) matched.push(policy);
    } catch (e) {
      // A malformed policy (e.g. built by hand, not parsed) counts as matching and failing.
      errors.push({ policy: String(policy?.name), message: errorMessage(e) });
    }
  }
  return { matched, errors, warnings };
}

/** meta.UnsafeGuessKindToResource: lower-case plural of the kind. */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === '') return '';
  if (lower.endsWith('s')) return `${lower}es`;
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

function matchesResource(m: MatchResource, resource: ResourceInfo): boolean {
  const apiVersion = resource.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  if (m.resource !== guessResource(resource.kind ?? '')) return false;
  if (m.version !== version && m.version !== '*') return false;
  if (m.group !== group) return false;
  return !m.selector || matchesSelector(m.selector, resource.metadata?.labels ?? {});
}

/** Kubernetes label selector semantics (matchLabels AND matchExpressions). */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && e.values.includes(value as string))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(value as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
