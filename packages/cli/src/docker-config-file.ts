// The Docker config.json on disk for `--registry-auth` (the parsing, credential helpers and
// lookup order are @sigguard/oci/node's): an unreadable or malformed file is a usage error naming it.
import { existsSync, readFileSync } from 'node:fs';
import { OciError } from '@sigguard/oci';
import { defaultDockerConfigPath, parseDockerConfig, type DockerConfig } from '@sigguard/oci/node';
import { describeFileError, UsageError } from './io.ts';

/** Reads a Docker config.json; a file that is not one is an input error naming it. */
export function readDockerConfig(path: string): DockerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: not a readable Docker config.json: ${describeFileError(e)}`);
  }
  try {
    return parseDockerConfig(text, path);
  } catch (e) {
    if (e instanceof OciError && e.code === 'CONFIG_INVALID') throw new UsageError(e.message);
    throw e;
  }
}

/** The default config when it exists; none when it does not (anonymous access, like docker). */
export function readDefaultDockerConfig(
  env: Record<string, string | undefined> = process.env,
): DockerConfig | undefined {
  const path = defaultDockerConfigPath(env);
  return existsSync(path) ? readDockerConfig(path) : undefined;
}
