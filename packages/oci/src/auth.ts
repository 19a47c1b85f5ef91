import { OciError } from './errors.ts';
import { readLimited, request, type HttpOptions } from './http.ts';

/** Credentials for one registry: username/password (basic, or exchanged for a bearer token) or a ready token. */
export type RegistryCredential = { username: string; password: string } | { token: string };

/** Per-registry credentials (keyed by registry host as written in references, e.g. `ghcr.io`, `index.docker.io`). */
export type CredentialProvider = (registry: string) => RegistryCredential | undefined;

export interface Challenge {
  scheme: string; // lower case: 'bearer' | 'basic' | ...
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate: Bearer realm="...",service="...",scope="..."`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)) !== null) {
    if (p[0] === '') break;
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function basicHeader(cred: { username: string; password: string }): string {
  return `Basic ${base64(`${cred.username}:${cred.password}`)}`;
}

/**
 * Docker token flow: GET realm?service=..&scope=.. (with basic credentials when given) and
 * read `token` or `access_token`.
 */
export async function fetchBearerToken(
  http: HttpOptions,
  challenge: Challenge,
  scope: string,
  cred: RegistryCredential | undefined,
  registryIsPlainHttp = false,
): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new OciError('UNAUTHORIZED', 'bearer challenge has no realm');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new OciError('UNAUTHORIZED', `bearer challenge realm '${realm}' is not a URL`);
  }
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', challenge.params.scope && !scope ? challenge.params.scope : scope);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (cred && 'username' in cred) {
    // The realm comes from the registry's answer: never let it pull a password off TLS.
    if (url.protocol !== 'https:' && !registryIsPlainHttp) {
      throw new OciError(
        'UNAUTHORIZED',
        `bearer challenge realm ${url.origin} is not https: refusing to send credentials for a TLS registry over plain HTTP`,
      );
    }
    headers.Authorization = basicHeader(cred);
  }
  if (cred && 'token' in cred) return cred.token;
  const { res } = await request(http, url.toString(), { headers });
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel().catch(() => {});
    throw new OciError(
      'UNAUTHORIZED',
      `token service ${url.origin} refused ${cred ? 'the credentials' : 'anonymous access'} (HTTP ${res.status})`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new OciError('REGISTRY', `token service ${url.origin} answered HTTP ${res.status}`);
  }
  const body = await readLimited(res, 1 << 20, 'token response');
  let doc: { token?: unknown; access_token?: unknown };
  try {
    doc = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new OciError('REGISTRY', `token service ${url.origin} returned non-JSON`);
  }
  const token = typeof doc.token === 'string' ? doc.token : doc.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new OciError('REGISTRY', `token service ${url.origin} returned no token`);
  }
  return token;
}
