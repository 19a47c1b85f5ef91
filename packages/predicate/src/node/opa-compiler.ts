// Compiles inline Rego source (as a ClusterImagePolicy carries it) with an `opa` binary:
// `opa build -t wasm -e sigstore/isCompliant`, with --v0-compatible on OPA 1.x since
// policy-controller's policies are Rego v0. Results are cached by the sha256 of the source.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
// Through the package name, so the ./node build shares the main entry's classes (instanceof).
import { PredicateError, REGO_ENTRYPOINT, type RegoCompiler } from '@sigguard/predicate';

export interface OpaCompilerOptions {
  /** The `opa` executable; default: `opa` found on PATH. */
  opaPath?: string;
  /** Environment for the child process (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Budget for one `opa` run. */
  timeoutMs?: number;
}

export const PRECOMPILE_HINT =
  'precompile the policy with `opa build -t wasm -e sigstore/isCompliant --v0-compatible -o bundle.tar.gz policy.rego` ' +
  '(omit --v0-compatible for OPA 0.x) and pass the bundle.tar.gz or policy.wasm instead';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: OpaCompilerOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new PredicateError(
              'ENGINE_UNAVAILABLE',
              `no \`opa\` executable found (${file}) to compile inline Rego; ${PRECOMPILE_HINT}`,
            ),
          );
          return;
        }
        if (err && (err as NodeJS.ErrnoException).code === 'EACCES') {
          reject(new PredicateError('ENGINE_UNAVAILABLE', `\`${file}\` is not executable; ${PRECOMPILE_HINT}`));
          return;
        }
        if (err && (err as { killed?: boolean }).killed) {
          reject(
            new PredicateError(
              'TIMEOUT',
              `\`${file} ${args[0]}\` did not finish within ${options.timeoutMs ?? 60_000} ms`,
            ),
          );
          return;
        }
        const code = err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Major version from `opa version` output ("Version: 1.12.3"), or undefined. */
export function opaMajorVersion(versionOutput: string): number | undefined {
  const m = /^Version:\s*v?(\d+)\./m.exec(versionOutput);
  return m ? Number(m[1]) : undefined;
}

export function opaCompiler(options: OpaCompilerOptions = {}): RegoCompiler {
  const opa = options.opaPath ?? 'opa';
  const cache = new Map<string, Promise<Uint8Array>>();
  let buildArgs: Promise<string[]> | undefined;

  const argsForThisOpa = async (): Promise<string[]> => {
    const version = await run(opa, ['version'], options);
    if (version.code !== 0) {
      throw new PredicateError(
        'ENGINE_UNAVAILABLE',
        `\`${opa} version\` failed (exit ${version.code}): ${version.stderr.trim() || version.stdout.trim()}; ${PRECOMPILE_HINT}`,
      );
    }
    const major = opaMajorVersion(version.stdout);
    return [
      'build',
      '-t',
      'wasm',
      '-e',
      REGO_ENTRYPOINT,
      ...(major !== undefined && major >= 1 ? ['--v0-compatible'] : []),
    ];
  };

  const compile = async (source: string): Promise<Uint8Array> => {
    buildArgs ??= argsForThisOpa().catch((e) => {
      buildArgs = undefined;
      throw e;
    });
    const args = await buildArgs;
    const dir = await mkdtemp(join(tmpdir(), 'sigguard-opa-'));
    try {
      const policyFile = join(dir, 'policy.rego');
      const bundleFile = join(dir, 'bundle.tar.gz');
      await writeFile(policyFile, source);
      const result = await run(opa, [...args, '-o', bundleFile, policyFile], options);
      if (result.code !== 0) {
        throw new PredicateError(
          'PREDICATE_POLICY_INVALID',
          `\`opa build\` failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim() || 'no output'}`,
        );
      }
      try {
        return new Uint8Array(await readFile(bundleFile));
      } catch {
        throw new PredicateError('ENGINE_FAILURE', `\`opa build\` exited 0 but wrote no ${bundleFile}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  return async (source: string) => {
    const key = createHash('sha256').update(source).digest('hex');
    let hit = cache.get(key);
    if (!hit) {
      hit = compile(source);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key)); // failures are not cached
    }
    return hit;
  };
}
