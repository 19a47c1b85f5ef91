// Registry credentials found the way docker, cosign and crane find them: the Docker config file
// ($DOCKER_CONFIG/config.json, else ~/.docker/config.json) with, per registry host, its
// `credHelpers` entry, else its `credsStore`, else its `auths` entry; a helper is the program
// `docker-credential-<name>`, run as `get` with the server address on stdin (the
// docker-credential-helpers protocol), bounded in time and output. Node only (`@sigguard/oci/node`):
// reading the file is the caller's (the CLI names unreadable files in its own words).
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CredentialProvider, RegistryCredential } from './auth.ts';
import { OciError } from './errors.ts';
import { DOCKER_HUB } from './reference.ts';

const HELPER_TIMEOUT_MS = 10_000;
const HELPER_MAX_OUTPUT = 64 * 1024;
// Docker keeps Docker Hub's credentials under its v1 address; other registries under their host.
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfig {
  /** Where it was read from (for messages). */
  path: string;
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json` (docker's and cosign's default). */
export function defaultDockerConfigPath(env: Record<string, string | undefined> = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), '.docker'), 'config.json');
}

/**
 * A config key as the host it names (Docker's `https://index.docker.io/v1/` is index.docker.io).
 * No other aliasing, as go-containerregistry's keychain: a `registry-1.docker.io/x` reference
 * looks up `registry-1.docker.io`, and references never name `docker.io` once parsed.
 */
export function normaliseRegistryHost(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

function byHost<T>(record: unknown, what: string, path: string): Record<string, T> {
  if (record === undefined) return {};
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    throw invalidConfig(`${path}: "${what}" must be an object`);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [normaliseRegistryHost(k), v as T]));
}

const invalidConfig = (message: string) => new OciError('CONFIG_INVALID', message);

/** Parses the text of a Docker config.json read from `path`; text that is not one is CONFIG_INVALID naming it. */
export function parseDockerConfig(text: string, path: string): DockerConfig {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw invalidConfig(`${path}: not a readable Docker config.json: ${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw invalidConfig(`${path}: not a Docker config.json (not a JSON object)`);
  const credsStore = doc.credsStore;
  if (credsStore !== undefined && typeof credsStore !== 'string')
    throw invalidConfig(`${path}: "credsStore" must be a string`);
  return {
    path,
    auths: byHost<AuthEntry>(doc.auths, 'auths', path),
    credHelpers: byHost<string>(doc.credHelpers, 'credHelpers', path),
    ...(credsStore ? { credsStore } : {}),
  };
}

function fromAuthEntry(a: AuthEntry | undefined): RegistryCredential | undefined {
  if (!a) return undefined;
  if (a.identitytoken) return { token: a.identitytoken };
  if (a.username && a.password) return { username: a.username, password: a.password };
  if (a.auth) {
    const decoded = Buffer.from(a.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return undefined;
}

/**
 * Runs `docker-credential-<helper> get` for `host`. No credentials stored for the host is
 * anonymous access (as docker treats it); any other failure is an error naming the helper.
 */
export function runCredentialHelper(
  helper: string,
  host: string,
  options: { timeoutMs?: number } = {},
): RegistryCredential | undefined {
  const program = `docker-credential-${helper}`;
  const server = host === DOCKER_HUB ? DOCKER_HUB_SERVER : host;
  const timeout = options.timeoutMs ?? HELPER_TIMEOUT_MS;
  const r = spawnSync(program, ['get'], {
    input: server,
    encoding: 'utf8',
    timeout,
    maxBuffer: HELPER_MAX_OUTPUT,
    killSignal: 'SIGKILL',
  });
  const fail = (why: string) => new OciError('UNAUTHORIZED', `credential helper ${program} for ${host}: ${why}`);
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail('not found on PATH');
    if (code === 'ETIMEDOUT') throw fail(`no answer within ${timeout / 1000} s`);
    if (code === 'ENOBUFS') throw fail(`answered more than ${HELPER_MAX_OUTPUT} bytes`);
    throw fail(r.error.message);
  }
  if (r.status !== 0) {
    const said = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    // docker-credential-helpers' errCredentialsNotFound message.
    if (/credentials not found/i.test(said)) return undefined;
    throw fail(`exit ${r.status ?? r.signal}: ${said.slice(0, 300) || '(no message)'}`);
  }
  let doc: { Username?: unknown; Secret?: unknown };
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    throw fail('did not answer JSON');
  }
  if (typeof doc.Secret !== 'string' || doc.Secret === '') throw fail('answered no Secret');
  // docker-credential-helpers: the user name <token> marks an identity token.
  if (doc.Username === '<token>') return { token: doc.Secret };
  if (typeof doc.Username !== 'string' || doc.Username === '') throw fail('answered no Username');
  return { username: doc.Username, password: doc.Secret };
}

/**
 * Credentials per host from `explicit` (--registry-auth HOST=USER:PASSWORD) first, then the
 * Docker config: its credHelpers entry for the host, else its credsStore, else its auths entry.
 * Helpers run once per host.
 */
export function dockerCredentialProvider(
  config: DockerConfig | undefined,
  explicit: Record<string, RegistryCredential> = {},
  runHelper: typeof runCredentialHelper = runCredentialHelper,
): CredentialProvider {
  const cache = new Map<string, RegistryCredential | undefined>();
  return (registry) => {
    const host = normaliseRegistryHost(registry);
    if (explicit[host]) return explicit[host];
    if (!config) return undefined;
    if (!cache.has(host)) {
      const helper = config.credHelpers[host] ?? config.credsStore;
      cache.set(host, helper ? runHelper(helper, host) : fromAuthEntry(config.auths[host]));
    }
    return cache.get(host);
  };
}
